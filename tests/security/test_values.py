"""Numbers, dates and texts out of range, wherever they come in: forms, services, the ledger,
query strings and the CLI. Each is refused with a message (naming the row and column in a
ledger), nothing is half-saved, and no page answers 500 — for the value tried, and for every field
of its kind, so a new field without a bound fails here."""

import datetime as dt
import importlib
import io
import pkgutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

import zhaoshang
from tests.factories import TODAY, d
from tests.ledger import files
from tests.ledger.conftest import database_state, run
from zhaoshang.companies.models import Company
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.core import forms as core_forms
from zhaoshang.core.amounts import MAX_WAN, parse_wan
from zhaoshang.core.dates import EARLIEST, add_years, check_happened, check_planned
from zhaoshang.core.fields import WanField
from zhaoshang.ledger.columns import COLUMNS
from zhaoshang.ledger.validation import TEXT_LIMITS
from zhaoshang.org.models import Industry, Zone
from zhaoshang.org.services import create_zone, ensure_reference
from zhaoshang.projects import services
from zhaoshang.projects.forms import (
    CorrectForm,
    DropForm,
    FundsForm,
    MilestoneForm,
    PauseForm,
    ProjectForm,
    ReasonForm,
)
from zhaoshang.projects.models import FundsArrived, Project, Stage, StageLog
from zhaoshang.stats.models import CountingRules
from zhaoshang.stats.rules_forms import CountingRulesForm
from zhaoshang.stats.services import update_counting_rules
from zhaoshang.targets.forms import TargetsForm
from zhaoshang.targets.services import TargetValue, set_targets

KEY = lambda column: getattr(column, "key", str(column))  # noqa: E731
REPO = Path(__file__).resolve().parents[2]
OVER = MAX_WAN + Decimal("0.01")  # one cent of 万 past the bound
TOO_LARGE = "过大"
TOO_EARLY = "早于 1990-01-01"
FUTURE = "晚于今天"
CONTROL = "控制字符"
TOO_LONG = "过长"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    for module in (
        "zhaoshang.projects.views",
        "zhaoshang.projects.services",
        "zhaoshang.dashboard.views",
        "zhaoshang.stats.forms",
        "zhaoshang.stats.selectors",
        "zhaoshang.targets.views",
        "zhaoshang.reports.views",
        "zhaoshang.ledger.services",
    ):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


@pytest.fixture
def signed(zone, refs, company):
    return services.create_project(
        zone=zone,
        actor=None,
        code="P-1",
        name="水溶性复合肥项目",
        company=company,
        unit=refs["group1"],
        total_investment_wan=Decimal(120000),
        agreement_type="contract",
        milestones={Stage.SIGNED: d("2026-03-18"), Stage.STARTED: d("2026-04-20")},
        today=TODAY,
    )


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw")


def every_role(people, admin_user):
    return [*people.values(), admin_user]


def messages_of(caught) -> str:
    return " ".join(caught.value.messages)


def ledger_errors(plan) -> list[tuple]:
    return [(e.row, e.column, e.message) for e in plan.errors]


# --- amounts ----------------------------------------------------------------------------------


def test_the_issues_amount_is_refused_and_the_dashboard_stays_up(
    client, zone, people, admin_user, signed, build
):
    build("P-2", "50000", signed="2026-04-01")  # with it, the amount would overflow SQLite's sum
    client.force_login(people["alice"])
    response = client.post(
        f"/projects/{signed.pk}/edit/",
        {
            "version": signed.version,
            "name": signed.name,
            "company_name": signed.company.name,
            "unit": signed.unit_id,
            "project_type": "industrial",
            "total_investment_wan": "92233720368547758",
            "agreement_type": "contract",
        },
    )
    assert response.status_code == 200
    assert "92233720368547758" in response.text and TOO_LARGE in response.text
    signed.refresh_from_db()
    assert signed.total_investment_wan == Decimal(120000)
    for user in every_role(people, admin_user):
        client.force_login(user)
        assert client.get("/").status_code == 200, user.username


def test_amounts_at_the_bound_sum_on_the_dashboard_without_overflow(client, zone, people, company):
    """Amounts at the bound, summed by the database (PostgreSQL and SQLite alike)."""
    for number in range(3):
        services.create_project(
            zone=zone,
            actor=None,
            code=f"BIG-{number}",
            name=f"大项目{number}",
            company=company,
            total_investment_wan=MAX_WAN,
            agreement_type="contract",
            milestones={Stage.SIGNED: d("2026-03-18")},
            today=TODAY,
        )
    client.force_login(people["lee"])
    response = client.get("/?from=2026-01-01&as_of=2026-05-31")
    assert response.status_code == 200
    assert 'data-metric="signed_major">3<' in response.text


def test_a_million_projects_at_the_bound_sum_within_64_bits():
    # Amounts are summed as integer hundredths of 万 (core.fields.WanField).
    assert 1_000_000 * MAX_WAN * 100 < 2**63


@pytest.mark.parametrize(
    "typed",
    [
        "92233720368547758",
        "9223372036854775807",
        "1000000000.01",
        "1e20",
        "NaN",
        "Infinity",
        "-inf",
        "9" * 400,
        "九" * 400,
        float("nan"),
        float("inf"),
        1e20,
        Decimal("NaN"),
        Decimal("1E+100000"),
    ],
)
def test_parse_wan_refuses_what_is_no_storable_amount(typed):
    with pytest.raises(ValidationError):
        parse_wan(typed)


def test_parse_wan_takes_the_bound_itself():
    assert parse_wan("10万亿") == MAX_WAN
    assert parse_wan(float(MAX_WAN)) == MAX_WAN


def test_every_amount_field_of_every_model_is_bounded():
    """A WanField refuses past the bound in full_clean; an amount field of another kind would
    not, and fails here."""
    amount_fields = [
        field
        for model in apps.get_models()
        if model.__module__.startswith("zhaoshang.")
        for field in model._meta.get_fields()
        if field.concrete and field.name.endswith("_wan")
    ]
    assert len(amount_fields) >= 7
    for field in amount_fields:
        assert isinstance(field, WanField), field
        with pytest.raises(ValidationError) as caught:
            field.clean(OVER, None)
        assert TOO_LARGE in messages_of(caught), field
        assert field.clean(MAX_WAN, None) == MAX_WAN


def _amount_fields_of_forms(zone) -> list[tuple[str, forms.Field]]:
    project_form = ProjectForm(zone=zone)
    targets_form = TargetsForm(year=2026, targets=[])
    return [
        *(
            (f"ProjectForm.{name}", field)
            for name, field in project_form.fields.items()
            if name.endswith("_wan")
        ),
        ("FundsForm.amount_wan", FundsForm().fields["amount_wan"]),
        *(
            (f"CountingRulesForm.{n}", f)
            for n, f in CountingRulesForm(
                rules=CountingRules(zone=zone), history_version=1, today=TODAY
            ).fields.items()
            if "wan" in n
        ),
        *(
            (f"TargetsForm.{n}", f)
            for n, f in targets_form.fields.items()
            if n.startswith("amount_")
        ),
    ]


def test_every_amount_field_of_every_form_refuses_past_the_bound(zone):
    fields = _amount_fields_of_forms(zone)
    assert len(fields) >= 10
    for name, field in fields:
        with pytest.raises(ValidationError) as caught:
            field.clean("1000000000.01")
        assert TOO_LARGE in messages_of(caught), name
        with pytest.raises(ValidationError):
            field.clean("NaN")
        assert field.clean("1000000000") == MAX_WAN, name


def test_the_services_refuse_every_amount_past_the_bound(zone, refs, people, company, signed):
    """The same message from the services, for callers that bring a Decimal (imports, an API)."""
    alice = people["alice"]
    before = database_state(zone)
    calls = {
        "create total": lambda: services.create_project(
            zone=zone, actor=alice, name="甲", total_investment_wan=OVER, today=TODAY
        ),
        "create foreign": lambda: services.create_project(
            zone=zone, actor=alice, name="甲", foreign_capital_usd_wan=OVER, today=TODAY
        ),
        "update total": lambda: services.update_project(
            project=signed, actor=alice, total_investment_wan=OVER, today=TODAY
        ),
        "update foreign": lambda: services.update_project(
            project=signed, actor=alice, foreign_capital_usd_wan=OVER, today=TODAY
        ),
        "funds": lambda: services.record_funds_arrived(
            project=signed,
            actor=alice,
            on=TODAY,
            amount_wan=OVER,
            source_of_funds="local",
            today=TODAY,
        ),
        "target": lambda: set_targets(
            zone=zone, actor=alice, year=2026, values={"signed": TargetValue(amount_wan=OVER)}
        ),
        **{
            f"rules {name}": (
                lambda name=name: update_counting_rules(
                    zone=zone,
                    actor=alice,
                    **{
                        "major_threshold_wan": Decimal(10000),
                        "tier_threshold_wan": Decimal(50000),
                        "minimum_amount_wan": Decimal(0),
                        name: OVER,
                    },
                    counted_project_types=["industrial"],
                )
            )
            for name in ("major_threshold_wan", "tier_threshold_wan", "minimum_amount_wan")
        },
    }
    for name, call in calls.items():
        with pytest.raises(ValidationError) as caught:
            call()
        assert TOO_LARGE in messages_of(caught), name
    assert database_state(zone) == before


def test_a_projects_funds_together_keep_within_the_bound(zone, people, signed):
    record = {
        "project": signed,
        "actor": people["alice"],
        "source_of_funds": "local",
        "today": TODAY,
    }
    services.record_funds_arrived(on=d("2026-05-01"), amount_wan=MAX_WAN - 1, **record)
    services.record_funds_arrived(on=d("2026-05-02"), amount_wan=Decimal(1), **record)
    with pytest.raises(ValidationError) as caught:
        services.record_funds_arrived(on=d("2026-05-03"), amount_wan=Decimal("0.01"), **record)
    assert "上限" in messages_of(caught)
    assert FundsArrived.objects.filter(project=signed).count() == 2


def test_a_target_count_past_a_million_projects_is_refused(zone, people):
    with pytest.raises(ValidationError) as caught:
        set_targets(
            zone=zone,
            actor=people["alice"],
            year=2026,
            values={"signed": TargetValue(count=10**20)},
        )
    assert TOO_LARGE in messages_of(caught)


@pytest.mark.parametrize("column", [c for c in COLUMNS if c.kind == "amount"], ids=KEY)
@pytest.mark.parametrize("cell", [1e20, "92233720368547758", "1e20"], ids=KEY)
def test_the_ledger_refuses_amounts_past_the_bound_naming_row_and_column(zone, refs, column, cell):
    before = database_state(zone)
    content = files.xlsx(files.table({"项目名称": "甲", column.header: cell}))
    plan, applied = run(content, zone=zone)
    assert not applied
    [(row, header, message)] = ledger_errors(plan)
    assert (row, header) == (2, column.header)
    assert message
    assert database_state(zone) == before


@pytest.mark.parametrize("make", [files.xls, files.ods], ids=["xls", "ods"])
@pytest.mark.parametrize("cell", [float("nan"), float("inf")], ids=["nan", "inf"])
def test_the_ledger_refuses_nan_and_infinite_amounts_naming_row_and_column(zone, refs, make, cell):
    content = make([["项目名称", "总投资(万元)"], ["甲", cell]])
    plan, applied = run(content, f"台账.{make.__name__}", zone=zone)
    assert not applied
    [(row, header, message)] = ledger_errors(plan)
    assert (row, header) == (2, "总投资(万元)")
    assert "不是金额" in message
    assert not Project.objects.filter(zone=zone).exists()


# --- dates ------------------------------------------------------------------------------------


PAGES_WITH_A_PERIOD = ["/", "/figures/signed/", "/figures/signed_major/", "/briefings/"]


@pytest.mark.parametrize("page", PAGES_WITH_A_PERIOD)
@pytest.mark.parametrize(
    "query",
    [
        "from=0001-01-01",
        "from=0001-01-01&as_of=0001-01-01",
        "as_of=0001-12-31",
        "from=1989-12-31&as_of=2026-05-31",
        "from=9999-12-31&as_of=9999-12-31",
        "from=0000-01-01",
    ],
)
def test_a_period_out_of_range_falls_back_with_a_message(client, people, signed, page, query):
    client.force_login(people["lee"])
    response = client.get(f"{page}?{query}")
    assert response.status_code == 200
    assert "已显示本年至今" in response.text


def test_the_issues_period_shows_why_it_was_set_aside(client, people, signed):
    client.force_login(people["lee"])
    page = client.get("/?from=0001-01-01").text
    assert "0001-01-01" in page and TOO_EARLY in page


@pytest.mark.parametrize("query", ["from=0001-01-01", "from=0001-01-01&as_of=0001-01-01"])
def test_a_briefing_download_out_of_range_falls_back(client, people, signed, query):
    client.force_login(people["lee"])
    assert client.get(f"/briefings/download/md/?{query}").status_code == 200


@pytest.mark.parametrize("as_of", ["0001-01-01", "1989-12-31", "9999-12-31", "2026-02-30"])
def test_targets_as_of_out_of_range_shows_the_year_with_a_message(client, people, as_of):
    client.force_login(people["lee"])
    response = client.get(f"/targets/?as_of={as_of}")
    assert response.status_code == 200
    assert 'id="as-of-error"' in response.text


def _zhaoshang_form_classes() -> list[type[forms.BaseForm]]:
    skipped = (".migrations", ".management", ".settings", ".wsgi", ".__main__")
    for module in pkgutil.walk_packages(zhaoshang.__path__, "zhaoshang."):
        if not any(part in module.name for part in skipped):
            importlib.import_module(module.name)
    found, pending = [], [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("zhaoshang."):
            found.append(cls)
    return found


def test_every_date_field_of_every_form_keeps_the_range():
    """Every DateField of our forms is the one that refuses dates out of range: a new form with a
    plain forms.DateField fails here."""
    date_fields = [
        (f"{form.__name__}.{name}", field)
        for form in _zhaoshang_form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField)
    ]
    names = {name for name, _field in date_fields}
    assert {
        "NewProjectForm.first_date",
        "MilestoneForm.on",
        "CorrectForm.on",
        "DropForm.on",
        "PauseForm.on",
        "FundsForm.on",
        "ProjectFilterForm.stage_on",
        "ProjectFilterForm.date_from",
        "ProjectFilterForm.date_to",
        "PeriodForm.as_of",
        "BriefingForm.period_from",
    } <= names
    for name, field in date_fields:
        assert isinstance(field, core_forms.DateField), name
        for typed in ("0001-01-01", "1989-12-31", "9999-12-31"):
            with pytest.raises(ValidationError):
                field.clean(typed)
        assert field.clean("2026-05-31") == TODAY


ACTIONS = {
    "milestone": {"stage": "completed"},
    "correct": {"stage": "started", "reason": "更正"},
    "drop": {"reason": "外迁"},
    "pause": {"reason": "资金未到位"},
    "funds": {"amount_wan": "100", "source": "local"},
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    ("on", "reason"),
    [("0001-01-01", TOO_EARLY), ("1989-12-31", TOO_EARLY), ("2026-06-01", FUTURE)],
)
def test_every_dialog_refuses_a_date_out_of_range(client, people, signed, action, on, reason):
    client.force_login(people["alice"])
    before = database_state(signed.zone)
    response = client.post(
        f"/projects/{signed.pk}/{action}/",
        {"on": on, "version": signed.version, **ACTIONS[action]},
    )
    assert response.status_code == 422
    assert reason in response.text
    assert database_state(signed.zone) == before


def test_the_new_project_form_refuses_the_issues_date(client, zone, people, refs):
    client.force_login(people["alice"])
    response = client.post(
        "/projects/new/",
        {
            "name": "新项目",
            "project_type": "industrial",
            "first_stage": "lead",
            "first_date": "0001-01-01",
        },
    )
    assert response.status_code == 200
    assert TOO_EARLY in response.text
    assert not Project.objects.filter(zone=zone).exists()


def test_the_services_refuse_a_date_before_the_earliest(zone, people, signed):
    alice, old = people["alice"], dt.date(1, 1, 1)
    before = database_state(zone)
    calls = {
        "create": lambda: services.create_project(
            zone=zone, actor=alice, name="甲", milestones={Stage.LEAD: old}, today=TODAY
        ),
        "milestone": lambda: services.record_milestone(
            project=signed, actor=alice, stage=Stage.LEAD, on=old, today=TODAY
        ),
        "correct": lambda: services.correct_milestone(
            project=signed, actor=alice, stage=Stage.SIGNED, on=old, reason="更正", today=TODAY
        ),
        "drop": lambda: services.drop_project(
            project=signed, actor=alice, on=old, reason="外迁", today=TODAY
        ),
        "pause": lambda: services.set_paused(
            project=signed, actor=alice, paused=True, on=old, today=TODAY
        ),
        "funds": lambda: services.record_funds_arrived(
            project=signed,
            actor=alice,
            on=old,
            amount_wan=Decimal(1),
            source_of_funds="local",
            today=TODAY,
        ),
    }
    for name, call in calls.items():
        with pytest.raises(ValidationError) as caught:
            call()
        assert TOO_EARLY in messages_of(caught), name
    assert database_state(zone) == before


@pytest.mark.parametrize("column", [c for c in COLUMNS if c.kind == "date"], ids=KEY)
@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("0001-01-01", TOO_EARLY),
        ("1989年12月31日", TOO_EARLY),
        (dt.date(1950, 1, 2), TOO_EARLY),
        ("2026-06-01", FUTURE),
        ("9999-12-31", FUTURE),
    ],
    ids=KEY,
)
def test_the_ledger_refuses_dates_out_of_range_naming_row_and_column(
    zone, refs, column, cell, reason
):
    # A project that may have any date: an investor, an amount, an agreement, a reason to drop.
    record = {
        "项目名称": "甲",
        "投资方": "甲公司",
        "总投资(万元)": "1亿",
        "协议类型": "正式合同",
        "终止原因": "外迁" if column.key == "dropped_date" else "",
        column.header: cell,
    }
    plan, applied = run(files.xlsx(files.table(record)), zone=zone)
    assert not applied
    assert [(row, header) for row, header, _message in ledger_errors(plan)] == [(2, column.header)]
    assert reason in plan.errors[0].message
    assert not Project.objects.filter(zone=zone).exists()


def test_dates_keep_the_range_the_rule_gives():
    assert check_happened(EARLIEST, today=TODAY) == EARLIEST
    assert check_happened(TODAY, today=TODAY) == TODAY
    ten_years = d("2036-05-31")
    assert check_planned(ten_years, today=TODAY) == ten_years
    for day, check in [
        (d("1989-12-31"), check_happened),
        (d("2026-06-01"), check_happened),
        (d("1989-12-31"), check_planned),
        (d("2036-06-01"), check_planned),
    ]:
        with pytest.raises(ValidationError):
            check(day, today=TODAY)


def test_year_arithmetic_never_leaves_the_calendar():
    assert add_years(d("2024-02-29"), -1) == d("2023-02-28")
    assert add_years(dt.date.min, -1) == dt.date.min
    assert add_years(dt.date.max, 10) == dt.date.max


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "--zone", "testzone", "--as-of", "0001-01-01"],
        ["stats", "--zone", "testzone", "--as-of", "2026-05-31", "--from", "1989-12-31"],
        ["stats", "--zone", "testzone", "--as-of", "2999-01-01"],
        ["briefing", "--zone", "testzone", "--as-of", "2026-05-31", "--from", "0001-01-01"],
        ["gen-projects", "5", "--zone", "testzone", "--today", "0001-01-01"],
        ["gen-projects", "5", "--zone", "testzone", "--today", "1995-06-01"],
        ["import-ledger", "x.xlsx", "--zone", "testzone", "--today", "0001-01-01"],
        ["demo", "--year", "99999"],
        ["demo", "--year", "1999"],
    ],
    ids=" ".join,
)
def test_the_cli_refuses_dates_out_of_range(zone, args):
    with pytest.raises(CommandError):
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
    assert not Project.objects.exists()


def test_the_cli_exits_non_zero_on_the_issues_date():
    result = subprocess.run(
        [sys.executable, "-m", "zhaoshang", "stats", "--zone", "x", "--as-of", "0001-01-01"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "1990-01-01" in result.stderr


# --- text -------------------------------------------------------------------------------------


def test_the_issues_long_names_are_refused_by_the_ledger_naming_row_and_column(zone, refs):
    before = database_state(zone)
    content = files.xlsx(
        files.table(
            {"项目名称": "项" * 10_000, "投资方": "甲公司"},
            {"项目名称": "乙项目", "投资方": "企" * 5_000},
        )
    )
    plan, applied = run(content, zone=zone)
    assert not applied
    assert [(row, column) for row, column, _message in ledger_errors(plan)] == [
        (2, "项目名称"),
        (3, "投资方"),
    ]
    assert all(TOO_LONG in error.message for error in plan.errors)
    assert all(len(error.value) <= 101 for error in plan.errors)  # shown cut short
    assert database_state(zone) == before


TEXT_KINDS = {"code", "text", "longtext", "company", "industry", "park", "unit"}


def test_every_text_column_of_the_ledger_has_its_fields_limit():
    text_columns = {column.key for column in COLUMNS if column.kind in TEXT_KINDS}
    assert text_columns == set(TEXT_LIMITS)
    assert TEXT_LIMITS["name"] == Project._meta.get_field("name").max_length
    assert TEXT_LIMITS["company"] == Company._meta.get_field("name").max_length
    assert TEXT_LIMITS["industry"] == Industry._meta.get_field("name").max_length


@pytest.mark.parametrize("column", [c for c in COLUMNS if c.kind in TEXT_KINDS], ids=KEY)
def test_the_ledger_refuses_a_text_one_past_its_limit_naming_row_and_column(
    zone, refs, people, column
):
    limit = TEXT_LIMITS[column.key]
    record = {"项目名称": "甲", "投资方": "甲公司", column.header: "字" * (limit + 1)}
    if column.key == "drop_reason":
        record["终止日期"] = "2026-05-01"
    plan, applied = run(
        files.xlsx(files.table(record)), zone=zone, actor=people["alice"], create_missing=True
    )
    assert not applied
    assert [(row, header) for row, header, _message in ledger_errors(plan)] == [(2, column.header)]
    assert TOO_LONG in plan.errors[0].message
    record[column.header] = "字" * limit
    plan, _applied = run(
        files.xlsx(files.table(record)), zone=zone, actor=people["alice"], create_missing=True
    )
    assert plan.ok, ledger_errors(plan)


@pytest.mark.parametrize("make", [files.xls, files.csv_bytes], ids=["xls", "csv"])
@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1f"], ids=repr)
@pytest.mark.parametrize(
    "header", ["项目名称", "投资方", "投资方所在地", "所属产业", "备注", "项目类型"]
)
def test_the_ledger_refuses_control_characters_naming_row_and_column(
    zone, refs, people, make, character, header
):
    record = {"项目名称": "甲", "投资方": "甲公司", header: f"山东{character}省"}
    plan, applied = run(
        make(files.table(record)),
        f"台账.{'csv' if make is files.csv_bytes else 'xls'}",
        zone=zone,
        actor=people["alice"],
        create_missing=True,
    )
    assert not applied
    assert [(row, column) for row, column, _message in ledger_errors(plan)] == [(2, header)]
    assert not Project.objects.filter(zone=zone).exists()


def test_form_text_fields_keep_the_limits_of_the_fields_they_fill(zone):
    project_form = ProjectForm(zone=zone)
    pairs = [
        (project_form.fields["code"], Project, "code"),
        (project_form.fields["name"], Project, "name"),
        (project_form.fields["company_name"], Company, "name"),
        (project_form.fields["note"], Project, "note"),
        (FundsForm().fields["note"], FundsArrived, "note"),
    ]
    pairs += [
        (form().fields["reason"], StageLog, "reason") for form in (MilestoneForm, CorrectForm)
    ]
    pairs += [(form().fields["reason"], StageLog, "reason") for form in (PauseForm, ReasonForm)]
    pairs += [
        (DropForm().fields["reason"], Project, "drop_reason"),
        (DropForm().fields["dropped_to"], Project, "dropped_to"),
    ]
    for field, model, name in pairs:
        limit = model._meta.get_field(name).max_length
        assert field.max_length is not None and field.max_length <= limit, (model, name)


def test_every_char_field_of_the_project_forms_has_a_limit():
    checked = 0
    for form in _zhaoshang_form_classes():
        if not form.__module__.startswith("zhaoshang.projects.forms"):
            continue
        for name, field in form.base_fields.items():
            if type(field) is forms.CharField:
                assert field.max_length is not None, f"{form.__name__}.{name}"
                checked += 1
    assert checked >= 5  # the project forms' names, notes and reasons were all looked at


def test_the_project_form_refuses_a_long_note(client, zone, people, signed):
    client.force_login(people["alice"])
    response = client.post(
        f"/projects/{signed.pk}/edit/",
        {
            "version": signed.version,
            "name": signed.name,
            "company_name": signed.company.name,
            "project_type": "industrial",
            "total_investment_wan": "120000",
            "agreement_type": "contract",
            "note": "注" * 2001,
        },
    )
    assert response.status_code == 200
    signed.refresh_from_db()
    assert signed.note == ""


@pytest.mark.parametrize("character", ["\x01", "\x0b", "\x1f"], ids=repr)
@pytest.mark.parametrize("field", ["name", "note", "company_name"])
def test_the_project_form_refuses_control_characters(
    client, zone, people, signed, character, field
):
    client.force_login(people["alice"])
    data = {
        "version": signed.version,
        "name": signed.name,
        "company_name": signed.company.name,
        "project_type": "industrial",
        "total_investment_wan": "120000",
        "agreement_type": "contract",
        "note": "",
    }
    data[field] = f"甲{character}乙"  # inside: a form strips whitespace at the ends
    before = database_state(zone)
    response = client.post(f"/projects/{signed.pk}/edit/", data)
    if field == "company_name" and character.isspace():
        # An investor's name has its runs of white space made one space, these included.
        assert response.status_code == 302
        assert Project.objects.get(pk=signed.pk).company.name == "甲 乙"
        return
    assert response.status_code == 200
    assert CONTROL in response.text
    assert database_state(zone) == before


@pytest.mark.parametrize("action", ["milestone", "drop", "pause", "funds"])
def test_the_dialogs_refuse_control_characters(client, people, signed, action):
    client.force_login(people["alice"])
    data = {"on": "2026-05-20", "version": signed.version, **ACTIONS[action]}
    field = "note" if action == "funds" else "reason"
    data[field] = "说明\x01"
    before = database_state(signed.zone)
    response = client.post(f"/projects/{signed.pk}/{action}/", data)
    assert response.status_code == 422
    assert CONTROL in response.text
    assert database_state(signed.zone) == before


def test_the_services_refuse_names_past_their_limits(zone, people):
    before = database_state(zone)
    with pytest.raises(ValidationError) as caught:
        services.create_project(zone=zone, actor=people["alice"], name="项" * 201, today=TODAY)
    assert TOO_LONG in messages_of(caught)
    with pytest.raises(ValidationError):
        get_or_create_company(zone=zone, actor=None, name="企" * 201)
    with pytest.raises(ValidationError):
        ensure_reference(zone=zone, model=Industry, name="业" * 101)
    with pytest.raises(ValidationError):
        ensure_reference(zone=zone, model=Industry, name="新\x00材料")
    assert database_state(zone) == before


@pytest.mark.parametrize(
    "more",
    [
        ["--name", "测试\x00区"],
        ["--name", "测试\x01区"],
        ["--name", "区" * 101],
        ["--name", "测试区", "--code-prefix", "Y\x01"],
    ],
    ids=repr,
)
def test_the_cli_refuses_a_zone_text_out_of_range(db, more):
    with pytest.raises(CommandError):
        call_command("create-zone", "--code", "newzone", *more, stdout=io.StringIO())
    assert not Zone.objects.exists()


def test_create_zone_keeps_a_name_at_its_limit(db):
    assert create_zone(code="longname", name="区" * 100).name == "区" * 100


GET_PAGES = [
    "/?from={v}",
    "/figures/signed/?zone={v}",
    "/figures/signed/?by=industry&group={v}",
    "/figures/signed/?back={v}",
    "/briefings/?zone={v}",
    "/briefings/download/md/?zone={v}",
    "/projects/?q={v}",
    "/projects/?region_group={v}",
    "/projects/?province={v}",
    "/projects/?industry={v}",
    "/projects/?sort={v}",
    "/projects/?page={v}",
    "/projects/companies/?company_name={v}",
    "/pipeline/?region_group={v}",
    "/targets/?as_of={v}",
    "/targets/?unit={v}",
    "/ledger/export/?region_group={v}",
    "/projects/{v}/",
]


@pytest.mark.parametrize("page", GET_PAGES)
@pytest.mark.parametrize("value", ["%00", "a%00b", "%01"], ids=["nul", "inner-nul", "soh"])
def test_no_query_with_a_control_character_breaks_a_page(client, people, signed, page, value):
    client.force_login(people["alice"])
    response = client.get(page.format(v=value))
    assert response.status_code < 500
    if "%00" in value:
        assert response.status_code in (400, 404)


@pytest.mark.parametrize("zone_value", ["%00", "abc", "99999999999999999999999"])
def test_switching_to_a_zone_that_is_no_number_is_refused(client, people, zone_value):
    client.force_login(people["alice"])
    response = client.post(
        "/zone/switch/",
        f"zone={zone_value}&next=/",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (400, 404)


def test_a_member_posting_a_nul_is_refused_before_any_view(client, people, signed):
    client.force_login(people["bob"])
    response = client.post(
        f"/projects/{signed.pk}/milestone/",
        f"stage=completed&on=2026-05-20&reason=%00&version={signed.version}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert Project.objects.get(pk=signed.pk).completed_date is None


def test_a_ledger_holding_nul_is_listed_not_a_500(client, settings, zone, refs, people):
    """PostgreSQL stores no NUL, not even inside the JSON of an import's errors: the cell and an
    unknown header holding one are quoted back written out (\\x00)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(people["alice"])
    handle = io.BytesIO(files.xls([["项目名称", "投资方", "序\x00号"], ["甲\x00乙", "乙公司", 1]]))
    handle.name = "台账.xls"
    response = client.post("/ledger/", {"file": handle})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "甲\\x00乙" in page.text and "序\\x00号" in page.text and CONTROL in page.text
    assert client.get(f"{response['Location']}errors/").status_code == 200
    assert not Project.objects.filter(zone=zone).exists()


@pytest.fixture
def english_then_back():
    """The requests below leave English active in this thread: later tests read Chinese."""
    yield
    translation.deactivate()


def test_the_refusals_read_in_english(client, zone, people, signed, english_then_back):
    client.force_login(people["alice"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/?from=0001-01-01").text
    assert "is before 1990-01-01; the system takes dates from 1990-01-01 on" in page
    response = client.post(
        f"/projects/{signed.pk}/funds/",
        {
            "on": "2026-05-20",
            "amount_wan": "92233720368547758",
            "source": "local",
            "version": signed.version,
        },
    )
    assert "is too large: no amount may exceed 1,000,000,000" in response.text
    response = client.post(
        f"/projects/{signed.pk}/milestone/",
        {"stage": "completed", "on": "2026-05-20", "reason": "x\x01", "version": signed.version},
    )
    assert "holds an invisible control character (U+0001)" in response.text
