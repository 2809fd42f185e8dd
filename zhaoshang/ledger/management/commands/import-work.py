from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhaoshang.core.cli import date_argument
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.ledger.limits import file_too_big
from zhaoshang.ledger.reader import LedgerFileError
from zhaoshang.ledger.work import import_work, preview_lines
from zhaoshang.org.cli import zone_argument
from zhaoshang.org.models import User


class Command(BaseCommand):
    help = (
        "导入招商活动、外出招商和会展活动(.xlsx,工作表“招商活动”“外出招商”“会展活动”):全部校验通过"
        "才写入,有任何错误则逐条列出(工作表、行、列、值、原因)并以状态 1 退出,不写入任何数据。"
        " / Import activities, trips and events (one sheet each): all rows or none; every error "
        "is listed (sheet, row, column, value, message) with exit status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="工作簿 / workbook")
        parser.add_argument("--zone", required=True, help="开发区代码 / zone code")
        parser.add_argument(
            "--dry-run", action="store_true", help="只校验并预览,不写入 / validate and preview only"
        )
        parser.add_argument(
            "--user", help="以该用户身份导入,按其权限校验(默认:系统)/ import as this user"
        )
        parser.add_argument(
            "--today", type=date_argument, help="按此日期校验“不晚于今天”/ the day taken as today"
        )

    def handle(self, *args, file: str, zone: str, dry_run: bool, **options):
        target = zone_argument(zone)
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("用户“%(user)s”不存在。") % {"user": options["user"]})
        path = Path(file)
        try:
            size = path.stat().st_size
            if size > settings.LEDGER_MAX_FILE_BYTES:
                raise CommandError(file_too_big(size, settings.LEDGER_MAX_FILE_BYTES))
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("无法读取文件“%(file)s”:%(error)s") % {"file": file, "error": exc.strerror}
            ) from exc
        try:
            result = import_work(
                zone=target,
                actor=actor,
                content=content,
                filename=path.name,
                dry_run=dry_run,
                today=options["today"] or shanghai_today(),
            )
        except (PermissionDenied, LedgerFileError) as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for error in result.errors:
                self.stdout.write(error.line())
            raise CommandError(
                _("共 %(count)s 处错误,未写入任何数据。") % {"count": len(result.errors)},
                returncode=1,
            )
        for line in preview_lines(result) or [_("文件中没有数据行。")]:
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(_("预览:未写入任何数据。"))
