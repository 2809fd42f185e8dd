from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhaoshang.core.cli import DataCommand, date_argument
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.ledger.limits import file_too_big
from zhaoshang.ledger.progress import ProgressBar
from zhaoshang.ledger.services import StalePlan, import_ledger
from zhaoshang.ledger.validation import Plan, RowPlan
from zhaoshang.org.cli import zone_argument
from zhaoshang.org.models import User


class Command(DataCommand):
    help = (
        "导入项目台账(.xlsx/.xls/.ods/.csv):全部校验通过才写入,有任何错误则逐条列出(行、列、值、原因)"
        "并以状态 1 退出,不写入任何数据。 / Import a ledger: all rows or none; every error is listed "
        "(row, column, value, message) with exit status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="台账文件 / ledger file")
        parser.add_argument("--zone", required=True, help="开发区代码 / zone code")
        parser.add_argument(
            "--dry-run", action="store_true", help="只校验并预览,不写入 / validate and preview only"
        )
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="自动新建不存在的产业、园区和责任单位(局长、管理员)/ create missing industries, "
            "parks and units (directors and admins)",
        )
        parser.add_argument(
            "--user",
            help="以该用户身份导入,按其权限校验(默认:系统)/ import as this user, with their "
            "permissions (default: the system)",
        )
        parser.add_argument(
            "--today",
            type=date_argument,
            help="按此日期校验“不晚于今天”(默认今天)/ the day taken as today (default: today)",
        )

    def handle(self, *args, file: str, zone: str, dry_run: bool, create_missing: bool, **options):
        target = zone_argument(zone)
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("用户“%(user)s”不存在。") % {"user": options["user"]})
        today = options["today"] or shanghai_today()  # date_argument refuses a day to come
        path = Path(file)
        try:
            # Refused by its size before it is read into memory.
            size = path.stat().st_size
            if size > settings.LEDGER_MAX_FILE_BYTES:
                raise CommandError(file_too_big(size, settings.LEDGER_MAX_FILE_BYTES))
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("无法读取文件“%(file)s”:%(error)s") % {"file": file, "error": exc.strerror}
            ) from exc
        try:
            plan, _applied = import_ledger(
                zone=target,
                actor=actor,
                content=content,
                filename=path.name,
                today=today,
                create_missing=create_missing,
                dry_run=dry_run,
                progress=ProgressBar(
                    lambda text: self.stderr.write(text, ending=""), tty=self.stderr.isatty()
                ),
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except StalePlan as exc:
            raise CommandError(str(exc)) from exc
        for column in plan.ignored:
            self.stdout.write(_("忽略的列:%(column)s") % {"column": column})
        if not plan.ok:
            for error in plan.errors:
                self.stdout.write(error.line())
            raise CommandError(
                _("共 %(count)s 处错误,未写入任何数据。") % {"count": len(plan.errors)},
                returncode=1,
            )
        if dry_run:
            self._preview(plan)
        self._created(plan)
        if dry_run:
            self.stdout.write(_("预演,未写入:%(summary)s") % {"summary": plan.summary()})
        else:
            self.stdout.write(plan.summary())

    def _preview(self, plan: Plan) -> None:
        for row in plan.rows:
            if row.action == RowPlan.CREATE:
                values = plan.row_values(row)
                self.stdout.write(
                    _("新增 行 %(row)s %(code)s %(name)s")
                    % {"row": row.row, "code": values["项目编号"], "name": values["项目名称"]}
                )
            elif row.action == RowPlan.UPDATE:
                changes = "; ".join(
                    f"{header} {old or _('(空)')} → {new or _('(空)')}"
                    for header, old, new in plan.changes(row)
                )
                values = plan.row_values(row)
                self.stdout.write(
                    _("更新 行 %(row)s %(code)s %(name)s: %(changes)s")
                    % {
                        "row": row.row,
                        "code": values["项目编号"],
                        "name": values["项目名称"],
                        "changes": changes,
                    }
                )

    def _created(self, plan: Plan) -> None:
        from zhaoshang.ledger.columns import BY_KEY

        for kind, names in plan.new_references.items():
            self.stdout.write(
                _("新建%(kind)s:%(names)s")
                % {"kind": BY_KEY[kind].header, "names": "、".join(names)}
            )
        if plan.new_companies:
            self.stdout.write(_("新登记投资方 %(count)s 个") % {"count": len(plan.new_companies)})
        for note in plan.unrecorded_referrers:
            self.stdout.write(_("未记录引荐方:%(line)s") % {"line": note.line()})
