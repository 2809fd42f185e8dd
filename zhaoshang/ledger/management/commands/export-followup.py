from zhaoshang.ledger.followsheets import export_bytes
from zhaoshang.ledger.sheet_commands import SheetExportCommand


class Command(SheetExportCommand):
    help = (
        "导出履约承诺和要素保障事项(一个 .xlsx,各占一个工作表)。 / Export the zone's "
        "commitments and after-care tickets as one workbook, a sheet each."
    )

    def export(self, zone):
        return export_bytes(zone=zone, viewer=None)
