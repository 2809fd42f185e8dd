from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhaoshang.ledger.chain_sheets import export_chains
from zhaoshang.org.cli import zone_argument


class Command(BaseCommand):
    help = (
        "导出产业链定义(节点、节点关系、节点企业,一个 .xlsx)。 / Export the zone's industry chain "
        "definitions (nodes, links, enterprises) as one workbook."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="开发区代码 / zone code")
        parser.add_argument("-o", "--output", required=True, help="输出文件 / output file (.xlsx)")

    def handle(self, *args, zone: str, output: str, **options):
        content = export_chains(zone=zone_argument(zone))
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(
                _("无法写入文件“%(file)s”:%(error)s") % {"file": output, "error": exc.strerror}
            ) from exc
