"""Who may see and change the follow-up: every refusal tested. Members their unit's projects and
tickets, leaders read, contributors none of it; settings and holidays are the admins' and
directors'."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from tests.factories import TODAY
from zhaoshang.followup.models import Commitment, FollowupSettings
from zhaoshang.followup.services import save_settings, set_commitment
from zhaoshang.org import permissions

pytestmark = pytest.mark.django_db
SHANGHAI_NOON = dt.datetime(2026, 5, 31, 4, 0, tzinfo=dt.UTC)
PAGES = ["/followup/", "/followup/responses/", "/followup/overdue/"]


def test_contributors_have_none_of_it(client, zone, build, people):
    project = build("P", "30000", signed="2026-03-01")
    assert not permissions.can_follow_up(people["cody"], zone)
    client.force_login(people["cody"])
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        for path in [
            *PAGES,
            "/followup/settings/",
            f"/followup/projects/{project.pk}/commitment/",
            f"/followup/projects/{project.pk}/tickets/new/",
        ]:
            assert client.get(path).status_code == 403, path
        dashboard = client.get("/")
    assert 'data-metric="overdue_start"' in dashboard.text  # the zone's figure, for everyone
    assert 'href="/followup/overdue/' not in dashboard.text
    assert 'href="/followup/"' not in dashboard.text  # not in the top bar either


def test_leaders_read_and_change_nothing(client, zone, build, people):
    project = build("P", "30000", signed="2026-03-01")
    client.force_login(people["lee"])
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        for path in PAGES:
            assert client.get(path).status_code == 200, path
        assert client.get(f"/projects/{project.pk}/").status_code == 200
        assert client.get(f"/followup/projects/{project.pk}/commitment/").status_code == 403
        posted = client.post(
            f"/followup/projects/{project.pk}/commitment/", {"start_date": "2026-06-01"}
        )
        assert posted.status_code == 403
        assert client.get("/followup/settings/").status_code == 403
    with pytest.raises(PermissionDenied):
        set_commitment(
            project=project,
            actor=people["lee"],
            start_date=None,
            production_date=None,
            investment_wan=None,
            today=TODAY,
        )
    assert not Commitment.objects.exists()


def test_members_change_their_units_projects_only(client, zone, build, people):
    mine = build("P", "30000", signed="2026-03-01")
    theirs = build("Q", "30000", unit="group2", signed="2026-03-01")
    client.force_login(people["bob"])
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        assert client.get(f"/followup/projects/{theirs.pk}/commitment/").status_code == 404
        form = client.get(f"/followup/projects/{mine.pk}/commitment/")
        assert form.status_code == 200 and 'name="start_date"' in form.text
        bad = client.post(
            f"/followup/projects/{mine.pk}/commitment/",
            {"start_date": "2026-02-01", "investment_wan": "5000"},
        )
        assert bad.status_code == 200 and "早于签约日期" in bad.text
        assert not Commitment.objects.exists()
        saved = client.post(
            f"/followup/projects/{mine.pk}/commitment/",
            {"start_date": "2026-06-01", "investment_wan": "30000", "annual_tax_wan": "1200"},
        )
        assert saved.status_code == 302 and saved.url == f"/projects/{mine.pk}/"
        page = client.get(f"/projects/{mine.pk}/")
        assert "应于 2026-06-01 前开工" in page.text and "3.00亿元" in page.text
        again = client.get(f"/followup/projects/{mine.pk}/commitment/")
        assert 'value="2026-06-01"' in again.text
    with pytest.raises(PermissionDenied):
        set_commitment(
            project=theirs,
            actor=people["bob"],
            start_date=None,
            production_date=None,
            investment_wan=None,
            today=TODAY,
        )
    assert Commitment.objects.count() == 1


def test_settings_are_the_admins_and_directors(client, zone, people):
    for name in ("bob", "lee", "cody"):
        with pytest.raises(PermissionDenied):
            save_settings(zone=zone, actor=people[name], values={"start_due_days": 90})
    client.force_login(people["bob"])
    assert client.get("/followup/settings/").status_code == 403
    client.force_login(people["alice"])
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        page = client.get("/followup/settings/")
        assert (
            page.status_code == 200
            and 'name="start_due_days" id="id_start_due_days" value="180"' in page.text
        )
        values = {
            "action": "settings",
            "start_due_days": "90",
            "red_after_days": "30",
            "escalate_after_days": "10",
            "major_lead_wan": "10000",
            "answer_workdays": "1",
            "assess_workdays": "3",
            "tell_workdays": "7",
            "report_every_days": "14",
            "rules_from": "",
            "share_cap_percent": "150",
            "overdue_penalty": "2",
        }
        refused = client.post("/followup/settings/", values)
        assert refused.status_code == 200 and "不能少于标红天数" in refused.text
        assert not FollowupSettings.objects.exists()
        saved = client.post("/followup/settings/", {**values, "escalate_after_days": "90"})
        assert saved.status_code == 302
        assert FollowupSettings.objects.get(zone=zone).start_due_days == 90
        holiday = client.post(
            "/followup/settings/", {"action": "holiday", "day": "2027-01-04", "name": "元旦"}
        )
        assert holiday.status_code == 302
        page = client.get("/followup/settings/")
        assert "2027-01-04" in page.text and "元旦" in page.text
        from zhaoshang.followup.models import Holiday

        gone = client.post(
            "/followup/settings/",
            {"action": "delete-holiday", "holiday": Holiday.objects.get().pk},
        )
        assert gone.status_code == 302 and not Holiday.objects.exists()
        capped = client.post(
            "/followup/settings/",
            {**values, "escalate_after_days": "90", "share_cap_percent": "50"},
        )
        assert capped.status_code == 200 and "不低于100" in capped.text
