"""A colleague at work while the backup runs: creates projects through the services, one
transaction each (the project, its stage log, its change-log row, the zone's data stamp), until
the stop file appears; after each it writes how many it has made to the progress file.

Run as a script by tests/security/test_backup.py, with DATABASE_URL naming the database.
"""

import datetime as dt
import os
import sys
from decimal import Decimal
from pathlib import Path


def main(stop_file: Path, progress_file: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    import django

    django.setup()
    from zhaoshang.companies.services import get_or_create_company
    from zhaoshang.org.services import create_zone
    from zhaoshang.projects.models import AgreementType, Stage
    from zhaoshang.projects.services import create_project

    today = dt.date(2026, 5, 31)
    zone = create_zone(code="backup", name="备份演练开发区")
    made = 0
    while not stop_file.exists():
        made += 1
        company = get_or_create_company(zone=zone, actor=None, name=f"写入中的客商{made % 7}")
        create_project(
            zone=zone,
            actor=None,
            code=f"BK-{made:06d}",
            name=f"备份期间新建的项目{made}",
            company=company,
            total_investment_wan=Decimal(1000 + made),
            agreement_type=AgreementType.CONTRACT,
            milestones={Stage.LEAD: dt.date(2026, 1, 1), Stage.SIGNED: dt.date(2026, 3, 1)},
            today=today,
        )
        progress_file.write_text(str(made))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
