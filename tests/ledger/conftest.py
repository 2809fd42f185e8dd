"""A zone with a few projects to import over, and helpers to run imports on "today"."""

from decimal import Decimal

import pytest

from tests.factories import TODAY, d
from zhaoshang.companies.models import Company
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.core.models import ChangeLog
from zhaoshang.ledger.services import import_ledger
from zhaoshang.org.models import Industry, Park, Region, Unit, Zone
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, FundsArrived, Project, Stage, StageLog

STANLEY_USCC = "91371300705847213T"  # check digit valid (GB 32100)
OTHER_USCC = "91110000101234567H"
THIRD_USCC = "913100006072008112"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Pages and tasks take "today" from the clock; pin it so the tests pass on any day."""
    monkeypatch.setattr("zhaoshang.ledger.services.shanghai_today", lambda: TODAY)


@pytest.fixture
def existing(zone, refs):
    """P-1 signed (招商一组, 史丹利 with its USCC, 临沂), P-2 signed (招商二组), P-3 a lead (一组)."""
    stanley = get_or_create_company(
        zone=zone,
        actor=None,
        name="史丹利化肥股份有限公司",
        uscc=STANLEY_USCC,
        region=Region.objects.get(name="临沂市"),
    )
    lease = get_or_create_company(zone=zone, actor=None, name="华鲁国际融资租赁有限公司")

    def make(code, name, unit, company=None, amount=None, **dates):
        return services.create_project(
            zone=zone,
            actor=None,
            code=code,
            name=name,
            unit=refs[unit],
            company=company,
            industry=refs["chem"],
            total_investment_wan=Decimal(amount) if amount else None,
            agreement_type=AgreementType.CONTRACT if "signed" in dates else "",
            milestones={Stage(k): d(v) for k, v in dates.items()},
            today=TODAY,
        )

    return {
        "fert": make(
            "P-1",
            "水溶性复合肥项目",
            "group1",
            stanley,
            "120000",
            negotiating="2026-01-10",
            signed="2026-05-18",
        ),
        "lease": make("P-2", "化工设备融资租赁项目", "group2", lease, "60000", signed="2026-05-18"),
        "lead": make("P-3", "船用电机项目", "group1", None, None, lead="2026-03-01"),
        "stanley": stanley,
        "lease_company": lease,
    }


def run(content: bytes, filename: str = "台账.xlsx", *, zone, actor=None, **options):
    return import_ledger(
        zone=zone, actor=actor, content=content, filename=filename, today=TODAY, **options
    )


def database_state(zone) -> dict:
    """Everything an import may write, to compare before and after."""
    zone = Zone.objects.get(pk=zone.pk)
    return {
        "stamp": zone.data_changed_at,
        "projects": sorted(
            Project.objects.filter(zone=zone).values_list(
                "code",
                "name",
                "company_id",
                "unit_id",
                "total_investment_wan",
                "signed_date",
                "started_date",
                "note",
                "version",
            )
        ),
        "companies": sorted(
            Company.objects.filter(zone=zone).values_list("name", "uscc", "region_id", "version")
        ),
        "industries": Industry.objects.filter(zone=zone).count(),
        "parks": Park.objects.filter(zone=zone).count(),
        "units": Unit.objects.filter(zone=zone).count(),
        "stage_log": StageLog.objects.count(),
        "change_log": ChangeLog.objects.count(),
        "funds": FundsArrived.objects.count(),
    }
