from django.core.exceptions import ValidationError

from zhaoshang.core.cli import DataCommand, command_error
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.demo import data
from zhaoshang.demo.loader import (
    check_demo_year,
    default_demo_year,
    demo_as_of,
    demo_years,
    load_demo,
)
from zhaoshang.org.models import Zone
from zhaoshang.projects.models import Project
from zhaoshang.stats.selectors import LABELS, zone_figures

# The report's five figures, printed after loading so a glance shows the demo is right.
SUMMARY_KEYS = [
    "signed_major",
    "negotiating_major",
    "under_construction_major",
    "started",
    "completed",
]


class Command(DataCommand):
    help = (
        "载入演示开发区 yunhe(运河经济开发区)及其项目和演示账号;可重复运行。"
        " / Load the demo zone yunhe with its projects and demo logins; running it again"
        " changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            help="演示年份(默认:5月31日已过的最近一年) / demo year (default: the latest year"
            " whose 31 May is not in the future)",
        )

    def handle(self, *args, year: int | None, **options):
        today = shanghai_today()
        if year is None:
            year = default_demo_year(today=today)
        try:
            check_demo_year(year, today=today)
            before = _project_count()
            zone = load_demo(year=year)
        except ValidationError as exc:
            raise command_error(exc) from exc
        created = _project_count() - before

        as_of = demo_as_of(year)
        self.stdout.write(
            f"{zone.name}({zone.code}):演示年份 {year},"
            f"项目 {Project.objects.filter(zone=zone).count()} 个(本次新建 {created} 个)。"
        )
        figures = zone_figures(zone=zone, as_of=as_of, breakdowns=False, today=today, codes=False)
        self.stdout.write(f"{as_of.year}年1月1日至{as_of.month}月{as_of.day}日:")
        for key in SUMMARY_KEYS:
            self.stdout.write(f"  {LABELS[key]} {figures[key].count} 个")
        others = sorted(demo_years(zone) - {year})
        if others:
            self.stderr.write(
                self.style.WARNING(
                    f"注意:本开发区还有 {'、'.join(map(str, others))} 年的演示数据,"
                    "统计数字会与报道不一致。 / The zone also holds the demo of "
                    f"{', '.join(map(str, others))}: its figures will differ from the report's."
                )
            )

        self.stdout.write(f"演示账号(密码均为 {data.PASSWORD}) / demo logins:")
        for user in data.USERS:
            self.stdout.write(f"  {user.username:<12} {user.description}")


def _project_count() -> int:
    return Project.objects.filter(zone__in=Zone.objects.filter(code=data.ZONE_CODE)).count()
