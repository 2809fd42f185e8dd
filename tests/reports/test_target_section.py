"""The briefing's 年度目标完成情况: there when the as-of year has targets, counted from 1 January,
linked to the projects, per zone in a roll-up; and a changed target moves the data stamp."""

import pytest

from tests.factories import TODAY, d
from tests.reports.conftest import NOW
from zhaoshang.org.models import Zone
from zhaoshang.org.services import create_zone
from zhaoshang.reports.document import Heading, Linked
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.targets.services import TargetValue, set_targets

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(build):
    build("P1", "20000", signed="2026-02-01")
    build("P2", "30000", signed="2026-05-02", started="2026-05-20")


def targets(zone, year=2026, unit=None, **values):
    set_targets(
        zone=zone,
        actor=None,
        year=year,
        unit=unit,
        values={metric: TargetValue(*value) for metric, value in values.items()},
    )


def briefing(zones, period_from="2026-04-01"):
    return build_briefing(
        zones=zones, as_of=d("2026-05-31"), period_from=d(period_from), today=TODAY, now=NOW
    )


def test_a_quarters_briefing_shows_the_years_progress(zone, refs, signed):
    targets(zone, signed_major=(4, 100000), funds_arrived=(None, 5000))
    targets(zone, unit=refs["group1"], started=(2, None))
    document = briefing([zone])
    headings = [b.full for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings[:2] == ["一、总体情况", "二、年度目标完成情况"]
    text = document.text()
    # The quarter has one signing; the year to 31 May has two, 5亿 of 10亿.
    assert (
        "新签约亿元以上项目目标4个、10.00亿元，完成2个、5.00亿元，分别为目标的50.0%、50.0%" in text
    )
    assert "实际到位资金目标5,000.00万元，完成0.00万元，为目标的0.0%，落后于序时进度" in text
    table = next(t for t in document.tables if t.sheet == "年度目标")
    rows = {(row[0], row[1]): row for row in table.rows}
    major = rows[("全区", "新签约亿元以上项目")]
    assert isinstance(major[3], Linked) and major[3].value == 2
    assert major[3].link.period_from == d("2026-01-01") and major[3].link.as_of == d("2026-05-31")
    started = rows[("招商一组", "新开工项目")]
    assert started[3].value == 1 and started[3].link.by == "unit"
    assert started[-1] == "快于序时进度"  # 50% against 41.4% of the year


def test_no_targets_no_section(zone, signed):
    targets(zone, year=2025, signed=(5, None))
    document = briefing([zone])
    assert "年度目标完成情况" not in document.text()
    assert not any(t.sheet == "年度目标" for t in document.tables)


def test_the_rollup_lists_each_zones_targets(zone, signed, build):
    east = create_zone(code="east", name="东城经济开发区")
    targets(zone, signed_major=(4, None))
    targets(east, started=(3, None))
    document = briefing([zone, east], period_from="2026-01-01")
    table = next(t for t in document.tables if t.sheet == "年度目标")
    assert [(row[0], row[2]) for row in table.rows] == [
        ("测试经济开发区", "新签约亿元以上项目"),
        ("东城经济开发区", "新开工项目"),
    ]
    text = document.text()
    assert "测试经济开发区新签约亿元以上项目目标4个，完成2个" in text
    assert "东城经济开发区新开工项目目标3个，完成0个" in text


def test_changing_a_target_moves_the_zones_data_stamp(zone, signed):
    before = Zone.objects.get(pk=zone.pk).data_changed_at
    targets(zone, signed=(5, None))
    assert Zone.objects.get(pk=zone.pk).data_changed_at > before
