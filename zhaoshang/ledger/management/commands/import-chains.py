from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhaoshang.ledger.chain_sheets import import_chains
from zhaoshang.ledger.reader import LedgerFileError
from zhaoshang.org.cli import zone_argument
from zhaoshang.org.models import User


class Command(BaseCommand):
    help = (
        "导入产业链定义:全部校验通过才写入,有错误则逐条列出并以状态 1 退出。 / Import industry "
        "chain definitions: all rows or none; every error listed with exit status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="工作簿 / workbook (.xlsx, .xls, .ods)")
        parser.add_argument("--zone", required=True, help="开发区代码 / zone code")
        parser.add_argument("--dry-run", action="store_true", help="只预览 / preview only")
        parser.add_argument(
            "--user", help="以该用户身份导入(默认:系统)/ import as this user (default: the system)"
        )

    def handle(self, *args, file: str, zone: str, dry_run: bool, **options):
        target = zone_argument(zone)
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("用户“%(user)s”不存在。") % {"user": options["user"]})
        try:
            content = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(
                _("无法读取文件“%(file)s”:%(error)s") % {"file": file, "error": exc.strerror}
            ) from exc
        try:
            result = import_chains(
                content, Path(file).name, zone=target, actor=actor, dry_run=dry_run
            )
        except LedgerFileError as exc:
            raise CommandError(exc.message) from exc
        if result.errors:
            for error in result.errors:
                self.stdout.write(str(error))
            raise CommandError(
                _("共 %(count)s 处错误,未写入任何数据。") % {"count": len(result.errors)}
            )
        self.stdout.write(
            _("新增 节点 %(n)s / 关系 %(l)s / 节点企业 %(e)s;未变 %(u)s")
            % {
                "n": result.created["nodes"],
                "l": result.created["links"],
                "e": result.created["enterprises"],
                "u": sum(result.unchanged.values()),
            }
        )
