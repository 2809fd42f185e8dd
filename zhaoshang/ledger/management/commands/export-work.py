from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhaoshang.core.files import replaced_atomically
from zhaoshang.ledger.work import export_work
from zhaoshang.org.cli import zone_argument


class Command(BaseCommand):
    help = (
        "导出招商活动、外出招商和会展活动(.xlsx,各一个工作表);导出的文件可直接重新导入。"
        " / Export activities, trips and events (.xlsx, a sheet each); re-importing it changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="开发区代码 / zone code")
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件")

    def handle(self, *args, zone: str, output: str, **options):
        target = zone_argument(zone)
        try:
            with replaced_atomically(Path(output)) as out:
                counts = export_work(out, zone=target)
        except OSError as exc:
            raise CommandError(
                _("无法写入文件“%(file)s”:%(error)s") % {"file": output, "error": exc.strerror}
            ) from exc
        self.stdout.write(
            _("已导出:%(counts)s → %(file)s")
            % {"counts": ",".join(f"{k} {v}" for k, v in counts.items()), "file": output}
        )
