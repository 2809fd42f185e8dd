import json

from django.core.exceptions import ValidationError

from zhaoshang.core.amounts import format_wan
from zhaoshang.core.cli import DataCommand, command_error, date_argument
from zhaoshang.org.cli import zone_argument
from zhaoshang.stats.selectors import KEYS, LABELS, zone_figures


class Command(DataCommand):
    help = "统计口径下的各项指标。 / The figures of a zone for a period, as of a date."

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="开发区代码 / zone code")
        parser.add_argument(
            "--as-of", required=True, type=date_argument, help="截止日期 YYYY-MM-DD"
        )
        parser.add_argument(
            "--from", dest="period_from", type=date_argument, help="起始日期(默认当年1月1日)"
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")

    def handle(self, *args, zone, as_of, period_from, json: bool, **options):
        try:
            figures = zone_figures(zone=zone_argument(zone), as_of=as_of, period_from=period_from)
        except ValidationError as exc:
            raise command_error(exc) from exc
        if json:
            self.stdout.write(_dumps(figures.as_json()))
            return
        self.stdout.write(f"{figures.zone} {figures.period_from} — {figures.as_of}")
        for key in KEYS:
            figure = figures[key]
            self.stdout.write(f"  {LABELS[key]}: {figure.count} · {format_wan(figure.amount_wan)}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
