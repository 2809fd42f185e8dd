"""The export-/import- commands of the workbooks beside the ledger (the team's work, follow-up,
chains): the same arguments, the same refusals, each with its own sheets and summary line."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhaoshang.ledger.reader import LedgerFileError
from zhaoshang.org.cli import zone_argument
from zhaoshang.org.models import User, Zone


class SheetExportCommand(BaseCommand):
    def export(self, zone: Zone) -> bytes:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="开发区代码 / zone code")
        parser.add_argument("-o", "--output", required=True, help="输出文件 / output file (.xlsx)")

    def handle(self, *args, zone: str, output: str, **options):
        content = self.export(zone_argument(zone))
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(
                _("无法写入文件“%(file)s”:%(error)s") % {"file": output, "error": exc.strerror}
            ) from exc


class SheetImportCommand(BaseCommand):
    # import_…(content, filename, *, zone, actor, dry_run) -> a result with .errors
    importer: Callable

    def summary(self, result) -> str:
        raise NotImplementedError

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
            result = type(self).importer(
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
        self.stdout.write(self.summary(result))
