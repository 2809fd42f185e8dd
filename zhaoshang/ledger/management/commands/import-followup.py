from zhaoshang.ledger.followsheets import import_followup, summary
from zhaoshang.ledger.sheet_commands import SheetImportCommand


class Command(SheetImportCommand):
    help = (
        "导入履约承诺和要素保障事项:全部校验通过才写入,有错误则逐条列出并以状态 1 退出。 / "
        "Import commitments and after-care tickets: all rows or none; every error listed with "
        "exit status 1."
    )
    importer = import_followup

    def summary(self, result) -> str:
        return summary(result)
