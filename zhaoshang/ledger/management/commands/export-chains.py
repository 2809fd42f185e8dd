from zhaoshang.ledger.chain_sheets import export_chains
from zhaoshang.ledger.sheet_commands import SheetExportCommand


class Command(SheetExportCommand):
    help = (
        "导出产业链定义(节点、节点关系、节点企业,一个 .xlsx)。 / Export the zone's industry chain "
        "definitions (nodes, links, enterprises) as one workbook."
    )

    def export(self, zone):
        return export_chains(zone=zone)
