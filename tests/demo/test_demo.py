"""The demo zone: the report's figures for any demo year, idempotence, dates, users, command."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.cn import uscc as uscc_number

from zhaoshang.companies.models import Channel, Company
from zhaoshang.core.models import ChangeLog
from zhaoshang.demo import data
from zhaoshang.demo.loader import (
    check_demo_year,
    default_demo_year,
    demo_as_of,
    demo_years,
    load_demo,
)
from zhaoshang.org import permissions
from zhaoshang.org.models import Industry, Membership, Park, Role, Unit, User, Zone
from zhaoshang.projects.models import (
    DATE_FIELD,
    AgreementType,
    FundsArrived,
    Project,
    Stage,
    StageLog,
)
from zhaoshang.stats.selectors import zone_figures
from zhaoshang.targets.models import Target
from zhaoshang.targets.selectors import year_progress

pytestmark = pytest.mark.django_db

YEAR = 2024
REPORT = {
    "signed_major": 8,
    "negotiating_major": 13,
    "under_construction_major": 20,
    "started": 6,
    "completed": 6,
}


def figures(zone: Zone, year: int) -> dict[str, int]:
    as_of = dt.date(year, 5, 31)
    values = zone_figures(
        zone=zone,
        as_of=as_of,
        period_from=dt.date(year, 1, 1),
        breakdowns=False,
        today=as_of,
    )
    return {key: values[key].count for key in REPORT}


def counts() -> dict[str, int]:
    models = [
        *(Zone, Unit, Park, Industry, Company, Project, FundsArrived, StageLog, ChangeLog),
        Target,
    ]
    found = {model.__name__: model.objects.count() for model in [*models, User, Membership]}
    found["versions"] = sum(Project.objects.values_list("version", flat=True))
    return found


@pytest.mark.parametrize("year", [2024, 2025])
def test_it_reproduces_the_reports_figures(year):
    zone = load_demo(year=year)

    assert figures(zone, year) == REPORT


def test_it_gives_a_different_year_ago_picture():
    zone = load_demo(year=YEAR)

    assert figures(zone, YEAR - 1) == {
        "signed_major": 5,
        "negotiating_major": 8,
        "under_construction_major": 16,
        "started": 8,
        "completed": 3,
    }


def test_it_changes_nothing_when_run_twice():
    load_demo(year=YEAR)
    first = counts()

    load_demo(year=YEAR)

    assert counts() == first
    assert first["Project"] == len(data.PROJECTS)


def test_it_leaves_what_exists_as_it_is():
    zone = load_demo(year=YEAR)
    company = Company.objects.get(zone=zone, name="北京运河通达供应链管理有限公司")
    corrected = "91110000MAYH00000" + uscc_number.calc_check_digit("91110000MAYH00000")
    Company.objects.filter(pk=company.pk).update(uscc=corrected)
    Project.objects.filter(zone=zone, code=data.project_code(YEAR, 3)).update(
        total_investment_wan=Decimal(85000)
    )
    Membership.objects.filter(user__username="leader").update(role=Role.DIRECTOR)

    load_demo(year=YEAR)

    assert Company.objects.get(pk=company.pk).uscc == corrected
    project = Project.objects.get(zone=zone, code=data.project_code(YEAR, 3))
    assert project.total_investment_wan == Decimal(85000)
    assert Membership.objects.get(user__username="leader").role == Role.DIRECTOR


def test_it_sets_the_years_targets_some_ahead_some_behind_and_keeps_a_directors():
    zone = load_demo(year=YEAR)
    progress = year_progress(zone=zone, as_of=demo_as_of(YEAR), today=demo_as_of(YEAR))
    assert {row.metric for row in progress.zone_rows} >= {"signed_major", "funds_arrived"}
    assert progress.unit_rows
    assert any(row.behind for row in progress.rows)
    assert any(not row.behind for row in progress.rows)

    Target.objects.filter(zone=zone, year=YEAR, metric="signed_major", unit=None).update(count=9)
    load_demo(year=YEAR)
    assert Target.objects.get(zone=zone, year=YEAR, metric="signed_major", unit=None).count == 9


def test_it_keeps_two_demo_years_apart():
    load_demo(year=2024)
    zone = load_demo(year=2025)

    assert Project.objects.filter(zone=zone).count() == 2 * len(data.PROJECTS)
    assert demo_years(zone) == {2024, 2025}


def test_it_dates_nothing_after_31_may():
    for item in data.PROJECTS:
        assert all(data.demo_date(YEAR, when) <= demo_as_of(YEAR) for when in item.all_dates())

    zone = load_demo(year=YEAR)

    as_of = demo_as_of(YEAR)
    for project in Project.objects.filter(zone=zone):
        dates = [project.milestone_date(stage) for stage in Stage]
        assert all(on <= as_of for on in dates if on), project
    assert not FundsArrived.objects.filter(arrived_date__gt=as_of).exists()
    assert not StageLog.objects.filter(new_date__gt=as_of).exists()


def test_it_loads_the_projects_named_in_the_report():
    zone = load_demo(year=YEAR)
    projects = {p.name: p for p in Project.objects.filter(zone=zone).select_related("company")}

    fertiliser = projects["水溶性复合肥项目"]
    assert fertiliser.company.name == "史丹利化肥股份有限公司"
    assert fertiliser.total_investment_wan == Decimal(120000)
    assert fertiliser.signed_date == dt.date(YEAR, 5, 18)
    assert fertiliser.agreement_type == AgreementType.CONTRACT
    assert fertiliser.channel == Channel.EXHIBITION
    assert "资本交易大会" in fertiliser.note

    leasing = projects["化工设备融资租赁项目"]
    assert leasing.company.name == "华鲁国际融资租赁有限公司"
    assert leasing.total_investment_wan == Decimal(60000)
    assert leasing.signed_date == dt.date(YEAR, 5, 18)
    assert leasing.channel == Channel.BY_BUSINESS
    assert leasing.introduced_by.name == "山东华鲁恒升化工股份有限公司"
    assert leasing.introduced_by.is_anchor

    for name, amount in [("运河物流中心项目", 80000), ("中星石油机械加工项目", 51000)]:
        project = projects[name]
        assert project.total_investment_wan == Decimal(amount)
        assert project.signed_date.year == YEAR
        assert project.started_date is None

    for name in ["异辛烷溶剂油", "液压机械", "船用电机", "橡塑工程制品", "城市综合体", "现代物流"]:
        project = projects[f"{name}项目"]
        assert project.stage == Stage.SUBSTANTIVE
        assert project.total_investment_wan >= Decimal(10000)


def test_it_loads_the_zones_reference_data():
    zone = load_demo(year=YEAR)

    assert zone.code == "yunhe"
    assert zone.name == "运河经济开发区"
    units = Unit.objects.filter(zone=zone)
    assert units.filter(kind=Unit.Kind.PROMOTION_GROUP).count() == 11
    assert set(units.filter(kind=Unit.Kind.SPECIALIST_BUREAU).values_list("name", flat=True)) == {
        "第一招商局",
        "第二招商局",
    }
    assert Park.objects.filter(zone=zone).count() == 3
    assert Industry.objects.filter(zone=zone).count() == 6
    anchors = Company.objects.filter(zone=zone, is_anchor=True)
    assert {c.name for c in anchors} == {"山东华鲁恒升化工股份有限公司", "华能德州电厂"}
    assert {c.region_id for c in anchors} == {"371400"}


def test_it_gives_companies_regions_and_valid_codes():
    zone = load_demo(year=YEAR)
    companies = Company.objects.filter(zone=zone)

    assert not companies.filter(region__isnull=True).exists()
    codes = [c.uscc for c in companies if c.uscc]
    assert len(codes) > len(data.COMPANIES) // 2
    assert len(set(codes)) == len(codes)
    assert all(uscc_number.is_valid(code) for code in codes)
    # Companies the report names are real: no code is invented for them.
    named = ["史丹利化肥股份有限公司", "华鲁国际融资租赁有限公司", "山东华鲁恒升化工股份有限公司"]
    assert not companies.filter(name__in=named).exclude(uscc="").exists()


def test_it_records_funds_pauses_and_drops():
    zone = load_demo(year=YEAR)
    projects = Project.objects.filter(zone=zone)
    funds = FundsArrived.objects.filter(project__zone=zone)

    assert {f.arrived_date.year for f in funds} == {YEAR - 1, YEAR}
    assert set(funds.values_list("source", flat=True)) == set(FundsArrived.Source.values)
    assert projects.filter(is_paused=True).count() >= 2
    assert StageLog.objects.filter(project__zone=zone, milestone=StageLog.RESUMED).exists()
    dropped = projects.filter(dropped_date__isnull=False)
    assert dropped.count() >= 3
    assert all(p.drop_reason for p in dropped)
    assert dropped.exclude(dropped_to="").exists()
    assert set(StageLog.objects.filter(project__zone=zone).values_list("source", flat=True)) == {
        "demo"
    }


def test_it_creates_the_demo_users_with_their_roles():
    zone = load_demo(year=YEAR)

    roles = {
        m.user.username: (m.role, m.unit.name if m.unit else None)
        for m in Membership.objects.filter(zone=zone).select_related("user", "unit")
    }
    assert roles == {
        "director": (Role.DIRECTOR, None),
        "leader": (Role.LEADER, None),
        "group01": (Role.MEMBER, "招商一组"),
        "group02": (Role.MEMBER, "招商二组"),
        "contributor": (Role.CONTRIBUTOR, None),
        "admin": (Role.ADMIN, None),
    }
    users = {u.username: u for u in User.objects.filter(username__in=roles)}
    assert all(user.check_password("demo") for user in users.values())
    assert users["director"].is_staff and not users["director"].is_superuser
    assert users["admin"].is_staff and users["admin"].is_superuser
    assert not users["leader"].is_staff
    assert Project.objects.filter(zone=zone, submitted_by=users["contributor"]).count() >= 1


def test_it_gives_each_group_its_own_projects():
    zone = load_demo(year=YEAR)
    group01, group02 = User.objects.get(username="group01"), User.objects.get(username="group02")
    projects = Project.objects.filter(zone=zone)

    mine = permissions.visible(group01, projects, zone=zone)
    theirs = projects.filter(unit__name="招商二组")
    assert mine.count() >= 3
    assert theirs.count() >= 3
    assert set(mine.values_list("unit__name", flat=True)) == {"招商一组"}
    assert not permissions.can_change(group01, theirs.first())
    assert permissions.visible(group02, projects, zone=zone).count() == theirs.count()


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (dt.date(2026, 1, 1), 2025),
        (dt.date(2026, 5, 30), 2025),
        (dt.date(2026, 5, 31), 2026),
        (dt.date(2026, 12, 31), 2026),
    ],
)
def test_it_defaults_to_the_latest_year_whose_31_may_has_come(today, year):
    assert default_demo_year(today=today) == year


def test_it_refuses_a_year_whose_31_may_is_to_come():
    with pytest.raises(ValidationError, match="晚于今天"):
        check_demo_year(2026, today=dt.date(2026, 5, 30))
    check_demo_year(2026, today=dt.date(2026, 5, 31))


def test_the_command_refuses_a_future_year():
    with pytest.raises(CommandError, match="9999"):
        call_command("demo", "--year", "9999")
    assert not Zone.objects.filter(code="yunhe").exists()


def test_the_command_loads_and_prints_the_logins():
    out = StringIO()

    call_command("demo", "--year", str(YEAR), stdout=out)

    text = out.getvalue()
    assert "本次新建 63 个" in text
    for user in ["director", "leader", "group01", "group02", "contributor", "admin"]:
        assert user in text
    assert figures(Zone.objects.get(code="yunhe"), YEAR) == REPORT


def test_codes_are_stable_and_distinct_between_years():
    numbers = [item.number for item in data.PROJECTS]
    assert len(set(numbers)) == len(numbers)
    assert data.project_code(2024, 1) == "YH2024-001"
    assert data.project_code(2024, 1) != data.project_code(2025, 1)
    assert set(DATE_FIELD) >= {stage for item in data.PROJECTS for stage in item.milestones}
