"""Where the money comes from (投资方所在地 / 项目来源地) belongs to the project: a lead may know it
before its investor's name, two projects of one investor may come from two places, and the
region figures read it."""

import importlib
from decimal import Decimal

from django.apps import apps as django_apps

from tests.factories import TODAY, d
from tests.ledger import files
from tests.ledger.conftest import STANLEY_USCC, run
from zhaoshang.companies.models import Company
from zhaoshang.ledger.export import ledger_rows
from zhaoshang.org.models import Region
from zhaoshang.projects import services
from zhaoshang.projects.models import Project, Stage
from zhaoshang.stats.selectors import zone_figures


def province_counts(zone, key="negotiating") -> dict[str, int]:
    figures = zone_figures(zone=zone, as_of=TODAY, today=TODAY)
    return {row.name: row.figures[key].count for row in figures.by["province"]}


def test_a_ledger_of_unnamed_leads_imports_and_its_regions_count_them(zone, refs):
    rows = [
        {"项目名称": f"线索{i}", "投资方所在地": place, "洽谈日期": "2026-03-01"}
        for i, place in enumerate(["河北省", "河北省", "保定市", "北京"])
    ]
    plan, applied = run(files.xlsx(files.table(*rows)), zone=zone)
    assert applied, [error.line() for error in plan.errors]
    assert not Company.objects.filter(zone=zone).exists()
    counts = province_counts(zone)
    assert counts["河北省"] == 3 and counts["北京市"] == 1
    groups = zone_figures(zone=zone, as_of=TODAY, today=TODAY).by["region_group"]
    assert {row.name: row.figures["negotiating"].count for row in groups}["京津冀"] == 4


def test_one_investor_may_bring_investment_from_two_places(zone, refs):
    rows = [
        {
            "项目名称": "一期",
            "投资方": "远方集团",
            "投资方所在地": "天津",
            "洽谈日期": "2026-03-01",
        },
        {
            "项目名称": "二期",
            "投资方": "远方集团",
            "投资方所在地": "深圳",
            "洽谈日期": "2026-03-02",
        },
        {"项目名称": "三期", "投资方": "远方集团", "洽谈日期": "2026-03-03"},
    ]
    plan, applied = run(files.xlsx(files.table(*rows)), zone=zone)
    assert applied, [error.line() for error in plan.errors]
    origins = dict(Project.objects.filter(zone=zone).values_list("name", "origin_region__name"))
    # A blank 投资方所在地 is the investor's home: its first row's place, for a new investor.
    assert origins == {"一期": "天津市", "二期": "深圳市", "三期": "天津市"}
    assert Company.objects.get(zone=zone, name="远方集团").region.name == "天津市"
    assert province_counts(zone) == {"天津市": 2, "广东省": 1}


def test_a_uscc_without_a_name_names_an_investor_of_the_zone(zone, refs, existing):
    content = files.xlsx(
        files.table(
            {"项目编号": "N-1", "项目名称": "只填代码", "统一社会信用代码": STANLEY_USCC},
        )
    )
    plan, applied = run(content, zone=zone)
    assert applied, [error.line() for error in plan.errors]
    project = Project.objects.get(zone=zone, code="N-1")
    assert project.company == existing["stanley"]
    assert project.origin_region.name == "临沂市"  # from the investor, since the row gave none


def test_the_export_writes_the_projects_origin_and_reads_back_unchanged(zone, refs, existing):
    project = existing["fert"]
    hebei = Region.objects.get(name="河北省")
    services.update_project(project=project, actor=None, origin_region=hebei, today=TODAY)
    row = next(r for r in ledger_rows(Project.objects.filter(pk=project.pk)))
    assert "河北省" in row and "临沂市" not in row
    exported = [list(r) for r in ledger_rows(Project.objects.filter(zone=zone))]
    headers = [column.header for column in files.COLUMNS]
    plan, applied = run(files.xlsx([headers, *exported]), zone=zone)
    assert applied and plan.summary() == "新增 0 / 更新 0 / 未变 3"


def test_the_services_default_the_origin_to_the_investors_home(zone, refs, existing):
    stanley = existing["stanley"]
    by_default = services.create_project(
        zone=zone, actor=None, name="甲", company=stanley, milestones={Stage.LEAD: d("2026-03-01")}
    )
    assert by_default.origin_region.name == "临沂市"
    given = services.create_project(
        zone=zone,
        actor=None,
        name="乙",
        company=stanley,
        origin_region=Region.objects.get(name="北京市"),
        milestones={Stage.LEAD: d("2026-03-01")},
    )
    assert given.origin_region.name == "北京市"
    unnamed = services.create_project(
        zone=zone,
        actor=None,
        name="丙",
        origin_region=Region.objects.get(name="河北省"),
        milestones={Stage.NEGOTIATING: d("2026-03-01")},
        total_investment_wan=Decimal(20000),
    )
    assert unnamed.company is None and unnamed.origin_region.name == "河北省"
    assert Company.objects.get(pk=stanley.pk).region.name == "临沂市"


def test_the_migration_takes_the_origin_from_the_investor(zone, refs, existing):
    Project.objects.filter(zone=zone).update(origin_region=None)
    migration = importlib.import_module("zhaoshang.projects.migrations.0008_project_origin")
    migration.from_the_investor(django_apps, None)
    origins = dict(Project.objects.filter(zone=zone).values_list("code", "origin_region__name"))
    assert origins == {"P-1": "临沂市", "P-2": None, "P-3": None}


def test_the_project_form_takes_the_origin_of_a_lead_without_an_investor(client, zone, people):
    client.force_login(people["alice"])
    posted = {
        "name": "河北来的线索",
        "project_type": "industrial",
        "origin_region": "河北",
        "first_stage": "lead",
        "first_date": "2026-03-01",
    }
    assert client.post("/projects/new/", posted).status_code == 302
    lead = Project.objects.get(zone=zone, name="河北来的线索")
    assert lead.company is None and lead.origin_region.name == "河北省"
    assert "河北省" in client.get(f"/projects/{lead.pk}/").content.decode()
    refused = client.post("/projects/new/", {**posted, "name": "火星", "origin_region": "火星"})
    assert refused.status_code == 200 and "找不到地区“火星”" in refused.content.decode()
    assert not Project.objects.filter(zone=zone, name="火星").exists()
    # A new investor named on the form makes its home where the investment comes from.
    client.post("/projects/new/", {**posted, "name": "乙", "company_name": "新来的投资方"})
    assert Company.objects.get(zone=zone, name="新来的投资方").region.name == "河北省"
