from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhaoshang.core.backup import BackupError, held_data, restore


class Command(BaseCommand):
    requires_system_checks = []  # a backup or a restore must not wait on an unrelated warning
    help = (
        "用备份文件替换数据库的全部内容;数据库已有数据时须加 --force。 / Replace the "
        "database's whole contents with the backup in FILE; a database holding data needs --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="备份文件 / backup file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="替换已有数据 / replace the data the database holds",
        )

    def handle(self, *args, file: str, force: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("备份文件“%(file)s”不存在。") % {"file": file})
        held = held_data()
        if any(held.values()) and not force:
            raise CommandError(
                _(
                    "数据库中已有数据(%(users)s 个用户、%(changes)s 条变更记录),恢复会替换其全部内容。"
                    "确认替换请加 --force;未作任何改动。"
                )
                % {"users": held.get("users", 0), "changes": held.get("changes", 0)}
            )
        try:
            restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("已从 %(file)s 恢复。备份若来自较早的版本,请再运行 zhaoshang migrate。")
            % {"file": file}
        )
