from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhaoshang.core.cli import DataCommand, command_error, date_argument
from zhaoshang.core.files import replaced_atomically
from zhaoshang.org.cli import zone_argument
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.reports.writers import FORMATS


class Command(DataCommand):
    help = (
        "招商引资工作简报。 / The written briefing of a zone （or the roll-up of "
        "several) for a period, as of a date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--zone",
            "--zones",
            dest="zones",
            required=True,
            help="开发区代码；多个用逗号分隔时汇总 / zone code， or several separated by commas "
            "for the roll-up",
        )
        parser.add_argument(
            "--as-of", required=True, type=date_argument, help="截止日期 YYYY-MM-DD"
        )
        parser.add_argument(
            "--from", dest="period_from", type=date_argument, help="起始日期（默认当年1月1日）"
        )
        parser.add_argument(
            "--format",
            dest="output_format",
            choices=list(FORMATS),
            help="md|html|docx|xlsx|pdf（默认按 -o 的扩展名，否则 md）",
        )
        parser.add_argument(
            "-o", "--output", help="输出文件；md、html 可省略（输出到标准输出） / output file"
        )

    def handle(self, *args, zones, as_of, period_from, output_format, output, **options):
        output_format = output_format or _format_of(output)
        kind = FORMATS[output_format]
        if kind.binary and not output:
            raise CommandError(
                _("%(format)s 格式须用 -o 指定输出文件。") % {"format": output_format}
            )
        codes = list(dict.fromkeys(code.strip() for code in zones.split(",") if code.strip()))
        if not codes:
            raise CommandError(_("请用 --zone 指定开发区代码。"))
        found = [zone_argument(code) for code in codes]
        try:
            briefing = build_briefing(
                zones=found, as_of=as_of, period_from=period_from, complete=kind.complete
            )
        except ValidationError as exc:
            raise command_error(exc) from exc
        data = kind.write(briefing)
        if output:
            _write_atomically(Path(output), data)
        else:
            self.stdout.write(data.decode(), ending="")


def _format_of(output: str | None) -> str:
    if output:
        suffix = Path(output).suffix.lower().lstrip(".")
        if suffix in FORMATS:
            return suffix
        if suffix == "markdown":
            return "md"
        if suffix == "htm":
            return "html"
    return "md"


def _write_atomically(path: Path, data: bytes) -> None:
    """The whole file or nothing, with the mode the user's umask gives any new file."""
    try:
        with replaced_atomically(path) as out:
            out.write(data)
    except OSError as exc:
        raise CommandError(
            _("无法写入文件“%(path)s”：%(error)s") % {"path": path, "error": exc.strerror}
        ) from exc
