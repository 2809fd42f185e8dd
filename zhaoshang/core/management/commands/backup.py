from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhaoshang.core.backup import BackupError, backup


class Command(BaseCommand):
    requires_system_checks = []  # a backup or a restore must not wait on an unrelated warning
    help = (
        "把数据库备份到文件:SQLite 用在线备份(写入照常进行,备份是某一时刻的完整快照),"
        "PostgreSQL 用 pg_dump 自定义格式。 / Back the database up to FILE: a consistent "
        "snapshot while writes go on (SQLite online backup; PostgreSQL pg_dump -Fc)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="备份文件 / backup file")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = path.stat().st_size
        self.stdout.write(
            _("已备份到 %(file)s(%(size)s 字节)。") % {"file": file, "size": f"{size:,}"}
        )
