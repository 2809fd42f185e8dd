from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhaoshang.core.cli import DataCommand
from zhaoshang.core.files import replaced_atomically
from zhaoshang.ledger.export import CSV_ENCODINGS, ExportRefused
from zhaoshang.ledger.selectors import export_ledger
from zhaoshang.org.cli import zone_argument
from zhaoshang.org.models import User


class Command(DataCommand):
    help = (
        "按台账模板导出项目(.xlsx,或文件名以 .csv 结尾时导出 CSV:默认 UTF-8 带 BOM,"
        "--encoding gbk 供旧版 Excel、WPS);导出的文件可直接重新导入。"
        " / Export the ledger in the standard template (.xlsx, or CSV for a .csv name: UTF-8 "
        "with a byte-order mark, or GBK with --encoding gbk for old Excel and WPS versions); "
        "re-importing it changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="开发区代码 / zone code")
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件")
        parser.add_argument(
            "--user", help="只导出该用户能看到的项目(默认:全部)/ only what this user may see"
        )
        parser.add_argument(
            "--encoding",
            choices=list(CSV_ENCODINGS),
            default="utf-8",
            help="CSV 的编码:utf-8(带 BOM,默认)或 gbk;GBK 无法表示的字符使导出被拒绝并列出行和列"
            " / the CSV's encoding: utf-8 (with a BOM, the default) or gbk; a character GBK "
            "cannot hold refuses the export, naming its row and column",
        )

    def handle(self, *args, zone: str, output: str, encoding: str, **options):
        target = zone_argument(zone)
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("用户“%(user)s”不存在。") % {"user": options["user"]})
        path = Path(output)
        as_csv = path.suffix.lower() == ".csv"
        if encoding != "utf-8" and not as_csv:
            raise CommandError(_("--encoding 只用于 CSV 文件(文件名以 .csv 结尾)。"))
        try:
            with replaced_atomically(path) as out:
                count = export_ledger(out, zone=target, user=user, as_csv=as_csv, encoding=encoding)
        except ExportRefused as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(
                _("无法写入文件“%(file)s”:%(error)s") % {"file": output, "error": exc.strerror}
            ) from exc
        self.stdout.write(_("已导出 %(count)s 个项目:%(file)s") % {"count": count, "file": output})
