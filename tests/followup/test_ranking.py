"""The ranking of units: sub-scores add up to the score and are the figures engine's divided by
the targets; a unit with no target is listed, not ranked; the formula is the zone's setting."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.factories import TODAY
from zhaoshang.followup.services import save_settings, set_commitment
from zhaoshang.org.models import Unit
from zhaoshang.org.services import ensure_reference
from zhaoshang.stats.selectors import zone_figures
from zhaoshang.targets.ranking import unit_ranking
from zhaoshang.targets.services import TargetValue, set_targets

pytestmark = pytest.mark.django_db
SHANGHAI_NOON = dt.datetime(2026, 5, 31, 4, 0, tzinfo=dt.UTC)


@pytest.fixture
def ranked(zone, refs, build):
    """招商一组: 3 of 1 major signing (300%, capped at 150), 40 of 100 万元 funds none; 招商二组: 1 of 4
    starts and an overdue start; 招商三组 has no target."""
    ensure_reference(zone=zone, model=Unit, name="招商三组", kind=Unit.Kind.PROMOTION_GROUP)
    for code in ("A", "B", "C"):
        build(code, "20000", signed="2026-02-01", started="2026-03-01")
    build("D", "8000", unit="group2", signed="2026-01-10", started="2026-04-01")
    late = build("E", "8000", unit="group2", signed="2026-01-10")
    set_commitment(
        project=late,
        actor=None,
        start_date=TODAY.replace(month=3, day=1),
        production_date=None,
        investment_wan=None,
        today=TODAY,
    )
    set_targets(
        zone=zone,
        actor=None,
        year=2026,
        unit=refs["group1"],
        values={
            "signed_major": TargetValue(count=1),
            "funds_arrived": TargetValue(amount_wan=Decimal(100)),
        },
    )
    set_targets(
        zone=zone, actor=None, year=2026, unit=refs["group2"], values={"started": TargetValue(4)}
    )
    return zone


def test_sub_scores_add_up_and_match_the_figures_engine(ranked, refs):
    ranking = unit_ranking(zone=ranked, as_of=TODAY)
    by_name = {row.unit.name: row for row in ranking.rows}
    one, two, three = by_name["招商一组"], by_name["招商二组"], by_name["招商三组"]
    for row in (one, two):
        assert sum(p.points for p in row.parts) + row.penalty == row.score
    figures = zone_figures(
        zone=ranked, as_of=TODAY, period_from=TODAY.replace(month=1, day=1), breakdowns=("unit",)
    )
    units = {row.key: row.figures for row in figures.by["unit"]}
    signed = units[refs["group1"].pk]["signed_major"].count
    assert signed == 3
    shares = {p.progress.metric: p for p in one.parts}
    assert shares["signed_major"].share == Decimal(150) and shares["signed_major"].capped
    assert shares["signed_major"].points == Decimal("75.0")  # 150 / 2 targets
    assert shares["funds_arrived"].share == Decimal(0)
    assert one.score == Decimal("75.0") and one.penalty == 0
    started = units[refs["group2"].pk]["started"].count
    assert started == 1
    assert two.parts[0].share == Decimal("25.0") and two.overdue == 1
    assert two.penalty == Decimal("-2.0") and two.score == Decimal("23.0")
    assert (one.rank, two.rank, three.rank, three.score) == (1, 2, None, None)
    assert [row.unit.name for row in ranking.rows][-1] == "招商三组"


def test_the_formula_is_the_zones_setting(ranked):
    save_settings(zone=ranked, actor=None, values={"share_cap_percent": 100, "overdue_penalty": 30})
    ranking = unit_ranking(zone=ranked, as_of=TODAY)
    scores = {row.unit.name: row.score for row in ranking.ranked}
    assert scores == {"招商一组": Decimal("50.0"), "招商二组": Decimal("-5.0")}
    assert ranking.penalty_text == "30"


def test_equal_scores_share_a_rank(zone, refs):
    for unit in ("group1", "group2"):
        set_targets(
            zone=zone, actor=None, year=2026, unit=refs[unit], values={"started": TargetValue(4)}
        )
    ranking = unit_ranking(zone=zone, as_of=TODAY)
    assert [row.rank for row in ranking.ranked] == [1, 1]


def test_the_targets_page_and_the_briefing_show_it(client, ranked, people):
    client.force_login(people["lee"])
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        page = client.get("/targets/", {"as_of": "2026-05-31"})
    assert 'id="unit-ranking"' in page.text
    assert 'data-score="75.0"' in page.text and 'data-score="23.0"' in page.text
    assert "未设定单位目标，不参加排名" in page.text
    from tests.reports.test_briefing import briefing, table

    document = briefing(ranked)
    rows = table(document, "单位排名").rows
    assert rows[0][:3] == [1, "招商一组", "新签约亿元以上项目"] and rows[0][-1] == Decimal("75.0")
    assert "未设定单位目标、列出但不排名的单位：招商三组。" in document.text()


def test_no_target_no_ranking(zone, people, client):
    assert unit_ranking(zone=zone, as_of=TODAY).ranked == []
    client.force_login(people["alice"])
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        page = client.get("/targets/", {"as_of": "2026-05-31"})
    assert 'id="unit-ranking"' not in page.text


def test_the_unit_include_renders_a_rank(ranked, rf, people):
    from django.template.loader import render_to_string

    ranking = unit_ranking(zone=ranked, as_of=TODAY)
    html = render_to_string(
        "targets/unit_rank.html", {"rank": ranking.ranked[1], "ranking": ranking}
    )
    assert 'data-rank="2"' in html and 'data-part="overdue_start"' in html
    unranked = render_to_string("targets/unit_rank.html", {"rank": ranking.rows[-1]})
    assert "不参加排名" in unranked


def test_every_share_is_the_figures_engines_over_the_target(ranked):
    """For each unit and each of its targets, recomputed here from the figures engine: the share
    is the figure over the target (the lesser of count and amount), capped at 150%, and the points
    are the share over the number of the unit's targets; the sub-scores add up to the score."""
    ranking = unit_ranking(zone=ranked, as_of=TODAY)
    figures = zone_figures(
        zone=ranked, as_of=TODAY, period_from=TODAY.replace(month=1, day=1), breakdowns=("unit",)
    )
    units = {row.key: row.figures for row in figures.by["unit"]}
    checked = 0
    for row in ranking.ranked:
        for part in row.parts:
            target = part.progress.target
            figure = units[row.unit.pk][target.metric]
            shares = []
            if target.count:
                shares.append(Decimal(figure.count) * 100 / target.count)
            if target.amount_wan:
                shares.append(figure.amount_wan * 100 / target.amount_wan)
            expected = min(min(shares), Decimal(150))
            assert part.share == expected.quantize(Decimal("0.1")), (row.unit, target.metric)
            points = expected / len(row.parts)
            assert part.points == points.quantize(Decimal("0.1"))
            checked += 1
        assert row.target_points + row.penalty == row.score
    assert checked == 3
