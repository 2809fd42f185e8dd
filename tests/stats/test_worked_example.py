"""The worked example of docs/counting-rules.md, built from its own tables and counted by the
engine: the projects and funds it lists give exactly the figures and lists it shows."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.factories import TODAY, d
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.core.dates import EARLIEST
from zhaoshang.ledger.columns import STAGE_LABELS
from zhaoshang.org.regions import find_region
from zhaoshang.projects import services
from zhaoshang.projects.models import ProjectType
from zhaoshang.reports.facts import data_gaps, idle_negotiations, signed_not_started
from zhaoshang.stats.models import CountingRules
from zhaoshang.stats.selectors import KEYS, counted_projects, rules_of, zone_figures
from zhaoshang.stats.services import update_counting_rules
from zhaoshang.targets.selectors import year_progress
from zhaoshang.targets.services import TargetValue, set_targets

DOC = Path(__file__).resolve().parents[2] / "docs" / "counting-rules.md"
YEAR = 2026  # the example's year: "1 January – 31 May 2026"
STAGE_OF_HEADER = {label: stage for stage, label in STAGE_LABELS.items()}


def example_text() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index("## A worked example") :]


def tables(text: str) -> dict[str, list[dict[str, str]]]:
    """Each table of the text by its first header, as rows of header → cell."""
    found, block = {}, []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if block:
            header, rows = block[0], [row for row in block[1:] if not set("".join(row)) <= {"-"}]
            found[header[0]] = [dict(zip(header, row, strict=True)) for row in rows]
            block = []
    return found


def codes(cell: str) -> list[str]:
    return [code.strip() for code in cell.split(",") if code.strip()]


def wan(cell: str) -> Decimal:
    return Decimal(cell.replace(",", ""))


def day(label: str) -> dt.date:
    """A day of the example ("31 May") in the example's year."""
    return dt.datetime.strptime(f"{label} {YEAR}", "%d %B %Y").date()


@pytest.fixture
def example(zone, refs, build):
    investor = get_or_create_company(
        zone=zone, actor=None, name="示例投资有限公司", region=find_region("山东省")
    )
    projects = {}
    for row in tables(example_text())["code"]:
        dates = {
            STAGE_OF_HEADER[header]: cell
            for header, cell in row.items()
            if header in STAGE_OF_HEADER and cell
        }
        projects[row["code"]] = build(
            row["code"], wan(row["总投资(万元)"]), investor=investor, **dates
        )
    funds = re.search(r"Funds arrived for (\w+): ([^\n]+)", example_text())
    for amount, on in re.findall(r"([\d,]+) 万元 on (\d{4}-\d{2}-\d{2})", funds.group(2)):
        services.record_funds_arrived(
            project=projects[funds.group(1)],
            actor=None,
            on=d(on),
            amount_wan=wan(amount),
            source_of_funds="local",
            today=TODAY,
        )
    return projects


def figures(zone, as_of: dt.date):
    return zone_figures(zone=zone, as_of=as_of, breakdowns=False, today=TODAY)


def test_the_example_gives_the_figures_its_table_shows(zone, example):
    rows = tables(example_text())["key"]
    assert [row["key"].strip("`") for row in rows] == KEYS
    columns = [header.split(":")[0] for header in rows[0] if header.endswith(": count")]
    assert len(columns) == 2
    for label in columns:
        counted = figures(zone, day(label))
        for row in rows:
            key = row["key"].strip("`")
            shown = (int(row[f"{label}: count"]), wan(row[f"{label}: 万元"]))
            assert (counted[key].count, counted[key].amount_wan) == shown, (label, key)
            assert counted[key].projects == codes(row[f"{label}: projects"]), (label, key)


def test_the_example_gives_the_needs_attention_lists_its_table_shows(zone, example):
    rules = rules_of(zone)
    projects = counted_projects(zone, rules)
    as_of = day("31 May")
    lists = {
        "签约超过180天未开工": signed_not_started(projects, as_of),
        "洽谈超过60天无进展": idle_negotiations(projects, rules, as_of),
        "数据待补充": data_gaps(projects, rules, as_of.replace(month=1, day=1), as_of),
    }
    shown = {row["list"]: codes(row["projects"]) for row in tables(example_text())["list"]}
    counted = {name: sorted(found.values_list("code", flat=True)) for name, found in lists.items()}
    assert counted == shown


def test_correcting_an_amount_changes_past_periods_too(zone, example):
    services.update_project(
        project=example["D"], actor=None, total_investment_wan=Decimal(9000), today=TODAY
    )
    assert figures(zone, day("31 March"))["signed_major"].projects == ["A", "E"]
    may = figures(zone, day("31 May"))
    assert may["signed_major"].projects == ["A", "E"]
    assert may["under_construction_major"].projects == []


def test_a_minimum_amount_or_the_counted_types_take_a_project_out_of_every_figure(zone, example):
    before = figures(zone, day("31 May"))
    assert "C" in before["under_construction"].projects
    defaults = CountingRules()
    rules = {
        "major_threshold_wan": defaults.major_threshold_wan,
        "tier_threshold_wan": defaults.tier_threshold_wan,
    }
    update_counting_rules(
        zone=zone,
        actor=None,
        effective_from=EARLIEST,
        minimum_amount_wan=Decimal(10000),
        counted_project_types=list(ProjectType.values),
        **rules,
    )
    by_minimum = figures(zone, day("31 May"))
    services.update_project(
        project=example["C"], actor=None, project_type=ProjectType.INFRASTRUCTURE, today=TODAY
    )
    update_counting_rules(
        zone=zone,
        actor=None,
        effective_from=EARLIEST,
        minimum_amount_wan=Decimal(0),
        counted_project_types=[ProjectType.INDUSTRIAL],
        **rules,
    )
    by_type = figures(zone, day("31 May"))
    for after in (by_minimum, by_type):
        assert not any("C" in after[key].projects for key in KEYS)
        assert after["under_construction"].projects == ["D"]
        assert after["continued_construction"].count == 0


def test_the_target_example_is_behind_the_years_pace(zone, example):
    set_targets(
        zone=zone,
        actor=None,
        year=YEAR,
        values={"signed_major": TargetValue(count=10, amount_wan=Decimal(200000))},
    )
    (row,) = year_progress(zone=zone, as_of=day("31 May"), today=TODAY).rows
    assert (row.actual.count, row.actual.amount_wan) == (3, Decimal(115000))
    assert (row.count_percent, row.amount_percent, row.share) == (
        Decimal("30.0"),
        Decimal("57.5"),
        Decimal("30.0"),
    )
    assert row.time_percent == Decimal("41.4")
    assert row.behind
