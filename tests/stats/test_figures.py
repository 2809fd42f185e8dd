"""The counting rules (docs/counting-rules.md) on hand-built timelines."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import TODAY, d
from zhaoshang.projects import services
from zhaoshang.projects.models import ProjectType
from zhaoshang.stats.models import CountingRules
from zhaoshang.stats.selectors import KEYS, zone_figures


def figures(zone, as_of="2026-05-31", period_from=None, **kwargs):
    return zone_figures(
        zone=zone,
        as_of=d(as_of),
        period_from=d(period_from) if period_from else None,
        today=TODAY,
        **kwargs,
    )


def test_a_project_signed_in_april_was_negotiating_on_31_march(zone, build):
    build("P1", "20000", negotiating="2026-01-10", signed="2026-04-15")
    march = figures(zone, as_of="2026-03-31")
    may = figures(zone)
    assert march["negotiating_major"].projects == ["P1"]
    assert march["signed"].count == 0
    assert may["negotiating"].count == 0
    assert may["signed_major"].projects == ["P1"]
    assert may["signed_major"].amount_wan == Decimal("20000.00")


def test_exactly_ten_thousand_wan_is_a_major_project(zone, build):
    build("AT", "10000", signed="2026-02-01")
    build("BELOW", "9999.99", signed="2026-02-01")
    result = figures(zone)
    assert result["signed"].projects == ["AT", "BELOW"]
    assert result["signed_major"].projects == ["AT"]


def test_the_five_yi_tier_includes_fifty_thousand(zone, build):
    build("T5", "50000", signed="2026-02-01")
    build("T4", "49999.99", signed="2026-02-01")
    assert figures(zone)["signed_over_5yi"].projects == ["T5"]


def test_a_project_dropped_after_signing_still_counts_as_signed_in_its_period(zone, build):
    build("DR", "30000", signed="2026-02-01", started="2026-03-01", dropped="2026-04-20")
    april = figures(zone, as_of="2026-04-10")
    may = figures(zone)
    assert april["under_construction_major"].projects == ["DR"]
    assert may["signed_major"].projects == ["DR"]
    assert may["started"].projects == ["DR"]
    assert may["under_construction"].count == 0
    assert may["negotiating"].count == 0


def test_a_started_project_without_signing_date_counts_as_under_construction(zone, build):
    build("NS", "15000", started="2026-02-01")
    result = figures(zone)
    assert result["under_construction_major"].projects == ["NS"]
    assert result["started"].projects == ["NS"]
    assert result["signed"].count == 0


def test_continued_construction_started_before_the_period(zone, build):
    build("OLD", "5000", signed="2024-06-01", started="2025-03-01")
    build("NEW", "5000", signed="2026-01-05", started="2026-02-01")
    result = figures(zone)
    assert result["under_construction"].projects == ["NEW", "OLD"]
    assert result["continued_construction"].projects == ["OLD"]
    assert result["under_construction_major"].count == 0  # continued counts any amount
    assert result["started"].projects == ["NEW"]


def test_same_day_milestones_the_later_stage_wins(zone, build):
    build("SD", "20000", negotiating="2026-05-18", signed="2026-05-18")
    result = figures(zone, as_of="2026-05-18")
    assert result["negotiating"].count == 0
    assert result["signed"].projects == ["SD"]


def test_completed_and_operating_leave_construction(zone, build):
    build("C1", "20000", started="2025-01-01", completed="2026-03-01")
    build("C2", "20000", started="2025-01-01", completed="2025-12-01", operating="2026-04-01")
    result = figures(zone)
    assert result["completed"].projects == ["C1"]
    assert result["operating"].projects == ["C2"]
    assert result["under_construction"].count == 0
    assert figures(zone, as_of="2026-02-01")["under_construction"].projects == ["C1"]


def test_paused_projects_count_in_their_stage(zone, build):
    project = build("PA", "20000", negotiating="2026-01-10")
    services.set_paused(project=project, actor=None, paused=True, on=d("2026-02-01"), today=TODAY)
    assert figures(zone)["negotiating_major"].projects == ["PA"]


def test_amounts_are_read_as_they_are_now(zone, build):
    project = build("AM", "9000", signed="2026-02-01")
    assert figures(zone)["signed_major"].count == 0
    services.update_project(
        project=project, actor=None, total_investment_wan=Decimal(12000), today=TODAY
    )
    assert figures(zone, as_of="2026-03-01")["signed_major"].projects == ["AM"]


def test_totals_are_exact_to_the_cent(zone, build):
    for number in range(30):
        build(f"E{number:02d}", "0.01", signed="2026-02-01")
        build(f"F{number:02d}", "9999.99", signed="2026-02-01")
    build("G", "123456789.01", signed="2026-02-01")
    result = figures(zone)
    assert result["signed"].amount_wan == Decimal("123756789.01")
    assert result["signed"].as_json()["amount_wan"] == "123756789.01"


def test_funds_arrived_counts_projects_and_sums_records_in_the_period(zone, build):
    project = build("FA", "20000", signed="2025-06-01", started="2025-09-01")
    other = build("FB", "3000", signed="2025-06-01")
    for on, amount in [("2025-12-30", "100"), ("2026-01-15", "0.01"), ("2026-04-01", "9999.99")]:
        services.record_funds_arrived(
            project=project,
            actor=None,
            on=d(on),
            amount_wan=Decimal(amount),
            source_of_funds="out_of_province",
            today=TODAY,
        )
    services.record_funds_arrived(
        project=other,
        actor=None,
        on=d("2026-06-01"),
        amount_wan=Decimal(50),
        source_of_funds="local",
        today=d("2026-06-30"),
    )
    result = figures(zone)
    assert result["funds_arrived"].projects == ["FA"]
    assert result["funds_arrived"].amount_wan == Decimal("10000.00")
    december = figures(zone, period_from="2025-12-01", as_of="2025-12-31")["funds_arrived"]
    assert (december.projects, december.amount_wan) == (["FA"], Decimal("100.00"))


def test_a_period_can_start_on_any_day(zone, build):
    build("Q1", "20000", signed="2026-02-01")
    build("Q2", "20000", signed="2026-04-02")
    result = figures(zone, period_from="2026-04-01", as_of="2026-05-31")
    assert result["signed"].projects == ["Q2"]
    assert result.period_from == d("2026-04-01")


def test_counting_rules_are_the_zones(zone, build):
    build("SMALL", "400", signed="2026-02-01")
    build("MID", "6000", signed="2026-02-01")
    build("TOUR", "20000", signed="2026-02-01", project_type=ProjectType.CULTURE_TOURISM)
    CountingRules.objects.create(
        zone=zone,
        major_threshold_wan=Decimal(5000),
        minimum_amount_wan=Decimal(500),
        counted_project_types=[ProjectType.INDUSTRIAL],
    )
    result = figures(zone)
    assert result["signed"].projects == ["MID"]
    assert result["signed_major"].projects == ["MID"]


def test_breakdowns_add_up_by_unit(zone, build):
    build("U1", "20000", signed="2026-02-01", unit="group1")
    build("U2", "30000", signed="2026-03-01", unit="group2")
    build("U3", "1000", signed="2026-03-01", unit="group2")
    rows = {row.name: row for row in figures(zone).by["unit"]}
    assert rows["招商一组"].figures["signed"].count == 1
    assert rows["招商二组"].figures["signed"].count == 2
    assert rows["招商二组"].figures["signed_major"].amount_wan == Decimal("30000.00")
    assert sum(row.figures["signed"].count for row in rows.values()) == 3


def test_it_refuses_a_future_date_and_an_inverted_period(zone):
    with pytest.raises(ValidationError) as caught:
        figures(zone, as_of="2026-06-01")
    assert "2026-06-01" in caught.value.messages[0]
    with pytest.raises(ValidationError) as caught:
        figures(zone, period_from="2026-06-01", as_of="2026-05-31")
    assert "2026-06-01" in caught.value.messages[0]


def test_the_cli_prints_every_key_with_two_decimal_amounts_and_sorted_codes(zone, build, capsys):
    build("ZB", "20000.5", signed="2026-02-01")
    build("ZA", "10000", signed="2026-03-01")
    call_command("stats", zone="testzone", as_of=d("2026-05-31"), period_from=None, json=True)
    data = json.loads(capsys.readouterr().out)
    assert set(KEYS) <= set(data)
    assert data["as_of"] == "2026-05-31" and data["from"] == "2026-01-01"
    assert data["signed_major"] == {"count": 2, "amount_wan": "30000.50", "projects": ["ZA", "ZB"]}
    assert data["funds_arrived"] == {"count": 0, "amount_wan": "0.00", "projects": []}
    assert set(data["by"]) == {"industry", "park", "unit", "region_group", "province"}


def test_the_cli_refuses_an_unknown_zone(db):
    with pytest.raises(CommandError, match="nowhere"):
        call_command("stats", zone="nowhere", as_of=d("2026-05-31"), period_from=None, json=True)


def test_region_groups_overlap_and_provinces_add_up(zone, build):
    from zhaoshang.companies.services import get_or_create_company
    from zhaoshang.org.models import Region

    shanghai = get_or_create_company(
        zone=zone, actor=None, name="上海某新材料有限公司", region=Region.objects.get(code="310000")
    )
    shenzhen = get_or_create_company(
        zone=zone, actor=None, name="深圳某电子有限公司", region=Region.objects.get(code="440300")
    )
    build("SH", "20000", signed="2026-02-01", investor=shanghai)
    build("SZ", "30000", signed="2026-02-01", investor=shenzhen)
    build("NONE", "1000", signed="2026-02-01")
    by = figures(zone).by
    groups = {row.name: row.figures["signed"].count for row in by["region_group"]}
    assert groups["长三角"] == 1 and groups["沪苏浙"] == 1 and groups["珠三角"] == 1
    assert sum(groups.values()) > 3  # groups overlap: a 上海 investor is in two
    provinces = {row.name: row.figures["signed"].count for row in by["province"]}
    assert provinces["上海市"] == 1 and provinces["广东省"] == 1
    assert sum(provinces.values()) == 3  # by province adds up to the total
