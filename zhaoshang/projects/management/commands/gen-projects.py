import argparse

from django.core.exceptions import ValidationError
from django.db import connection

from zhaoshang.core.cli import DataCommand, command_error, date_argument
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.org.cli import zone_argument
from zhaoshang.projects.generate import generate_projects
from zhaoshang.projects.models import Stage


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数 / not a positive integer")
    return value


class Command(DataCommand):
    help = (
        "生成 N 个模拟项目(按本开发区的编号规则接续编号),用于性能测试;空开发区自动建立产业、园区、"
        "招商组和客商。项目标为模拟数据,像真实项目一样计入统计;已有真实项目的开发区须加 --force。"
        "批量写入,不写变更记录和阶段记录,但每个项目都通过节点规则校验。"
        " / N synthetic projects for benchmarks (numbered by the zone's code scheme). In an "
        "empty zone it creates the industries, parks, units and companies they need. They are "
        "labelled synthetic and count in the figures like any project; a zone with real projects "
        "needs --force. Written in bulk with no change-log or stage-log rows; every project "
        "passes the lifecycle rules."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", metavar="N", type=positive_int, help="项目数 / how many")
        parser.add_argument("--zone", required=True, help="开发区代码 / zone code")
        parser.add_argument("--seed", type=int, default=1, help="随机种子(默认 1)/ random seed")
        parser.add_argument(
            "--today",
            type=date_argument,
            help="日期不晚于此日(默认今天)/ no date after this day (default: today)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="开发区已有真实项目时仍然生成 / generate even where the zone has real projects",
        )
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=5000,
            help="每个事务写入的项目数 / projects per transaction",
        )

    def handle(
        self,
        *args,
        count: int,
        zone: str,
        seed: int,
        today,
        batch_size: int,
        force: bool,
        **options,
    ):
        target = zone_argument(zone)
        today = today or shanghai_today()  # date_argument refuses a day still to come

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done}/{total}")

        try:
            summary = generate_projects(
                zone=target,
                count=count,
                today=today,
                seed=seed,
                batch_size=batch_size,
                force=force,
                progress=progress if options["verbosity"] >= 1 else None,
            )
        except ValidationError as exc:
            raise command_error(exc) from exc
        # Fresh rows have no planner statistics until autovacuum comes by: gathered now, so the
        # first queries over them (the library's indexes, the figures) get the right plans.
        with connection.cursor() as cursor:
            for table in ("projects_project", "projects_fundsarrived", "companies_company"):
                cursor.execute(f"ANALYZE {table}")
        self.stdout.write(
            f"{target.code}: {summary.created} 个项目 / projects "
            f"{summary.first_code} … {summary.last_code}, "
            f"{summary.funds_records} 条到位资金 / funds records, "
            f"客商 / companies {summary.companies_used} (新建 / new {summary.companies_created}), "
            f"{summary.seconds:.1f} s"
        )
        stages = ", ".join(
            f"{stage.label} {summary.stages[stage]}" for stage in Stage if summary.stages[stage]
        )
        self.stdout.write(f"  {stages}; 搁置 / paused {summary.paused}")
