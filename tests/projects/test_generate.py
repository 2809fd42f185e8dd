"""The synthetic-project generator behind `zhaoshang gen-projects` and bench/stats.py."""

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.factories import make_user
from zhaoshang.companies.models import Company
from zhaoshang.ledger.columns import COLUMNS
from zhaoshang.ledger.export import ledger_rows
from zhaoshang.org.models import Industry, Park, Region, Role, Unit
from zhaoshang.org.services import create_zone
from zhaoshang.projects import services
from zhaoshang.projects.generate import SYNTHETIC_NOTE, generate_projects
from zhaoshang.projects.models import FundsArrived, Project, Stage
from zhaoshang.projects.rules import check_project
from zhaoshang.stats.selectors import zone_figures

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 31)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_zone():
    return create_zone(code="genzone", name="生成测试开发区")


@pytest.fixture
def generated(empty_zone):
    generate_projects(zone=empty_zone, count=300, today=TODAY, seed=1)
    return empty_zone


def test_it_creates_projects_and_what_they_need_in_an_empty_zone(generated):
    assert Project.objects.filter(zone=generated).count() == 300
    assert Industry.objects.filter(zone=generated).count() == 6
    assert Park.objects.filter(zone=generated).count() == 3
    units = Unit.objects.filter(zone=generated)
    assert units.count() == 11
    assert {u.kind for u in units} == {Unit.Kind.PROMOTION_GROUP}
    companies = Company.objects.filter(zone=generated)
    assert companies.exists()
    # The regions come with the migrations: every generated investor is placed in one.
    assert Region.objects.filter(level=Region.Level.PROVINCE).exists()
    assert not companies.filter(region__isnull=True).exists()
    assert companies.values("region").distinct().count() > 1


def test_every_project_passes_the_lifecycle_rules(generated):
    for project in Project.objects.filter(zone=generated):
        assert check_project(project, today=TODAY) == {}, project.code


def test_signed_projects_have_company_amount_and_agreement(generated):
    signed = Project.objects.filter(zone=generated, signed_date__isnull=False)
    assert signed.exists()
    assert not signed.filter(company__isnull=True).exists()
    assert not signed.filter(total_investment_wan__isnull=True).exists()
    assert not signed.filter(agreement_type="").exists()


def test_stages_are_varied_and_some_are_dropped_or_paused(generated):
    projects = list(Project.objects.filter(zone=generated))
    stages = {p.stage for p in projects}
    assert len(stages) >= 5
    assert Stage.DROPPED in stages
    assert all(p.drop_reason for p in projects if p.stage == Stage.DROPPED)
    assert any(p.is_paused for p in projects)
    # Some projects were entered without their earlier milestones (docs/lifecycle.md).
    assert any(p.signed_date and not p.lead_date for p in projects)


def test_dates_lie_in_the_ten_years_ending_today(generated):
    earliest = TODAY.replace(year=TODAY.year - 10)
    for project in Project.objects.filter(zone=generated):
        dates = [project.milestone_date(stage) for stage in Stage]
        dates = [d for d in dates if d]
        assert dates, project.code
        assert earliest <= min(dates) and max(dates) <= TODAY, project.code


def test_amounts_span_small_and_major_projects(generated):
    amounts = [
        p.total_investment_wan
        for p in Project.objects.filter(zone=generated, total_investment_wan__isnull=False)
    ]
    assert min(amounts) >= 500 and max(amounts) <= 500_000
    assert any(a < 10_000 for a in amounts)
    assert any(a >= 10_000 for a in amounts)


def test_funds_arrived_belong_to_started_projects(generated):
    funds = FundsArrived.objects.filter(project__zone=generated).select_related("project")
    assert funds.exists()
    for record in funds:
        assert record.project.started_date is not None
        assert record.amount_wan > 0
        assert record.arrived_date <= TODAY


def test_codes_are_unique_and_continue_on_a_second_run(generated):
    companies = Company.objects.filter(zone=generated).count()
    summary = generate_projects(zone=generated, count=50, today=TODAY, seed=1)
    # Numbered by the zone's scheme, as every project the system numbers.
    assert (summary.first_code, summary.last_code) == ("GENZONE2026-301", "GENZONE2026-350")
    codes = list(Project.objects.filter(zone=generated).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 350
    assert Company.objects.filter(zone=generated).count() == companies


def test_it_marks_the_zone_changed(empty_zone):
    # Cached figures are keyed on data_changed_at; bulk writes must move it like services do.
    before = type(empty_zone).objects.get(pk=empty_zone.pk).data_changed_at
    generate_projects(zone=empty_zone, count=10, today=TODAY)
    after = type(empty_zone).objects.get(pk=empty_zone.pk).data_changed_at
    assert after is not None and after != before


def test_it_is_deterministic_for_a_seed():
    def run(code: str, seed: int) -> list[tuple]:
        zone = create_zone(code=code, name=code, code_prefix="S")
        generate_projects(zone=zone, count=100, today=TODAY, seed=seed)
        return list(
            Project.objects.filter(zone=zone)
            .order_by("code")
            .values_list("code", "name", "total_investment_wan", "signed_date", "dropped_date")
        )

    assert run("seed-a", 7) == run("seed-b", 7)
    assert run("seed-c", 7) != run("seed-d", 8)


def test_the_command_generates_and_reports(empty_zone):
    out = io.StringIO()
    call_command("gen-projects", "40", "--zone", "genzone", "--today", "2026-05-31", stdout=out)
    assert Project.objects.filter(zone=empty_zone).count() == 40
    assert "GENZONE2026-001" in out.getvalue() and "GENZONE2026-040" in out.getvalue()


def test_the_command_refuses_an_unknown_zone(empty_zone):
    with pytest.raises(CommandError, match="nowhere"):
        call_command("gen-projects", "10", "--zone", "nowhere", stdout=io.StringIO())
    assert not Project.objects.exists()


def test_the_command_refuses_a_future_today(empty_zone):
    with pytest.raises(CommandError):
        call_command(
            "gen-projects", "10", "--zone", "genzone", "--today", "2999-01-01", stdout=io.StringIO()
        )
    assert not Project.objects.exists()


def test_the_benchmark_runs_and_prints_a_ratio(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "bench/stats.py", "--projects", "200", "--repeat", "1"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "ratio" in result.stdout
    assert "results identical" in result.stdout


# --- out of the way of real data (synthetic label, refusal without --force) -----------------


def test_a_zone_with_real_projects_is_refused_and_nothing_is_written(empty_zone):
    real = services.create_project(zone=empty_zone, actor=None, name="真实项目", today=TODAY)
    with pytest.raises(ValidationError, match="已有 1 个真实项目"):
        generate_projects(zone=empty_zone, count=20, today=TODAY)
    assert list(Project.objects.filter(zone=empty_zone)) == [real]
    with pytest.raises(CommandError, match="--force"):
        call_command("gen-projects", "20", "--zone", "genzone", stdout=io.StringIO())
    assert Project.objects.filter(zone=empty_zone).count() == 1


def test_with_force_it_adds_synthetic_projects_beside_the_real_ones(empty_zone):
    services.create_project(zone=empty_zone, actor=None, name="真实项目", today=TODAY)
    call_command(
        "gen-projects",
        "20",
        "--zone",
        "genzone",
        "--today",
        "2026-05-31",
        "--force",
        stdout=io.StringIO(),
    )
    assert Project.objects.filter(zone=empty_zone, is_synthetic=True).count() == 20
    assert Project.objects.filter(zone=empty_zone, is_synthetic=False).count() == 1


def test_a_zone_of_synthetic_projects_takes_more_without_force(generated):
    generate_projects(zone=generated, count=10, today=TODAY, seed=2)
    assert Project.objects.filter(zone=generated, is_synthetic=True).count() == 310


def test_synthetic_projects_are_labelled_on_the_page_and_in_the_ledger(generated, client):
    project = Project.objects.filter(zone=generated).order_by("code").first()
    client.force_login(make_user("director", generated, Role.DIRECTOR))
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'id="project-synthetic"' in page and "模拟数据" in page
    note = [column.key for column in COLUMNS].index("note")
    first = next(ledger_rows(Project.objects.filter(pk=project.pk)))
    assert first[note] == SYNTHETIC_NOTE


def test_synthetic_projects_count_in_the_figures_like_any_project(generated):
    figures = zone_figures(zone=generated, as_of=TODAY, period_from=dt.date(2026, 1, 1))
    signed = Project.objects.filter(zone=generated, signed_date__range=(dt.date(2026, 1, 1), TODAY))
    assert figures.values["signed"].count == signed.count() > 0


# --- COPY on PostgreSQL, bulk_create elsewhere: the same rows (issue 15, item 2) -------------


def _rows(zone) -> dict[str, list[tuple]]:
    """What a zone's generated data is, without ids, zone and timestamps."""
    skip = {"id", "zone", "created_at", "updated_at", "project"}
    project_fields = [f.attname for f in Project._meta.concrete_fields if f.name not in skip]
    project_fields = [
        f.replace("_id", "__name") if f in ("industry_id", "park_id", "unit_id") else f
        for f in project_fields
    ]
    company_fields = [f.attname for f in Company._meta.concrete_fields if f.name not in skip]
    return {
        "projects": list(
            Project.objects.filter(zone=zone)
            .order_by("code")
            .values_list(
                *[f for f in project_fields if f not in ("company_id", "introduced_by_id")],
                "company__name",
                "introduced_by__name",
            )
        ),
        "funds": list(
            FundsArrived.objects.filter(project__zone=zone)
            .order_by("project__code", "arrived_date", "amount_wan", "id")
            .values_list("project__code", "arrived_date", "amount_wan", "source", "note")
        ),
        "companies": list(
            Company.objects.filter(zone=zone).order_by("name").values_list(*company_fields)
        ),
    }


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="COPY is PostgreSQL's: on SQLite the generator has only the bulk_create path",
)
def test_copy_writes_the_rows_bulk_create_writes():
    by_copy = create_zone(code="copy", name="copy", code_prefix="S")
    by_orm = create_zone(code="orm", name="orm", code_prefix="S")
    generate_projects(zone=by_copy, count=250, today=TODAY, seed=5, batch_size=100, use_copy=True)
    generate_projects(zone=by_orm, count=250, today=TODAY, seed=5, batch_size=100, use_copy=False)
    copied, inserted = _rows(by_copy), _rows(by_orm)
    assert len(copied["projects"]) == 250 and copied["funds"] and copied["companies"]
    assert copied == inserted
    # Ids came from the sequences: what services create next does not collide with them.
    later = services.create_project(zone=by_copy, actor=None, name="之后的项目", today=TODAY)
    assert later.pk > Project.objects.exclude(pk=later.pk).order_by("-pk").first().pk
    figures = [
        zone_figures(zone=zone, as_of=TODAY, period_from=dt.date(2026, 1, 1))
        for zone in (by_copy, by_orm)
    ]
    assert [(k, v.count, v.amount_wan) for k, v in figures[0].values.items()] == [
        (k, v.count, v.amount_wan) for k, v in figures[1].values.items()
    ]


def test_the_same_seed_gives_the_same_figures_on_every_database(empty_zone):
    # The numbers are those of SQLite (bulk_create); PostgreSQL (COPY) must give them too.
    generate_projects(zone=empty_zone, count=300, today=TODAY, seed=1)
    figures = zone_figures(zone=empty_zone, as_of=TODAY, period_from=dt.date(2026, 1, 1))
    got = {key: (figures[key].count, str(figures[key].amount_wan)) for key in SAME_EVERYWHERE}
    funds = FundsArrived.objects.filter(project__zone=empty_zone)
    got["funds records"] = (funds.count(), str(sum(f.amount_wan for f in funds)))
    got["companies"] = (Company.objects.filter(zone=empty_zone).count(), "")
    assert got == EXPECTED_FIGURES


SAME_EVERYWHERE = {
    "signed": (15, "266385.11"),
    "signed_major": (7, "221225.11"),
    "signed_over_5yi": (1, "69000.00"),
    "negotiating": (86, "1112658.61"),
    "negotiating_major": (30, "901513.54"),
    "under_construction": (31, "342329.83"),
    "under_construction_major": (10, "264345.03"),
    "continued_construction": (22, "280463.67"),
    "started": (9, "61866.16"),
    "completed": (5, "65486.00"),
    "operating": (3, "27000.00"),
    "funds_arrived": (21, "47947.75"),
}
EXPECTED_FIGURES = {
    **SAME_EVERYWHERE,
    "funds records": (135, "284351.42"),
    "companies": (50, ""),
}
