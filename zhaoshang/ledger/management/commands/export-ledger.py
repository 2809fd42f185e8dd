from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhaoshang.ledger.selectors import export_ledger
from zhaoshang.org.cli import zone_argument
from zhaoshang.org.models import User


class Command(BaseCommand):
    help = (
        "按台账模板导出项目(.xlsx,或文件名以 .csv 结尾时导出 CSV);导出的文件可直接重新导入。"
        " / Export the ledger in the standard template (.xlsx, or CSV for a .csv name); "
        "re-importing it changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="开发区代码 / zone code")
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件")
        parser.add_argument(
            "--user", help="只导出该用户能看到的项目(默认:全部)/ only what this user may see"
        )

    def handle(self, *args, zone: str, output: str, **options):
        target = zone_argument(zone)
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("用户“%(user)s”不存在。") % {"user": options["user"]})
        path = Path(output)
        as_csv = path.suffix.lower() == ".csv"
        try:
            with path.open("wb") as out:
                count = export_ledger(out, zone=target, user=user, as_csv=as_csv)
        except OSError as exc:
            raise CommandError(
                _("无法写入文件“%(file)s”:%(error)s") % {"file": output, "error": exc.strerror}
            ) from exc
        self.stdout.write(_("已导出 %(count)s 个项目:%(file)s") % {"count": count, "file": output})
