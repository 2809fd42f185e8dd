"""The pages: the activity list, the project page's panel and its quick entry, trips, events,
a company's page, the no-update setting; every refusal, and every name escaped."""

import re

import pytest

from tests.factories import TODAY, d
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.fieldwork import services
from zhaoshang.fieldwork.models import Activity, Event, Trip

MARKUP = "<b>x</b>"


@pytest.fixture(autouse=True)
def frozen_pages(monkeypatch):
    for module in (
        "zhaoshang.dashboard.views",
        "zhaoshang.stats.forms",
        "zhaoshang.stats.selectors",
    ):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


def test_it_shows_the_activity_list_to_every_role(client, people, visit):
    visit(summary=MARKUP)
    for name in ("alice", "bob", "carol", "lee", "cody"):
        client.force_login(people[name])
        page = client.get("/fieldwork/", {"from": "2026-01-01", "to": "2026-05-31"})
        assert page.status_code == 200
        assert MARKUP not in page.text
        shown = "&lt;b&gt;x&lt;/b&gt;" in page.text
        assert shown == (name in {"alice", "bob", "lee"}), name


def test_the_project_panel_warns_then_a_quick_visit_clears_it(client, people, ours):
    client.force_login(people["bob"])
    panel = client.get(f"/fieldwork/projects/{ours.pk}/")
    assert 'id="stale-warning"' in panel.text and 'id="record-activity"' in panel.text
    project_page = client.get(f"/projects/{ours.pk}/")
    assert f'hx-get="/fieldwork/projects/{ours.pk}/"' in project_page.text
    form = client.get("/fieldwork/activities/new/", {"project": ours.pk})
    assert form.status_code == 200 and ours.name in form.text
    response = client.post(
        f"/fieldwork/activities/new/?project={ours.pk}",
        {
            "kind": "visit",
            "date": "2026-05-30",
            "project": ours.pk,
            "participants": "鲍勃",
            "summary": "登门拜访",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/projects/{ours.pk}/"
    panel = client.get(f"/fieldwork/projects/{ours.pk}/")
    assert 'id="stale-warning"' not in panel.text and "2026-05-30" in panel.text


def test_the_quick_entry_shows_the_services_refusal_and_saves_nothing(client, people, ours):
    client.force_login(people["bob"])
    page = client.post(
        "/fieldwork/activities/new/",
        {
            "kind": "visit",
            "date": "2026-05-30",
            "project": ours.pk,
            "participants": "鲍勃",
            "summary": "拜访",
            "next_step_date": "2026-05-01",
        },
    )
    assert page.status_code == 200 and "早于活动日期" in page.text
    assert not Activity.objects.exists()


def test_it_refuses_a_leader_the_entry_form(client, people, ours):
    client.force_login(people["lee"])
    assert client.get("/fieldwork/activities/new/").status_code == 403
    assert client.get("/fieldwork/trips/new/").status_code == 403
    panel = client.get(f"/fieldwork/projects/{ours.pk}/")
    assert panel.status_code == 200 and 'id="record-activity"' not in panel.text


def test_it_hides_another_units_project_and_activity(client, people, theirs, visit):
    activity = visit(actor=people["carol"], project=theirs)
    client.force_login(people["bob"])
    assert client.get(f"/fieldwork/projects/{theirs.pk}/").status_code == 404
    assert client.get(f"/fieldwork/activities/{activity.pk}/edit/").status_code == 404
    assert client.get("/fieldwork/activities/new/", {"project": theirs.pk}).status_code == 404
    # Posting another unit's project in the form is not among the choices.
    page = client.post(
        "/fieldwork/activities/new/",
        {
            "kind": "visit",
            "date": "2026-05-30",
            "project": theirs.pk,
            "participants": "b",
            "summary": "s",
        },
    )
    assert page.status_code == 200 and Activity.objects.count() == 1


def test_it_refuses_a_leader_editing_an_activity(client, people, visit):
    activity = visit()
    client.force_login(people["lee"])
    assert client.get(f"/fieldwork/activities/{activity.pk}/edit/").status_code == 403
    client.force_login(people["bob"])
    response = client.post(
        f"/fieldwork/activities/{activity.pk}/edit/",
        {"kind": "reception", "date": "2026-05-21", "participants": "鲍勃", "summary": "来访"},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.kind == "reception" and activity.version == 2


def test_a_member_records_a_trip_with_cities_and_leads(client, people, ours):
    client.force_login(people["bob"])
    values = {"participants": "鲍勃", "start_date": "2026-03-09", "end_date": "2026-03-12"}
    page = client.post("/fieldwork/trips/new/", {**values, "cities": "上海、火星市"})
    assert "火星市" in page.text and not Trip.objects.exists()
    page = client.post("/fieldwork/trips/new/", {**values, "cities": "上海", "leads": "P2"})
    assert "P2" in page.text and not Trip.objects.exists()  # not a project bob may name
    response = client.post(
        "/fieldwork/trips/new/", {**values, "cities": "上海、苏州", "leads": ours.code}
    )
    trip = Trip.objects.get()
    assert response["Location"] == f"/fieldwork/trips/{trip.pk}/"
    assert [c.name for c in trip.cities.order_by("code")] == ["上海市", "苏州市"]
    page = client.get(f"/fieldwork/trips/{trip.pk}/")
    assert re.search(r'id="trip-days">4', page.text)
    listing = client.get("/fieldwork/trips/", {"from": "2026-01-01", "to": "2026-05-31"})
    assert "招商二组" in listing.text.split('id="idle-units"')[1]
    client.force_login(people["carol"])
    assert client.get(f"/fieldwork/trips/{trip.pk}/").status_code == 404
    client.force_login(people["lee"])
    assert client.get(f"/fieldwork/trips/{trip.pk}/edit/").status_code == 403


def test_a_director_records_an_event_and_its_page_shows_the_results(client, people, build):
    signed = build("S1", "120000", signed="2026-05-18")
    client.force_login(people["bob"])
    assert client.get("/fieldwork/events/new/").status_code == 403
    client.force_login(people["alice"])
    response = client.post(
        "/fieldwork/events/new/",
        {
            "name": f"第四届资本交易大会{MARKUP}",
            "kind": "fair",
            "date": "2026-05-18",
            "city": "德州",
            "companies": "史丹利化肥股份有限公司",
            "signed_projects": "S1",
        },
    )
    event = Event.objects.get()
    assert response["Location"] == f"/fieldwork/events/{event.pk}/"
    assert event.city.name == "德州市" and list(event.signed_projects.all()) == [signed]
    client.force_login(people["carol"])  # another unit's project: listed, not linked
    page = client.get(f"/fieldwork/events/{event.pk}/")
    assert 'data-result="signed">1<' in page.text and "12.00亿元" in page.text
    assert MARKUP not in page.text and f'href="/projects/{signed.pk}/"' not in page.text
    listing = client.get("/fieldwork/events/", {"from": "2026-05-01", "to": "2026-05-31"})
    assert "data-signed>1<" in listing.text


def test_the_stale_days_are_set_on_the_activity_page_by_directors(client, people, zone):
    client.force_login(people["bob"])
    assert 'id="stale-days-form"' not in client.get("/fieldwork/").text
    assert (
        client.post("/fieldwork/settings/stale-days/", {"stale_after_days": 30}).status_code == 403
    )
    client.force_login(people["alice"])
    client.post("/fieldwork/settings/stale-days/", {"stale_after_days": 0})
    zone.refresh_from_db()
    assert zone.stale_after_days == 60
    client.post("/fieldwork/settings/stale-days/", {"stale_after_days": 30})
    zone.refresh_from_db()
    assert zone.stale_after_days == 30


def test_the_company_page_lists_its_activities_and_events(client, people, zone, visit, company):
    visit()
    services.record_event(
        zone=zone,
        actor=None,
        name="推介会",
        kind="promotion",
        date=d("2026-03-01"),
        companies=[company],
        today=TODAY,
    )
    client.force_login(people["bob"])
    page = client.get(f"/fieldwork/companies/{company.pk}/")
    assert "登门拜访,洽谈用地。" in page.text and "推介会" in page.text
    other = get_or_create_company(zone=zone, actor=None, name=MARKUP)
    assert MARKUP not in client.get(f"/fieldwork/companies/{other.pk}/").text


def test_the_dashboard_targets_and_briefing_show_events_held(client, people, zone, build):
    from zhaoshang.targets.services import TargetValue, set_targets

    signed = build("S1", "120000", signed="2026-05-18")
    services.record_event(
        zone=zone,
        actor=None,
        name="资本交易大会",
        kind="fair",
        date=d("2026-05-18"),
        signed_projects=[signed],
        today=TODAY,
    )
    set_targets(zone=zone, actor=None, year=2026, values={"events_held": TargetValue(count=4)})
    client.force_login(people["lee"])
    period = {"from": "2026-01-01", "as_of": "2026-05-31"}
    page = client.get("/", period)
    assert 'data-metric="events_held">1<' in page.text and 'data-metric="trips">0<' in page.text
    assert "/fieldwork/events/?from=2026-01-01&amp;to=2026-05-31" in page.text
    targets = client.get("/targets/", {"as_of": "2026-05-31"})
    assert 'data-target="events_held"' in targets.text and "25.0%" in targets.text
    briefing = client.get("/briefings/", period)
    assert 'data-metric="events_held">1<' in briefing.text and "资本交易大会" in briefing.text


def test_a_units_work_for_the_unit_page(zone, people, refs, visit, theirs):
    from django.template.loader import render_to_string

    from zhaoshang.fieldwork.selectors import unit_work

    visit(summary=MARKUP)
    visit(actor=people["carol"], project=theirs, summary="二组拜访")
    services.record_trip(
        zone=zone,
        actor=people["bob"],
        participants="鲍勃",
        start_date=d("2026-04-01"),
        end_date=d("2026-04-02"),
        today=TODAY,
    )
    services.record_event(
        zone=zone,
        actor=None,
        name="一组承办的推介会",
        kind="promotion",
        date=d("2026-03-01"),
        organiser_unit=refs["group1"],
        today=TODAY,
    )
    work = unit_work(people["alice"], refs["group1"], start=d("2026-01-01"), end=d("2026-05-31"))
    assert [a.summary for a in work.activities] == [MARKUP]
    assert [t.days for t in work.trips] == [2] and [e.name for e in work.events] == [
        "一组承办的推介会"
    ]
    html = render_to_string("fieldwork/unit_work.html", {"work": work})
    assert 'id="unit-work"' in html and MARKUP not in html and "一组承办的推介会" in html
    # As a member of another unit sees it: nothing of 招商一组's activities or trips.
    hidden = unit_work(people["carol"], refs["group1"], start=d("2026-01-01"), end=d("2026-05-31"))
    assert hidden.activities == [] and hidden.trips == [] and len(hidden.events) == 1
