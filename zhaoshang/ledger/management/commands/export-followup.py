from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhaoshang.ledger.followsheets import export_bytes
from zhaoshang.org.cli import zone_argument


class Command(BaseCommand):
    help = (
        "导出履约承诺和要素保障事项(一个 .xlsx,各占一个工作表)。 / Export the zone's "
        "commitments and after-care tickets as one workbook, a sheet each."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="开发区代码 / zone code")
        parser.add_argument("-o", "--output", required=True, help="输出文件 / output file (.xlsx)")

    def handle(self, *args, zone: str, output: str, **options):
        content = export_bytes(zone=zone_argument(zone), viewer=None)
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(
                _("无法写入文件“%(file)s”:%(error)s") % {"file": output, "error": exc.strerror}
            ) from exc
