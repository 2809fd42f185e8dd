"""The project pages as users meet them: what each role sees, may change, and is refused."""

from decimal import Decimal

import pytest

from tests.factories import TODAY, d
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, Project, Stage, StageLog


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Pages take "today" from the clock; pin it so the tests pass on any day."""
    for module in (
        "zhaoshang.projects.views",
        "zhaoshang.projects.services",
        "zhaoshang.stats.selectors",
    ):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


@pytest.fixture
def ledger(zone, refs):
    stanley = get_or_create_company(zone=zone, actor=None, name="史丹利化肥股份有限公司")
    other = get_or_create_company(zone=zone, actor=None, name="华鲁国际融资租赁有限公司")

    def make(code, name, unit, company=None, amount=None, **dates):
        return services.create_project(
            zone=zone,
            actor=None,
            code=code,
            name=name,
            unit=refs[unit],
            company=company,
            total_investment_wan=Decimal(amount) if amount else None,
            agreement_type=AgreementType.CONTRACT if "signed" in dates else "",
            milestones={Stage(k): d(v) for k, v in dates.items()},
            today=TODAY,
        )

    return {
        "fert": make(
            "P-1",
            "水溶性复合肥项目",
            "group1",
            stanley,
            "120000",
            negotiating="2026-01-10",
            signed="2026-05-18",
        ),
        "lease": make("P-2", "化工设备融资租赁项目", "group2", other, "60000", signed="2026-05-18"),
        "lead": make("P-3", "船用电机项目", "group1", None, None, lead="2026-03-01"),
    }


def codes(response) -> list[str]:
    return sorted(p.code for p in response.context["page"])


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("typed", ["sdl", "sdlhf", "shidanli", "史丹利", "SDL", "shi dan li"])
def test_the_library_finds_a_project_by_its_investors_pinyin(client, people, ledger, typed):
    response = login(client, people["alice"]).get("/projects/", {"q": typed})
    assert codes(response) == ["P-1"]


def test_the_library_filters_by_stage_unit_and_amount_band(client, people, ledger, refs):
    client = login(client, people["alice"])
    assert codes(client.get("/projects/", {"stage": "signed"})) == ["P-1", "P-2"]
    assert codes(client.get("/projects/", {"stage": "negotiating", "stage_on": "2026-03-31"})) == [
        "P-1"
    ]
    assert codes(client.get("/projects/", {"unit": refs["group2"].pk})) == ["P-2"]
    assert codes(client.get("/projects/", {"amount": "10yi"})) == ["P-1"]
    assert codes(client.get("/projects/", {"date_field": "signed", "date_from": "2026-05-01"})) == [
        "P-1",
        "P-2",
    ]


def test_the_library_sorts_and_keeps_the_filter_in_the_url(client, people, ledger):
    response = login(client, people["alice"]).get(
        "/projects/", {"sort": "-amount", "stage": "signed"}
    )
    assert [p.code for p in response.context["page"]] == ["P-1", "P-2"]
    assert "stage=signed" in response.context["query"]


def test_a_member_sees_only_their_units_projects(client, people, ledger):
    client = login(client, people["bob"])
    assert codes(client.get("/projects/")) == ["P-1", "P-3"]
    assert client.get(f"/projects/{ledger['lease'].pk}/").status_code == 404
    assert client.get(f"/projects/{ledger['fert'].pk}/").status_code == 200


def test_a_member_cannot_change_another_units_project(client, people, ledger):
    client = login(client, people["bob"])
    response = client.post(
        f"/projects/{ledger['lease'].pk}/milestone/", {"stage": "started", "on": "2026-05-20"}
    )
    assert response.status_code == 404
    assert Project.objects.get(code="P-2").started_date is None


def test_a_leader_sees_everything_and_finds_no_edit_controls(client, people, ledger):
    client = login(client, people["lee"])
    page = client.get(f"/projects/{ledger['fert'].pk}/")
    assert page.status_code == 200
    assert 'id="edit-controls"' not in page.text and "dlg-milestone" not in page.text
    assert "新建项目" not in client.get("/projects/").text


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("milestone/", {"stage": "started", "on": "2026-05-20"}),
        ("drop/", {"on": "2026-05-20", "reason": "x"}),
        ("funds/", {"on": "2026-05-20", "amount_wan": "100", "source": "local"}),
        ("edit/", {"name": "改名", "project_type": "industrial"}),
    ],
)
def test_a_leader_is_refused_every_change(client, people, ledger, path, data):
    response = login(client, people["lee"]).post(f"/projects/{ledger['fert'].pk}/{path}", data)
    assert response.status_code == 403
    project = Project.objects.get(code="P-1")
    assert (project.started_date, project.dropped_date, project.name) == (
        None,
        None,
        "水溶性复合肥项目",
    )
    assert not project.funds.exists()


def test_a_leader_cannot_create_a_project(client, people, zone):
    client = login(client, people["lee"])
    assert client.get("/projects/new/").status_code == 403
    assert client.post("/projects/new/", {"name": "x"}).status_code == 403


def test_a_contributor_sees_only_the_leads_they_submitted(client, people, zone, ledger):
    client = login(client, people["cody"])
    response = client.post(
        "/projects/new/",
        {
            "name": "新能源电池项目",
            "project_type": "industrial",
            "first_stage": "lead",
            "first_date": "2026-05-02",
        },
    )
    mine = Project.objects.get(name="新能源电池项目")
    assert response.status_code == 302 and mine.submitted_by == people["cody"]
    assert codes(client.get("/projects/")) == [mine.code]
    assert client.get(f"/projects/{ledger['fert'].pk}/").status_code == 404
    assert (
        client.post(
            f"/projects/{mine.pk}/milestone/", {"stage": "negotiating", "on": "2026-05-03"}
        ).status_code
        == 403
    )


def test_advancing_a_milestone_is_recorded_with_who_did_it(client, people, ledger):
    client = login(client, people["alice"])
    response = client.post(
        f"/projects/{ledger['fert'].pk}/milestone/",
        {"stage": "started", "on": "2026-05-20", "version": 1},
    )
    assert response.status_code == 302
    project = Project.objects.get(code="P-1")
    assert project.started_date == d("2026-05-20")
    entry = StageLog.objects.filter(project=project).latest("id")
    assert (entry.milestone, entry.actor) == ("started", people["alice"])
    assert "开工" in client.get(f"/projects/{project.pk}/").text


def test_a_refused_change_shows_the_services_message_and_saves_nothing(client, people, ledger):
    client = login(client, people["alice"])
    response = client.post(
        f"/projects/{ledger['fert'].pk}/milestone/",
        {"stage": "started", "on": "2026-04-01", "version": 1},
    )
    assert response.status_code == 422
    assert (
        "2026-04-01" in response.text and "2026-05-18" in response.text and "P-1" in response.text
    )
    assert Project.objects.get(code="P-1").started_date is None


def test_the_board_move_answers_json(client, people, ledger):
    client = login(client, people["alice"])
    url = f"/projects/{ledger['lead'].pk}/milestone/"
    ok = client.post(
        url,
        {"stage": "negotiating", "on": "2026-04-01", "version": 1},
        headers={"Accept": "application/json"},
    )
    assert ok.json() == {"ok": True, "stage": "negotiating", "version": 2}
    refused = client.post(
        url,
        {"stage": "substantive", "on": "2026-02-01", "version": 2},
        headers={"Accept": "application/json"},
    )
    assert refused.status_code == 422 and "2026-02-01" in refused.json()["message"]


def test_a_new_project_creates_its_investor_on_the_fly(client, people, zone, refs):
    client = login(client, people["bob"])
    response = client.post(
        "/projects/new/",
        {
            "name": "液压机械项目",
            "company_name": "常州恒德液压机械有限公司",
            "project_type": "industrial",
            "total_investment_wan": "2.5亿",
            "first_stage": "negotiating",
            "first_date": "2026-04-01",
        },
    )
    project = Project.objects.get(name="液压机械项目")
    assert response.status_code == 302
    assert project.company.name == "常州恒德液压机械有限公司"
    assert project.total_investment_wan == Decimal("25000.00")
    assert project.unit == refs["group1"]  # a member's project lands in their unit


def test_the_new_project_form_shows_errors_inline_in_chinese(client, people, zone):
    client = login(client, people["alice"])
    response = client.post(
        "/projects/new/",
        {
            "name": "",
            "project_type": "industrial",
            "total_investment_wan": "abc",
            "first_stage": "signed",
            "first_date": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert "abc" in response.text and "不是金额" in response.text
    assert not Project.objects.exists()


def test_editing_keeps_the_rules_of_the_stage(client, people, ledger):
    client = login(client, people["alice"])
    response = client.post(
        f"/projects/{ledger['fert'].pk}/edit/",
        {
            "name": "水溶性复合肥项目",
            "company_name": "",
            "project_type": "industrial",
            "total_investment_wan": "12亿",
            "version": 1,
        },
    )
    assert response.status_code == 200 and "须填写投资方" in response.text
    assert Project.objects.get(code="P-1").company is not None


def test_the_company_lookup_offers_the_zones_companies(client, people, ledger):
    response = login(client, people["bob"]).get("/projects/companies/", {"company_name": "史丹利"})
    assert "史丹利化肥股份有限公司" in response.text


def test_the_board_shows_columns_with_counts_and_cards(client, people, ledger, refs):
    client = login(client, people["alice"])
    columns = {c["stage"].value: c for c in client.get("/pipeline/").context["columns"]}
    assert columns["signed"]["total"] == 2 and columns["lead"]["total"] == 1
    assert [c.code for c in columns["signed"]["cards"]] == ["P-1", "P-2"]
    assert columns["signed"]["cards"][0].days_in_stage == (TODAY - d("2026-05-18")).days
    filtered = {
        c["stage"].value: c
        for c in client.get("/pipeline/", {"unit": refs["group2"].pk}).context["columns"]
    }
    assert filtered["signed"]["total"] == 1


def test_pages_need_a_login(client, ledger):
    for path in ["/", "/projects/", f"/projects/{ledger['fert'].pk}/", "/pipeline/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_editing_a_project_saves_through_the_service(client, people, ledger):
    client = login(client, people["bob"])
    form = client.get(f"/projects/{ledger['fert'].pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("code",)}
    data.update({"total_investment_wan": "15亿", "company_name": "史丹利化肥股份有限公司"})
    for key in ("industry", "park", "unit", "introduced_by"):
        data[key] = data.get(key) or ""
    response = client.post(f"/projects/{ledger['fert'].pk}/edit/", data)
    assert response.status_code == 302
    project = Project.objects.get(code="P-1")
    assert project.total_investment_wan == Decimal("150000.00") and project.version == 2


def test_the_board_says_how_many_cards_a_column_shows(client, people, ledger, monkeypatch):
    monkeypatch.setattr("zhaoshang.projects.selectors.BOARD_CARDS_PER_COLUMN", 1)
    client = login(client, people["alice"])
    response = client.get("/pipeline/")
    columns = {c["stage"].value: c for c in response.context["columns"]}
    assert columns["signed"]["total"] == 2 and len(columns["signed"]["cards"]) == 1
    assert "每列按投资额显示前 1 个项目。" in response.text
