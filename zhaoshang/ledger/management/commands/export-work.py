from zhaoshang.ledger.sheet_commands import SheetExportCommand
from zhaoshang.ledger.worksheets import export_bytes


class Command(SheetExportCommand):
    help = (
        "导出招商活动记录、外出招商、推介会和招商活动(一个 .xlsx,各占一个工作表)。 / Export the "
        "zone's activities, trips and events as one workbook, a sheet each."
    )

    def export(self, zone):
        return export_bytes(zone=zone, viewer=None)
