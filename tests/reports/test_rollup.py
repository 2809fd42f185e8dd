"""The roll-up of several zones: each counted by its own rules, a per-zone table, sums."""

from decimal import Decimal

import pytest

from tests.factories import TODAY, d
from tests.reports.conftest import NOW
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.core.dates import EARLIEST
from zhaoshang.org.services import create_zone
from zhaoshang.reports.document import Paragraph
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.stats.selectors import LABELS
from zhaoshang.stats.services import update_counting_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def east(db):
    return create_zone(code="east", name="东城经济开发区")


@pytest.fixture
def two_zones(zone, east, build):
    investor = get_or_create_company(zone=east, actor=None, name="东城投资有限公司")
    build("A1", "12000", signed="2026-03-01", started="2026-04-01")
    build("A2", "15000", signed="2026-03-02")
    build("A3", "40000", negotiating="2026-05-01")
    build("B1", "15000", signed="2026-03-01", in_zone=east, investor=investor)
    build("B2", "12000", signed="2026-03-05", in_zone=east, investor=investor)
    return zone, east


def rollup(zones):
    return build_briefing(zones=zones, as_of=d("2026-05-31"), today=TODAY, now=NOW)


def test_the_rollup_sums_the_zones(two_zones):
    zone, east = two_zones
    document = rollup([zone, east])
    assert document.title == "测试经济开发区、东城经济开发区招商引资工作汇总简报（2026年1—5月）"
    headline = next(b for b in document.blocks if isinstance(b, Paragraph)).text
    assert headline.startswith(
        "2026年1—5月，测试经济开发区、东城经济开发区合计新签约亿元以上投资项目4个"
    )
    per_zone = next(t for t in document.tables if t.sheet == "分开发区")
    assert [row[0] for row in per_zone.rows] == ["测试经济开发区", "东城经济开发区"]
    assert [row[1].value for row in per_zone.rows] == [2, 2]
    assert per_zone.rows[1][1].link.zone == "east"
    assert per_zone.total[1] == 4
    assert per_zone.total[2] == Decimal("54000.00")
    assert "各开发区统计口径相同。" in per_zone.notes
    signed = next(t for t in document.tables if t.sheet == "新签约亿元以上项目")
    assert [(row[1], row[2]) for row in signed.rows] == [
        ("项目A2", "测试经济开发区"),
        ("项目B1", "东城经济开发区"),
        ("项目A1", "测试经济开发区"),
        ("项目B2", "东城经济开发区"),
    ]
    indicators = {
        row[0]: row for row in next(t for t in document.tables if t.sheet == "主要指标").rows
    }
    for key in ("signed", "signed_major", "negotiating_major", "started", "funds_arrived"):
        summed = sum(document.figures[z.code][key].count for z in (zone, east))
        assert indicators[str(LABELS[key])][1] == summed


def test_each_zone_is_counted_by_its_own_rules_and_the_briefing_says_where_they_differ(two_zones):
    zone, east = two_zones
    update_counting_rules(
        zone=east,
        actor=None,
        effective_from=EARLIEST,
        major_threshold_wan=Decimal(13000),
        tier_threshold_wan=Decimal(50000),
        minimum_amount_wan=Decimal(0),
        counted_project_types=[
            "industrial",
            "services",
            "culture_tourism",
            "logistics",
            "infrastructure",
            "other",
        ],
    )
    document = rollup([zone, east])
    assert document.figures["east"]["signed_major"].count == 1  # B2's 1.2亿 is below 1.3亿
    per_zone = next(t for t in document.tables if t.sheet == "分开发区")
    assert per_zone.total[1] == 3
    note = next(n for n in per_zone.notes if n.startswith("各开发区统计口径不一致"))
    assert "亿元以上项目门槛（测试经济开发区1.00亿元、东城经济开发区1.30亿元）" in note
    text = document.text()
    assert "合计新签约亿元以上投资项目3个" in text
    assert "东城经济开发区：亿元以上项目指总投资1.30亿元及以上" in text
