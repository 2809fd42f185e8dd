"""The work pages: the project page's activities, stale warning and quick entry; the company,
trip, event, unit and work pages; and every refusal through them."""

import pytest

from tests.factories import d
from zhaoshang.org.models import Region
from zhaoshang.work import services
from zhaoshang.work.models import Activity, Event, Trip

pytestmark = pytest.mark.django_db

TODAY = d("2026-05-31")


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Pages take today from core.dates: hold it at 31 May 2026."""
    monkeypatch.setattr("zhaoshang.work.views.shanghai_today", lambda: TODAY)
    monkeypatch.setattr("zhaoshang.core.forms.today", lambda: TODAY)
    monkeypatch.setattr("zhaoshang.work.services.shanghai_today", lambda: TODAY)
    monkeypatch.setattr("zhaoshang.projects.views.shanghai_today", lambda: TODAY)
    monkeypatch.setattr("zhaoshang.units.views.shanghai_today", lambda: TODAY)


@pytest.fixture
def p1(build):
    return build("P1", "20000", negotiating="2026-01-10")


@pytest.fixture
def p2(build):
    return build("P2", "30000", unit="group2", negotiating="2026-05-01")


def suzhou():
    return Region.objects.get(name="苏州市", level=Region.Level.CITY)


def test_it_shows_the_stale_warning_and_a_quick_visit_clears_it(client, people, p1):
    client.force_login(people["bob"])
    page = client.get(f"/projects/{p1.pk}/")
    assert 'id="stale-warning"' in page.text and "141" in page.text
    assert 'id="quick-activity"' in page.text
    answer = client.post(
        f"/work/projects/{p1.pk}/activity/",
        {
            "kind": "visit",
            "date": "2026-05-30",
            "summary": "登门拜访,谈二期",
            "next_step": "报方案",
        },
    )
    assert answer.status_code == 302 and answer["Location"].endswith(
        f"/projects/{p1.pk}/#activities"
    )
    page = client.get(f"/projects/{p1.pk}/")
    assert 'id="stale-warning"' not in page.text
    assert "登门拜访,谈二期" in page.text and "报方案" in page.text
    activity = Activity.objects.get()
    assert list(activity.people.all()) == [people["bob"]]
    assert list(activity.companies.all()) == [p1.company]


def test_the_library_and_board_flag_projects_without_update(client, people, p1, p2):
    client.force_login(people["alice"])
    library = client.get("/projects/")
    assert library.text.count("data-stale") == 1  # P1 since January; P2 since 1 May
    board = client.get("/pipeline/")
    assert board.text.count("data-stale") == 1


def test_activities_show_in_time_order(client, people, p1):
    for on, text in [("2026-03-01", "第一次"), ("2026-05-01", "第三次"), ("2026-04-01", "第二次")]:
        services.record_activity(
            zone=p1.zone,
            actor=None,
            kind="contact",
            date=d(on),
            summary=text,
            unit=p1.unit,
            projects=[p1],
            today=TODAY,
        )
    client.force_login(people["bob"])
    text = client.get(f"/projects/{p1.pk}/").text
    assert text.index("第三次") < text.index("第二次") < text.index("第一次")


def test_a_refused_quick_entry_says_why_and_saves_nothing(client, people, p1):
    client.force_login(people["bob"])
    page = client.post(
        f"/work/projects/{p1.pk}/activity/", {"kind": "visit", "date": "2026-06-02", "summary": "x"}
    )
    assert page.status_code == 200 and "不能登记未来的日期" in page.text
    assert not Activity.objects.exists()


def test_a_member_gets_404_for_another_units_project(client, people, p2):
    client.force_login(people["bob"])
    assert client.get(f"/work/projects/{p2.pk}/activity/").status_code == 404
    answer = client.post(
        f"/work/projects/{p2.pk}/activity/", {"kind": "visit", "date": "2026-05-30", "summary": "x"}
    )
    assert answer.status_code == 404
    assert not Activity.objects.exists()


@pytest.mark.parametrize("who", ["lee", "cody"])
def test_leaders_and_contributors_get_403_on_recording(client, people, p1, who):
    client.force_login(people[who])
    assert client.post(
        f"/work/projects/{p1.pk}/activity/", {"kind": "visit", "date": "2026-05-30", "summary": "x"}
    ).status_code in (403, 404)
    for path in ["/work/activities/new/", "/work/trips/new/", "/work/events/new/"]:
        assert client.get(path).status_code == 403
        assert client.post(path, {}).status_code == 403
    assert not Activity.objects.exists()


def test_the_leader_reads_the_project_page_without_quick_entry(client, people, p1):
    client.force_login(people["lee"])
    page = client.get(f"/projects/{p1.pk}/")
    assert page.status_code == 200 and 'id="quick-activity"' not in page.text


def test_a_member_cannot_post_an_activity_for_another_unit(client, people, refs):
    client.force_login(people["bob"])
    page = client.post(
        "/work/activities/new/",
        {"kind": "visit", "date": "2026-05-30", "unit": refs["group2"].pk, "summary": "x"},
    )
    assert page.status_code == 200  # group2 is not among the member's choices
    assert not Activity.objects.exists()


def test_a_member_records_a_trip_and_sees_its_days(client, people, refs, p1):
    client.force_login(people["bob"])
    answer = client.post(
        "/work/trips/new/",
        {
            "unit": refs["group1"].pk,
            "start_date": "2026-05-11",
            "end_date": "2026-05-14",
            "cities": [suzhou().pk],
            "purpose": "长三角招商",
            "people": [people["bob"].pk],
            "leads": [p1.pk],
        },
    )
    trip = Trip.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/work/trips/{trip.pk}/"
    page = client.get(answer["Location"])
    assert '<dd class="col-7" id="trip-days">4</dd>' in page.text and "苏州市" in page.text
    carol = client
    carol.force_login(people["carol"])
    assert carol.get(f"/work/trips/{trip.pk}/").status_code == 404


def test_the_event_page_shows_its_results(client, people, build, refs):
    signed = build("S1", "120000", signed="2026-05-18")
    hidden = build("S2", "8000", unit="group2", signed="2026-05-18")
    lead = build("L1", "5000", lead="2026-05-18")
    event = services.record_event(
        zone=signed.zone,
        actor=None,
        name="第四届中国·德州资本交易大会",
        kind=Event.Kind.CAPITAL_FAIR,
        date=d("2026-05-18"),
        signed_projects=[signed, hidden],
        leads=[lead],
        companies=[signed.company],
        today=TODAY,
    )
    client.force_login(people["bob"])
    page = client.get(f"/work/events/{event.pk}/")
    assert '<div class="fs-3 fw-bold" data-result="signed">2</div>' in page.text
    assert "12.80亿元" in page.text
    assert '<div class="fs-3 fw-bold" data-result="leads">1</div>' in page.text
    assert "另有 1 个项目属其他单位" in page.text
    assert "项目S2" not in page.text


def test_the_company_page_shows_activities_and_projects(client, people, p1):
    services.record_activity(
        zone=p1.zone,
        actor=None,
        kind="reception",
        date=d("2026-05-02"),
        summary="来访考察",
        unit=p1.unit,
        companies=[p1.company],
        today=TODAY,
    )
    client.force_login(people["bob"])
    page = client.get(f"/companies/{p1.company.pk}/")
    assert "来访考察" in page.text and "项目P1" in page.text
    answer = client.post(
        f"/companies/{p1.company.pk}/activity/",
        {"kind": "contact", "date": "2026-05-30", "summary": "电话沟通"},
    )
    assert answer.status_code == 302
    assert Activity.objects.filter(summary="电话沟通", unit=p1.unit).exists()


def test_the_unit_page_shows_what_it_did_this_month(client, people, refs, p1, p2):
    services.record_activity(
        zone=p1.zone,
        actor=None,
        kind="visit",
        date=d("2026-05-20"),
        summary="五月拜访",
        unit=refs["group1"],
        projects=[p1],
        today=TODAY,
    )
    services.record_activity(
        zone=p1.zone,
        actor=None,
        kind="visit",
        date=d("2026-04-20"),
        summary="四月拜访",
        unit=refs["group1"],
        today=TODAY,
    )
    services.record_trip(
        zone=p1.zone,
        actor=None,
        unit=refs["group1"],
        start_date=d("2026-05-05"),
        end_date=d("2026-05-06"),
        cities=[suzhou()],
        today=TODAY,
    )
    client.force_login(people["alice"])
    page = client.get(f"/units/{refs['group1'].pk}/")
    assert "五月拜访" in page.text and "四月拜访" not in page.text
    assert 'data-activity-kind="visit">1<' in page.text
    assert "data-unit-trips>1<" in page.text
    assert "项目P1" in page.text and "项目P2" not in page.text
    whole_year = client.get(
        f"/units/{refs['group1'].pk}/", {"from": "2026-01-01", "as_of": "2026-05-31"}
    )
    assert "四月拜访" in whole_year.text
    assert client.get("/units/").status_code == 200


def test_the_work_page_lists_what_the_viewer_may_see(client, people, refs):
    for unit, text in [("group1", "一组的拜访"), ("group2", "二组的拜访")]:
        services.record_activity(
            zone=refs[unit].zone,
            actor=None,
            kind="visit",
            date=d("2026-05-20"),
            summary=text,
            unit=refs[unit],
            today=TODAY,
        )
    client.force_login(people["bob"])
    page = client.get("/work/")
    assert "一组的拜访" in page.text and "二组的拜访" not in page.text
    client.force_login(people["lee"])
    page = client.get("/work/")
    assert "一组的拜访" in page.text and "二组的拜访" in page.text


def test_deleting_a_stale_version_is_refused(client, people, refs):
    activity = services.record_activity(
        zone=refs["group1"].zone,
        actor=None,
        kind="visit",
        date=d("2026-05-20"),
        summary="x",
        unit=refs["group1"],
        today=TODAY,
    )
    services.update_activity(activity=activity, actor=None, version=1, summary="y", today=TODAY)
    client.force_login(people["bob"])
    answer = client.post(f"/work/activities/{activity.pk}/delete/", {"version": "1"})
    assert answer.status_code == 409
    assert Activity.objects.filter(pk=activity.pk).exists()
    client.force_login(people["carol"])
    assert (
        client.post(f"/work/activities/{activity.pk}/delete/", {"version": "2"}).status_code == 404
    )
    client.force_login(people["bob"])
    assert (
        client.post(f"/work/activities/{activity.pk}/delete/", {"version": "2"}).status_code == 302
    )
    assert not Activity.objects.exists()


def test_a_director_makes_a_unit_a_resident_office(client, people, refs):
    shanghai = Region.objects.get(name="上海市")
    client.force_login(people["alice"])
    unit = refs["group2"]
    refused = client.post(f"/units/{unit.pk}/edit/", {"kind": "office", "head": people["carol"].pk})
    assert refused.status_code == 200 and "驻点须填写所在城市" in refused.text
    answer = client.post(
        f"/units/{unit.pk}/edit/",
        {
            "kind": "office",
            "head": people["carol"].pk,
            "city": shanghai.pk,
            "period_from": "2026-01-01",
            "period_to": "2026-12-31",
        },
    )
    assert answer.status_code == 302
    unit.refresh_from_db()
    assert (unit.kind, unit.city, unit.head) == ("office", shanghai, people["carol"])
    page = client.get(f"/units/{unit.pk}/")
    assert "上海市" in page.text and "carol" in page.text


@pytest.mark.parametrize("who", ["bob", "lee", "cody"])
def test_only_directors_and_admins_change_a_unit(client, people, refs, who):
    client.force_login(people[who])
    assert 'id="unit-settings"' not in client.get(f"/units/{refs['group1'].pk}/").text
    answer = client.post(f"/units/{refs['group1'].pk}/edit/", {"kind": "bureau"})
    assert answer.status_code == 403
    refs["group1"].refresh_from_db()
    assert refs["group1"].kind == "group"


def test_an_edit_from_a_stale_page_is_refused_with_what_changed(client, people, refs):
    activity = services.record_activity(
        zone=refs["group1"].zone,
        actor=None,
        kind="visit",
        date=d("2026-05-20"),
        summary="初稿",
        unit=refs["group1"],
        today=TODAY,
    )
    client.force_login(people["bob"])
    page = client.get(f"/work/activities/{activity.pk}/edit/")
    assert page.status_code == 200 and 'name="version" value="1"' in page.text
    services.update_activity(
        activity=activity, actor=people["alice"], version=1, summary="局长改过", today=TODAY
    )
    data = {
        "kind": "visit",
        "date": "2026-05-20",
        "unit": refs["group1"].pk,
        "summary": "我的修改",
        "version": "1",
    }
    refused = client.post(f"/work/activities/{activity.pk}/edit/", data)
    assert refused.status_code == 409 and 'id="stale-edit"' in refused.text
    assert "alice" in refused.text and "局长改过" in refused.text
    activity.refresh_from_db()
    assert activity.summary == "局长改过"
    done = client.post(f"/work/activities/{activity.pk}/edit/", {**data, "version": "2"})
    assert done.status_code == 302
    activity.refresh_from_db()
    assert (activity.summary, activity.version) == ("我的修改", 3)


def test_a_member_cannot_open_another_units_activity_to_edit(client, people, refs):
    activity = services.record_activity(
        zone=refs["group2"].zone,
        actor=None,
        kind="visit",
        date=d("2026-05-20"),
        summary="二组",
        unit=refs["group2"],
        today=TODAY,
    )
    client.force_login(people["bob"])
    assert client.get(f"/work/activities/{activity.pk}/edit/").status_code == 404
    client.force_login(people["lee"])
    assert client.get(f"/work/activities/{activity.pk}/edit/").status_code == 403
    assert 'class="zs-edit"' not in client.get("/work/").text
