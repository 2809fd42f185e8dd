"""The dashboard and the lists behind its figures."""

import re
from decimal import Decimal

import pytest

from tests.factories import TODAY, d, make_user
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, Stage
from zhaoshang.stats.selectors import ALL_KEYS, KEYS, zone_figures


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    for module in (
        "zhaoshang.dashboard.views",
        "zhaoshang.stats.forms",
        "zhaoshang.stats.selectors",
    ):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


@pytest.fixture
def signed(zone, refs):
    company = get_or_create_company(zone=zone, actor=None, name="史丹利化肥股份有限公司")

    def make(code, unit, amount, on, **more):
        return services.create_project(
            zone=zone,
            actor=None,
            code=code,
            name=f"项目{code}",
            unit=refs[unit],
            company=company,
            total_investment_wan=Decimal(amount),
            agreement_type=AgreementType.CONTRACT,
            milestones={Stage.SIGNED: d(on), **more},
            today=TODAY,
        )

    return [
        make("A1", "group1", "120000", "2026-05-18"),
        make("A2", "group2", "60000", "2026-03-01"),
        make("A3", "group2", "500", "2026-02-01"),
        make("OLD", "group1", "20000", "2025-04-01"),
    ]


def metrics(html: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-metric="(\w+)">(\d+)<', html)}


def test_every_figure_is_on_the_dashboard_with_its_number(client, people, signed):
    client.force_login(people["alice"])
    page = client.get("/", {"from": "2026-01-01", "as_of": "2026-05-31"})
    shown = metrics(page.text)
    assert set(shown) == set(ALL_KEYS)  # the project figures and the work figures
    assert shown["signed"] == 3 and shown["signed_major"] == 2 and shown["signed_over_5yi"] == 2
    assert "18.05亿元" in page.text  # 120000 + 60000 + 500 万元 signed this period


def test_the_default_period_is_this_year_to_date(client, people, signed):
    client.force_login(people["alice"])
    response = client.get("/")
    assert response.context["period_from"] == d("2026-01-01")
    assert response.context["as_of"] == TODAY


def test_year_on_year_change_compares_the_same_period_last_year(client, people, signed):
    client.force_login(people["alice"])
    cards = {c["key"]: c for c in client.get("/", {"as_of": "2026-05-31"}).context["cards"]}
    assert cards["signed"]["last_year"] == 1
    assert cards["signed"]["change"] == Decimal("200.0")


def test_a_bad_period_is_explained_and_this_year_shown(client, people, signed):
    client.force_login(people["alice"])
    response = client.get("/", {"from": "2026-06-01", "as_of": "2026-05-31"})
    assert response.status_code == 200
    assert "2026-06-01" in response.text
    assert response.context["period_from"] == d("2026-01-01")


@pytest.mark.parametrize("key", KEYS)
def test_a_figure_opens_exactly_the_projects_the_engine_counts(client, people, signed, key):
    client.force_login(people["alice"])
    response = client.get(f"/figures/{key}/", {"from": "2026-01-01", "as_of": "2026-05-31"})
    engine = zone_figures(
        zone=signed[0].zone, as_of=TODAY, period_from=d("2026-01-01"), today=TODAY
    )
    assert sorted(p.code for p in response.context["projects"]) == engine[key].projects
    assert response.context["hidden"] == 0


def test_a_member_sees_the_zones_figure_but_only_their_projects_behind_it(client, people, signed):
    client.force_login(people["bob"])
    assert metrics(client.get("/", {"as_of": "2026-05-31"}).text)["signed"] == 3
    response = client.get("/figures/signed/", {"from": "2026-01-01", "as_of": "2026-05-31"})
    assert [p.code for p in response.context["projects"]] == ["A1"]
    assert response.context["hidden"] == 2
    assert "另有 2 个项目属其他单位" in response.text


def test_an_unknown_figure_is_404(client, people, signed):
    client.force_login(people["alice"])
    assert client.get("/figures/nonsense/").status_code == 404


def test_someone_with_no_role_sees_no_figures(client, zone, signed, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password="pw")
    client.force_login(stranger)
    assert client.get("/").status_code == 404
    assert client.get("/figures/signed/").status_code == 404


def test_a_person_of_two_zones_switches_between_them(client, zone, people, signed):
    other = create_zone(code="other", name="别的开发区")
    both = make_user("multi", zone, Role.LEADER)
    from zhaoshang.org.services import grant_role

    grant_role(user=both, zone=other, role=Role.DIRECTOR)
    client.force_login(both)
    assert client.get("/").context["zone"] in (zone, other)
    client.post("/zone/switch/", {"zone": other.pk, "next": "/"})
    assert client.get("/").context["zone"] == other
    assert metrics(client.get("/").text)["signed"] == 0
    client.post("/zone/switch/", {"zone": zone.pk})
    assert metrics(client.get("/").text)["signed"] == 3


def test_nobody_switches_into_a_zone_without_a_role(client, people, signed):
    far = create_zone(code="far", name="远方开发区")
    client.force_login(people["alice"])
    assert client.post("/zone/switch/", {"zone": far.pk}).status_code == 404


def test_the_interface_switches_to_english_and_remembers_it(client, people, signed):
    client.force_login(people["alice"])
    assert "驾驶舱" in client.get("/").text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    people["alice"].refresh_from_db()
    assert people["alice"].language == "en"
    page = client.get("/")
    assert "Dashboard" in page.text and "驾驶舱" not in page.text


def test_the_charts_carry_a_funnel_and_this_years_months_to_date(client, people, signed):
    client.force_login(people["alice"])
    charts = client.get("/", {"as_of": "2026-05-31"}).context["charts"]
    funnel = {row["stage"]: row for row in charts["funnel"]}
    assert funnel["signed"]["count"] == 4 and funnel["signed"]["reached"] == 4
    assert funnel["lead"]["reached"] == 4 and funnel["started"]["reached"] == 0
    assert len(charts["trend"]["this_year"]["signed"]) == 5  # January to May
    assert charts["trend"]["this_year"]["signed"] == [0, 1, 1, 0, 1]
    assert (
        charts["trend"]["last_year"]["signed"][3] == 1
        and len(charts["trend"]["last_year"]["signed"]) == 12
    )
    assert {row["name"]: row["count"] for row in charts["unit"]} == {"招商一组": 1, "招商二组": 2}
