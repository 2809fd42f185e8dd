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
from zhaoshang.stats.selectors import KEYS, WORK_KEYS, zone_figures
from zhaoshang.stats.views import PAGE_SIZE


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


# Every figure of 1 January – 31 May 2026 non-zero, and no two figures the same projects: a
# figure that counted another's projects, or nothing, fails below.
EXPECTED = {
    "signed": ["S1", "S2", "S3"],
    "signed_major": ["S1", "S2"],
    "signed_over_5yi": ["S1"],
    "negotiating": ["N1", "N2"],
    "negotiating_major": ["N1"],
    "under_construction": ["K1", "K2", "U1"],
    "under_construction_major": ["K2", "U1"],
    "continued_construction": ["K1", "K2"],
    "started": ["U1"],
    "completed": ["C1"],
    "operating": ["O1"],
    "funds_arrived": ["K1", "S3"],
}


@pytest.fixture
def every_figure(zone, build):
    made = {
        "S1": build("S1", "60000", signed="2026-03-01"),
        "S2": build("S2", "20000", signed="2026-04-01"),
        "S3": build("S3", "500", signed="2026-02-01"),
        "N1": build("N1", "30000", negotiating="2026-02-01"),
        "N2": build("N2", "800", negotiating="2025-11-01"),
        "U1": build("U1", "15000", signed="2025-06-01", started="2026-03-01"),
        "K1": build("K1", "900", signed="2024-01-01", started="2025-05-01"),
        "K2": build("K2", "12000", signed="2024-02-01", started="2025-03-01"),
        "C1": build(
            "C1", "5000", signed="2024-01-01", started="2024-06-01", completed="2026-04-01"
        ),
        "O1": build(
            "O1",
            "7000",
            signed="2023-01-01",
            started="2023-06-01",
            completed="2025-06-01",
            operating="2026-05-01",
        ),
    }
    for code, amount in [("K1", "300"), ("S3", "45.5")]:
        services.record_funds_arrived(
            project=made[code],
            actor=None,
            on=d("2026-04-15"),
            amount_wan=Decimal(amount),
            source_of_funds="local",
            today=TODAY,
        )
    return made


def metrics(html: str) -> dict[str, int]:
    """The figures engine's numbers on the page (the follow-up's overdue_start has its own
    tests, tests/followup)."""
    found = {k: int(v) for k, v in re.findall(r'data-metric="(\w+)">(\d+)<', html)}
    found.pop("overdue_start", None)
    return found


def test_every_figure_is_on_the_dashboard_with_its_number(client, people, every_figure):
    assert len({tuple(codes) for codes in EXPECTED.values()}) == len(KEYS) == len(EXPECTED)
    client.force_login(people["alice"])
    page = client.get("/", {"from": "2026-01-01", "as_of": "2026-05-31"})
    shown = metrics(page.text)
    assert {key: shown[key] for key in KEYS} == {key: len(codes) for key, codes in EXPECTED.items()}
    assert {key: shown[key] for key in WORK_KEYS} == {"events_held": 0, "trips": 0}
    assert "8.05亿元" in page.text  # 60000 + 20000 + 500 万元 signed this period
    assert "345.50万元" in page.text  # funds arrived: the records, not the projects' investment


def test_the_signed_figures_of_the_period(client, people, signed):
    client.force_login(people["alice"])
    page = client.get("/", {"from": "2026-01-01", "as_of": "2026-05-31"})
    shown = metrics(page.text)
    assert set(shown) == set(KEYS) | set(WORK_KEYS)
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
def test_a_figure_opens_exactly_the_projects_the_engine_counts(
    client, zone, people, every_figure, key
):
    client.force_login(people["alice"])
    response = client.get(f"/figures/{key}/", {"from": "2026-01-01", "as_of": "2026-05-31"})
    engine = zone_figures(zone=zone, as_of=TODAY, period_from=d("2026-01-01"), today=TODAY)
    assert engine[key].projects == EXPECTED[key]
    assert sorted(p.code for p in response.context["page"]) == EXPECTED[key]
    assert response.context["hidden"] == 0


def test_a_member_sees_the_zones_figure_but_only_their_projects_behind_it(client, people, signed):
    client.force_login(people["bob"])
    assert metrics(client.get("/", {"as_of": "2026-05-31"}).text)["signed"] == 3
    response = client.get("/figures/signed/", {"from": "2026-01-01", "as_of": "2026-05-31"})
    assert [p.code for p in response.context["page"]] == ["A1"]
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


def test_funds_compare_by_amount_like_the_briefing(client, people, signed):
    # Last year two projects brought 2,000 万元; this year one brings 3,000: fewer projects, more
    # money. The card says +50% (the amount), not -50% (the count).
    a1, a2, _, old = signed
    for project, on, amount in [
        (old, "2025-04-10", "1500"),
        (a2, "2025-05-02", "500"),
        (a1, "2026-05-20", "3000"),
    ]:
        services.record_funds_arrived(
            project=project,
            actor=None,
            on=d(on),
            amount_wan=Decimal(amount),
            source_of_funds="foreign",
            today=TODAY,
        )
    client.force_login(people["alice"])
    page = client.get("/", {"from": "2026-01-01", "as_of": "2026-05-31"})
    funds = next(c for c in page.context["cards"] if c["key"] == "funds_arrived")
    assert funds["change"] == Decimal("50.0")
    shown = re.search(r'data-change="funds_arrived"[^>]*>(.*?)</div>', page.text, re.S).group(1)
    assert "金额同比" in shown and "▲ 50.0%" in shown
    signed_card = re.search(r'data-change="signed"[^>]*>(.*?)</div>', page.text, re.S).group(1)
    assert "▲ 200.0%" in signed_card  # other figures still compare counts
    assert 'id="colour-legend"' in page.text  # the colours are explained once, on the page


def test_a_large_figure_lists_its_projects_a_page_at_a_time(client, zone, refs, people):
    """A province's figure counts tens of thousands of projects: the list shows them a page at
    a time, largest first, every project on exactly one page, in a bounded number of queries."""
    company = get_or_create_company(zone=zone, actor=None, name="大企业")
    count = PAGE_SIZE + 7
    for i in range(count):
        services.create_project(
            zone=zone,
            actor=None,
            code=f"P{i:04d}",
            name=f"项目{i}",
            company=company,
            unit=refs["group1"],
            total_investment_wan=Decimal(10000 + i),
            agreement_type=AgreementType.CONTRACT,
            milestones={Stage.SIGNED: d("2026-03-01")},
            today=TODAY,
        )
    client.force_login(people["alice"])
    period = {"from": "2026-01-01", "as_of": "2026-05-31"}
    first = client.get("/figures/signed/", period)
    shown = [p.code for p in first.context["page"]]
    assert len(shown) == PAGE_SIZE and shown[0] == f"P{count - 1:04d}"
    assert first.context["total"] == count and first.context["hidden"] == 0
    assert "page=2" in first.text and f'data-metric="signed">{count}<' in first.text
    second = client.get("/figures/signed/", {**period, "page": 2})
    rest = [p.code for p in second.context["page"]]
    assert len(rest) == 7 and not set(rest) & set(shown)
    assert "from=2026-01-01" in second.text.split('class="pagination')[1]  # the period is kept
