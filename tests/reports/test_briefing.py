"""The briefing's content: the seed's sentence, year on year, lists, attention, rules, scope."""

import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TODAY, d, make_user
from tests.reports.conftest import NOW
from zhaoshang.companies.models import Company
from zhaoshang.core.amounts import format_wan
from zhaoshang.core.dates import EARLIEST
from zhaoshang.demo.loader import load_demo
from zhaoshang.org.models import Region, Role
from zhaoshang.org.services import create_zone
from zhaoshang.projects import services
from zhaoshang.reports import facts
from zhaoshang.reports.document import Heading, Paragraph, Table
from zhaoshang.reports.facts import LIST_LIMIT
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.reports.text import change_words, period_label
from zhaoshang.stats.selectors import zone_figures
from zhaoshang.stats.services import update_counting_rules

pytestmark = pytest.mark.django_db

DEMO_YEAR = 2024
SEED_SENTENCE = (
    "新签约亿元以上投资项目8个，正在洽谈亿元以上项目13个，在建、续建亿元以上投资项目20个，"
    "新开工项目6个，新竣工项目6个。"
)


def briefing(zones, as_of="2026-05-31", period_from=None, **kwargs):
    return build_briefing(
        zones=zones if isinstance(zones, list) else [zones],
        as_of=d(as_of),
        period_from=d(period_from) if period_from else None,
        today=TODAY,
        now=NOW,
        **kwargs,
    )


def paragraphs(document) -> list[str]:
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def table(document, sheet: str) -> Table:
    return next(t for t in document.tables if t.sheet == sheet)


def without_totals(text: str) -> str:
    return re.sub(r"（总投资[^）]*）", "", text)


def test_the_demo_briefing_has_the_seed_sentence_with_its_amounts():
    zone = load_demo(year=DEMO_YEAR)
    as_of = dt.date(DEMO_YEAR, 5, 31)
    document = build_briefing(zones=[zone], as_of=as_of, today=as_of, now=NOW)
    headline = paragraphs(document)[0]
    assert headline.startswith(f"{DEMO_YEAR}年1—5月，我区")
    assert SEED_SENTENCE in without_totals(headline)
    figures = zone_figures(zone=zone, as_of=as_of, today=as_of)
    for key, count in [
        ("signed_major", 8),
        ("negotiating_major", 13),
        ("under_construction_major", 20),
        ("started", 6),
        ("completed", 6),
    ]:
        assert figures[key].count == count
        assert f"{count}个（总投资{format_wan(figures[key].amount_wan)}）" in headline
    assert document.title == f"运河经济开发区招商引资工作简报（{DEMO_YEAR}年1—5月）"
    assert document.subtitle == f"（数据截至{DEMO_YEAR}年5月31日）"


def test_the_demo_briefing_compares_with_the_same_period_last_year():
    zone = load_demo(year=DEMO_YEAR)
    as_of = dt.date(DEMO_YEAR, 5, 31)
    text = build_briefing(zones=[zone], as_of=as_of, today=as_of, now=NOW).text()
    # The demo's year-ago figures: 5, 8, 16, 8, 3 (zhaoshang.demo.data).
    assert f"与上年同期（{DEMO_YEAR - 1}年1—5月）相比" in text
    assert "新签约亿元以上项目8个，上年同期5个，同比增长60.0%" in text
    assert "新开工项目6个，上年同期8个，同比下降25.0%" in text
    assert "新竣工项目6个，上年同期3个，同比增长100.0%" in text


def test_the_sections_come_in_order_and_the_rules_close_it(zone, build):
    build("P1", "12000", signed="2026-04-01")
    document = briefing(zone)
    headings = [b.full for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == [
        "一、总体情况",
        "二、新签约亿元以上项目",
        "三、分类统计",
        "四、招商方式和引荐方",
        "五、实际到位资金",
        "六、外出招商和招商活动",
        "七、需关注的项目",
        "八、口径说明",
    ]
    last = document.blocks[-1]
    assert isinstance(last, Paragraph) and last.text.startswith("6．正文金额1亿元及以上以亿元表示")
    assert "亿元以上项目指总投资1.00亿元及以上（含本数）" in document.text()
    assert document.closing.startswith("本简报由招商系统于2026年6月2日09:30生成")
    assert "测试经济开发区数据最后更新于" in document.closing


def test_the_rules_paragraph_states_the_zones_own_rules(zone, build):
    update_counting_rules(
        zone=zone,
        actor=None,
        effective_from=EARLIEST,
        major_threshold_wan=Decimal(20000),
        tier_threshold_wan=Decimal(60000),
        minimum_amount_wan=Decimal(500),
        counted_project_types=["industrial", "services"],
    )
    text = briefing(zone).text()
    assert "亿元以上项目指总投资2.00亿元及以上（含本数）的项目" in text
    assert "5亿元以上项目指总投资6.00亿元及以上的项目" in text
    assert "计入统计的项目类型为工业、服务业" in text
    assert "总投资低于500.00万元的项目不计入任何统计" in text


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2026-01-01", "2026-05-31", "2026年1—5月"),
        ("2026-05-01", "2026-05-31", "2026年5月"),
        ("2025-11-01", "2026-02-28", "2025年11月—2026年2月"),
        ("2026-01-01", "2026-05-18", "2026年1月1日—5月18日"),
        ("2026-05-18", "2026-05-18", "2026年5月18日"),
        ("2025-12-20", "2026-01-10", "2025年12月20日—2026年1月10日"),
    ],
)
def test_period_labels(start, end, label):
    assert period_label(d(start), d(end)) == label


def test_change_words():
    assert change_words(8, 5) == "同比增长60.0%"
    assert change_words(6, 8) == "同比下降25.0%"
    assert change_words(3, 3) == "与上年同期持平"
    assert change_words(2, 0) == "上年同期为零"
    assert change_words(0, 0) == "上年同期亦为零"
    assert change_words(Decimal("1.5"), Decimal(3)) == "同比下降50.0%"


def test_long_lists_show_the_largest_fifty_and_the_rest_in_a_line(zone, build):
    for n in range(LIST_LIMIT + 5):
        build(f"S{n:03d}", str(10000 + 100 * n), signed="2026-03-01")
    document = briefing(zone)
    signed = table(document, "新签约亿元以上项目")
    assert len(signed.rows) == LIST_LIMIT
    assert signed.count == LIST_LIMIT + 5
    assert signed.rows[0][1] == "项目S054"  # the largest first
    rest = sum(Decimal(10000 + 100 * n) for n in range(5))
    assert signed.more == f"及其他5个，总投资{format_wan(rest)}（完整名单见 Excel 版）。"
    complete = table(briefing(zone, complete=True), "新签约亿元以上项目")
    assert len(complete.rows) == LIST_LIMIT + 5 and not complete.more


def test_signed_more_than_180_days_ago_without_a_start_needs_attention(zone, build):
    build("OLD", "8000", signed="2025-11-01")  # 211 days before 31 May
    build("EDGE", "8000", signed="2025-12-02")  # exactly 180 days: not more than 180
    build("GONE", "8000", signed="2025-10-01", dropped="2026-01-05")
    build("BUILT", "8000", signed="2025-10-01", started="2026-02-01")
    build("LATE", "8000", signed="2025-10-01", started="2026-05-31")
    listed = table(briefing(zone), "逾期未开工")
    assert [row[1] for row in listed.rows] == ["项目OLD"]
    # Due 180 days after signing (no promised start date): 30 April, 31 days late on 31 May.
    assert listed.rows[0][-2:] == [d("2026-04-30"), 31]
    # As of the day before LATE started, it was waiting too.
    before = table(briefing(zone, as_of="2026-05-30"), "逾期未开工")
    assert sorted(row[1] for row in before.rows) == ["项目LATE", "项目OLD"]


def test_idle_negotiations_are_those_without_a_milestone_or_activity_in_60_days(zone, build):
    idle = build("IDLE", "30000", negotiating="2026-01-10")
    build("FRESH", "30000", negotiating="2026-04-15")
    paused = build("PAUSED", "30000", negotiating="2026-01-10")
    services.set_paused(project=paused, actor=None, paused=True, on=d("2026-05-01"), today=TODAY)
    build("SIGNED", "30000", negotiating="2026-01-10", signed="2026-05-01")
    listed = table(briefing(zone), "洽谈无进展")
    assert [row[1] for row in listed.rows] == ["项目IDLE"]
    assert listed.rows[0][-2:] == [d("2026-01-10"), 141]
    assert "2026年4月2日至2026年5月31日期间无任何节点或进展记录的项目1个" in briefing(zone).text()
    # A pause is activity; as of a date before it, it is not there yet.
    services.set_paused(project=idle, actor=None, paused=True, on=d("2026-05-20"), today=TODAY)
    assert "洽谈无进展" not in [t.sheet for t in briefing(zone).tables]
    april = table(briefing(zone, as_of="2026-04-30"), "洽谈无进展")
    assert [row[1] for row in april.rows] == ["项目IDLE", "项目PAUSED", "项目SIGNED"]


def test_data_gaps_list_a_start_without_a_signing_date(zone, build, company):
    Company.objects.filter(pk=company.pk).update(region=Region.objects.get(name="山东省"))
    build("NOSIGN", "15000", started="2026-02-01")
    build("FINE", "15000", signed="2026-01-05", started="2026-02-01")
    build("NOUNIT", "15000", unit=None, signed="2026-03-01")
    gaps = table(briefing(zone), "数据待补充")
    problems = {row[1]: row[-1] for row in gaps.rows}
    assert problems == {"项目NOSIGN": "已开工但无签约日期", "项目NOUNIT": "未落实责任单位"}


def test_tables_by_industry_add_up_and_by_region_group_say_they_overlap(zone, build):
    build("P1", "12000", signed="2026-04-01")
    build("P2", "9000", industry="mfg", signed="2026-04-02")
    document = briefing(zone)
    by_industry = table(document, "分产业")
    assert sum(row[1].value for row in by_industry.rows) == by_industry.total[1].value == 2
    groups = table(document, "分区域板块")
    assert any("区域板块相互重叠" in note for note in groups.notes)


def test_a_member_sees_the_zones_figures_but_only_their_units_projects(zone, build, people):
    build("MINE", "20000", signed="2026-04-01", unit="group1")
    build("THEIRS", "30000", signed="2026-04-02", unit="group2")
    document = briefing(zone, viewer=people["bob"])
    assert document.figures[zone.code]["signed_major"].count == 2
    signed = table(document, "新签约亿元以上项目")
    assert [row[1] for row in signed.rows] == ["项目MINE"]
    assert "另有1个项目属其他单位，不在您的查看范围内，未列出。" in signed.notes
    everything = table(briefing(zone, viewer=people["alice"]), "新签约亿元以上项目")
    assert [row[1] for row in everything.rows] == ["项目THEIRS", "项目MINE"]


def test_a_user_without_a_role_in_the_zone_gets_no_briefing(zone, db):
    other = create_zone(code="other", name="另一开发区")
    outsider = make_user("olga", other, Role.DIRECTOR)
    with pytest.raises(PermissionDenied):
        briefing(zone, viewer=outsider)


@pytest.mark.parametrize(
    ("as_of", "period_from", "code"),
    [("2026-06-01", None, "future"), ("2026-05-31", "2026-06-01", "inverted")],
)
def test_it_refuses_a_future_date_and_an_inverted_period(zone, as_of, period_from, code):
    with pytest.raises(ValidationError) as caught:
        briefing(zone, as_of=as_of, period_from=period_from)
    assert caught.value.code == code


def test_it_refuses_no_zone(db):
    with pytest.raises(ValidationError):
        briefing([])


@pytest.mark.django_db(transaction=True)
def test_the_engine_beside_the_lists_gives_the_same_briefing(zone, build, monkeypatch):
    """Outside a transaction the figures engine runs in a worker thread on its own connection
    (committed data here, so that connection sees it); the briefing is the same."""
    build("P1", "12000", signed="2026-03-01", started="2026-04-01")
    build("P2", "30000", negotiating="2026-01-05")
    build("P3", "8000", signed="2025-06-01")
    workers = []

    class Counting(ThreadPoolExecutor):
        def __init__(self, *args, **kwargs):
            workers.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(facts, "ThreadPoolExecutor", Counting)
    beside = briefing(zone)
    assert len(workers) == 1
    monkeypatch.setattr(facts, "PARALLEL", False)
    alone = briefing(zone)
    assert beside.blocks == alone.blocks
    assert beside.figures[zone.code].as_json() == alone.figures[zone.code].as_json()
