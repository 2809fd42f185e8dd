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
