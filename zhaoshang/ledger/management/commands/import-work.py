from django.utils.translation import gettext as _

from zhaoshang.ledger.sheet_commands import SheetImportCommand
from zhaoshang.ledger.worksheets import import_work


class Command(SheetImportCommand):
    help = (
        "导入招商活动记录、外出招商、推介会和招商活动:全部校验通过才写入,有错误则逐条列出并以状态 1 "
        "退出。 / Import activities, trips and events: all rows or none; every error listed with "
        "exit status 1."
    )
    importer = import_work

    def summary(self, result) -> str:
        return _("新增 活动 %(a)s / 外出招商 %(t)s / 招商活动 %(e)s;未变 %(u)s") % {
            "a": result.created["activities"],
            "t": result.created["trips"],
            "e": result.created["events"],
            "u": sum(result.unchanged.values()),
        }
