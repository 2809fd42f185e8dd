from django.utils.translation import gettext as _

from zhaoshang.ledger.chain_sheets import import_chains
from zhaoshang.ledger.sheet_commands import SheetImportCommand


class Command(SheetImportCommand):
    help = (
        "导入产业链定义:全部校验通过才写入,有错误则逐条列出并以状态 1 退出。 / Import industry "
        "chain definitions: all rows or none; every error listed with exit status 1."
    )
    importer = import_chains

    def summary(self, result) -> str:
        return _("新增 节点 %(n)s / 关系 %(l)s / 节点企业 %(e)s;未变 %(u)s") % {
            "n": result.created["nodes"],
            "l": result.created["links"],
            "e": result.created["enterprises"],
            "u": sum(result.unchanged.values()),
        }
