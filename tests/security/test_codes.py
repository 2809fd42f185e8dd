"""Project codes the system gives: one scheme per zone, the demo's series continued, imported
codes kept and stepped over, never two alike under concurrency, and none quoted before it is
saved."""

import contextlib
import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.factories import TODAY, d
from tests.ledger import files
from zhaoshang.demo import data as demo
from zhaoshang.demo.loader import load_demo
from zhaoshang.ledger.services import import_ledger
from zhaoshang.org.models import Zone
from zhaoshang.org.services import create_zone
from zhaoshang.projects import services
from zhaoshang.projects.codes import CodeScheme
from zhaoshang.projects.generate import generate_projects
from zhaoshang.projects.models import Project, Stage

THREADS = 8


def new(zone, name="项目", **fields):
    return services.create_project(zone=zone, actor=None, name=name, today=TODAY, **fields)


def test_the_scheme_fills_prefix_year_and_running_number():
    scheme = CodeScheme(pattern="{prefix}{year}-{seq:03d}", prefix="YH")
    assert scheme.code(2026, 81) == "YH2026-081"
    assert scheme.code(2026, 1234) == "YH2026-1234"  # wider when it must be, never cut
    assert CodeScheme(pattern="{year}/{prefix}/{seq}", prefix="DZ").code(2027, 5) == "2027/DZ/5"


@pytest.mark.parametrize("pattern", ["{prefix}{year}", "{seq}{seq}", "{prefix},{seq}", "{x}{seq}"])
def test_a_pattern_without_one_running_number_is_refused(db, pattern):
    zone = Zone(code="bad", name="坏格式", code_pattern=pattern)
    with pytest.raises(ValidationError) as caught:
        zone.full_clean()
    assert "code_pattern" in caught.value.message_dict


def test_a_zone_numbers_by_its_prefix_or_else_its_code(db):
    plain = create_zone(code="dezhou", name="德州经济开发区")
    prefixed = create_zone(code="yucheng", name="禹城高新区", code_prefix="YC")
    assert new(plain).code == "DEZHOU2026-001"
    assert new(prefixed).code == "YC2026-001"
    assert new(prefixed).code == "YC2026-002"


def test_projects_made_in_the_demo_zone_continue_its_series(db):
    zone = load_demo(year=2026)
    last = max(Project.objects.filter(zone=zone).values_list("code", flat=True))
    assert last == demo.project_code(2026, len(demo.PROJECTS))
    made = new(zone, name="界面新建项目")
    assert made.code == demo.project_code(2026, len(demo.PROJECTS) + 1)  # YH2026-081 or so


def test_imported_codes_are_kept_and_stepped_over(zone):
    new(zone, code="ZS2026-002")  # typed by someone, in the scheme's shape of another zone
    content = files.csv_bytes(
        [
            ["项目编号", "项目名称", "登记日期"],
            ["TESTZONE2026-002", "台账里带编号的项目", "2026-05-02"],
            ["", "台账里没有编号的项目", "2026-05-02"],
        ]
    )
    plan, applied = import_ledger(zone=zone, actor=None, content=content, filename="台账.csv")
    assert applied, plan.errors
    assert Project.objects.get(name="台账里带编号的项目").code == "TESTZONE2026-002"
    assert Project.objects.get(name="台账里没有编号的项目").code == "TESTZONE2026-001"
    # The next one steps over the imported -002.
    assert new(zone, name="表单新建项目").code == "TESTZONE2026-003"


def test_an_import_previewed_before_a_form_created_a_project_is_validated_again(zone):
    """The preview promised TESTZONE2026-001; meanwhile the form took it: the import's new row
    gets the next code, never a second -001."""
    from zhaoshang.ledger.services import apply_plan, validate_ledger

    content = files.csv_bytes([["项目名称", "登记日期"], ["台账新项目", "2026-05-02"]])
    plan = validate_ledger(zone=zone, actor=None, content=content, filename="台账.csv", today=TODAY)
    assert plan.rows[0].values[0] == "TESTZONE2026-001"
    assert new(zone, name="表单新建项目").code == "TESTZONE2026-001"
    from zhaoshang.ledger.services import StalePlan

    with pytest.raises(StalePlan):
        apply_plan(plan)
    plan, applied = import_ledger(zone=zone, actor=None, content=content, filename="台账.csv")
    assert applied and Project.objects.get(name="台账新项目").code == "TESTZONE2026-002"


def test_generated_projects_take_the_zones_codes_too(zone):
    new(zone, name="先有的项目")
    summary = generate_projects(zone=zone, count=5, today=TODAY, force=True)
    assert (summary.first_code, summary.last_code) == ("TESTZONE2026-002", "TESTZONE2026-006")


def test_a_refused_new_project_quotes_no_code_and_uses_none(client, zone, people):
    client.force_login(people["alice"])
    response = client.post(
        "/projects/new/",
        {
            "name": "缺投资方的签约项目",
            "project_type": "industrial",
            "first_stage": "signed",
            "first_date": "2026-05-02",
            "agreement_type": "contract",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and "须填写投资方" in text
    assert "(新项目) 缺投资方的签约项目" in text and "TESTZONE2026" not in text
    assert new(zone).code == "TESTZONE2026-001"  # the refusal took no number


@pytest.mark.django_db(transaction=True)
def test_projects_created_at_once_get_distinct_codes_in_sequence():
    """Threads, each with its own connection, create at the same moment. On PostgreSQL they
    queue on the zone's row and the counter's. SQLite files queue on IMMEDIATE transactions
    (the settings); the in-memory database of the tests shares one cache between connections,
    where SQLite's locks fail at once instead of waiting, so there the threads take turns."""
    zone = create_zone(code="busy", name="繁忙开发区", code_prefix="BZ")
    start = threading.Barrier(THREADS)
    shared_cache = connection.vendor == "sqlite" and connection.is_in_memory_db()
    turns = threading.Lock() if shared_cache else contextlib.nullcontext()
    codes, failures = [], []

    def create(number: int) -> None:
        try:
            start.wait()
            with turns:
                project = services.create_project(
                    zone=zone,
                    actor=None,
                    name=f"并发项目{number}",
                    milestones={Stage.LEAD: d("2026-05-02")},
                    today=TODAY,
                )
            codes.append(project.code)
        except Exception as exc:
            failures.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures
    assert sorted(codes) == [f"BZ{TODAY.year}-{n:03d}" for n in range(1, THREADS + 1)]
    assert Project.objects.filter(zone=zone).count() == THREADS


def test_the_code_year_is_the_year_it_is_given(zone):
    """A project entered in 2026 with a lead of 2024 is numbered in 2026's series, as the demo's
    are: the code says when the project came into the ledger."""
    old = services.create_project(
        zone=zone,
        actor=None,
        name="老项目",
        milestones={Stage.LEAD: dt.date(2024, 3, 1)},
        today=TODAY,
    )
    assert old.code == "TESTZONE2026-001"
