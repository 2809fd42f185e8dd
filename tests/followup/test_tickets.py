"""After-care tickets (要素保障): lifecycle, refusals, the departments' record and the board."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TODAY, d
from zhaoshang.core.models import ChangeLog
from zhaoshang.core.versions import StaleEdit
from zhaoshang.followup import selectors
from zhaoshang.followup.models import Ticket
from zhaoshang.followup.services import open_ticket, update_ticket

pytestmark = pytest.mark.django_db
SHANGHAI_NOON = dt.datetime(2026, 5, 31, 4, 0, tzinfo=dt.UTC)


def ticket(project, department="供电公司", opened="2026-04-01", deadline="2026-04-30", actor=None):
    return open_ticket(
        project=project,
        actor=actor,
        category="power",
        title="临时用电",
        department=department,
        opened_on=d(opened),
        deadline=d(deadline),
        today=TODAY,
    )


def close(found, status="resolved", on="2026-04-20", resolution="已接入", actor=None):
    return update_ticket(
        ticket=found,
        actor=actor,
        status=status,
        closed_on=d(on) if on else None,
        resolution=resolution,
        today=TODAY,
    )


def test_it_walks_a_ticket_through_its_life(zone, build, people):
    project = build("P", "30000", signed="2026-03-01")
    found = ticket(project, actor=people["bob"])
    assert (found.status, found.closed_on, found.created_by) == ("open", None, people["bob"])
    found = update_ticket(ticket=found, actor=people["bob"], status="in_progress", today=TODAY)
    assert found.status == "in_progress" and found.version == 2
    found = close(found, actor=people["bob"])
    assert (found.status, found.closed_on, found.days_taken) == ("resolved", d("2026-04-20"), 19)
    reopened = update_ticket(ticket=found, actor=people["alice"], status="open", today=TODAY)
    assert (reopened.closed_on, reopened.days_taken) == (None, None)
    assert reopened.resolution == "已接入"  # kept as history of what was tried
    changes = ChangeLog.objects.filter(object_id=found.pk, content_type__model="ticket")
    assert changes.count() == 4
    assert changes.filter(actor=people["alice"], action="update").exists()


def test_it_refuses_what_cannot_be_and_saves_nothing(zone, build):
    project = build("P", "30000", signed="2026-03-01")
    with pytest.raises(ValidationError) as caught:
        ticket(project, deadline="2026-03-01")
    assert "早于提出日期" in caught.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError) as caught:
        ticket(project, opened="2026-06-05")  # after today
    assert "opened_on" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        ticket(project, department="  ")
    assert "department" in caught.value.message_dict
    with pytest.raises(ValidationError, match="尚未签约"):
        ticket(build("L", "30000", negotiating="2026-03-01"))
    found = ticket(project)
    with pytest.raises(ValidationError) as caught:
        close(found, resolution="")
    assert "resolution" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        close(found, on=None)
    assert "closed_on" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        close(found, on="2026-03-15")
    assert "早于提出日期" in caught.value.message_dict["closed_on"][0]
    with pytest.raises(ValidationError):
        update_ticket(ticket=found, actor=None, status="lost", today=TODAY)
    with pytest.raises(StaleEdit, match="已被修改"):
        update_ticket(ticket=found, actor=None, status="in_progress", version=7, today=TODAY)
    assert Ticket.objects.get().status == "open" and Ticket.objects.count() == 1


def test_resolution_rate_and_average_days_by_department(zone, build):
    project = build("P", "30000", signed="2026-03-01")
    close(ticket(project), on="2026-04-11")  # 10 days
    close(ticket(project), on="2026-04-21")  # 20 days
    close(ticket(project), status="unresolvable", on="2026-04-25", resolution="政策不允许")
    ticket(project)  # open, deadline 30 April passed: overdue on 31 May
    ticket(project, department="自然资源和规划局", opened="2026-05-20", deadline="2026-06-30")
    records = {r.department: r for r in selectors.department_records(zone, TODAY)}
    power = records["供电公司"]
    assert (power.opened, power.resolved, power.unresolvable, power.open, power.overdue) == (
        4,
        2,
        1,
        1,
        1,
    )
    assert power.resolution_rate == Decimal("50.0")
    assert power.average_days == Decimal("15.0")
    land = records["自然资源和规划局"]
    assert (land.opened, land.resolved, land.resolution_rate, land.average_days) == (
        1,
        0,
        Decimal("0.0"),
        None,
    )
    total = records[""]
    assert (total.opened, total.resolved, total.overdue) == (5, 2, 1)
    assert total.resolution_rate == Decimal("40.0")
    # As of 15 April: four raised, none closed yet; the land ticket not raised.
    earlier = {r.department: r for r in selectors.department_records(zone, d("2026-04-15"))}
    assert set(earlier) == {"供电公司", ""}
    assert (earlier["供电公司"].resolved, earlier["供电公司"].open) == (1, 3)
    assert selectors.department_records(zone, d("2026-03-01")) == []


def test_the_board_filters_and_highlights_overdue(client, zone, build, people):
    mine = build("P", "30000", signed="2026-03-01")
    theirs = build("Q", "30000", unit="group2", signed="2026-03-01")
    ticket(mine)
    ticket(mine, department="财政局", deadline="2026-06-30")
    ticket(theirs, department="财政局")
    client.force_login(people["alice"])
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        page = client.get("/followup/")
        assert page.text.count('data-overdue="1"') == 2
        assert page.text.count("项目P") == 2 and "项目Q" in page.text
        assert "40.0%" not in page.text and "财政局" in page.text
        filtered = client.get("/followup/", {"department": "财政局", "status": "overdue"})
        assert filtered.text.count('data-overdue="1"') == 1 and "项目Q" in filtered.text
        by_status = client.get("/followup/", {"status": "open", "department": "供电公司"})
        assert "项目Q" not in by_status.text and "项目P" in by_status.text
        client.force_login(people["bob"])  # a member: only his unit's tickets
        own = client.get("/followup/")
        assert "项目Q" not in own.text and "项目P" in own.text


def test_the_pages_open_update_and_refuse(client, zone, build, people):
    mine = build("P", "30000", signed="2026-03-01")
    theirs = build("Q", "30000", unit="group2", signed="2026-03-01")
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        client.force_login(people["bob"])
        new = client.post(
            f"/followup/projects/{mine.pk}/tickets/new/",
            {
                "category": "land",
                "title": "<b>用地</b>",
                "department": "自然资源和规划局",
                "opened_on": "2026-05-20",
                "deadline": "2026-05-10",
            },
        )
        assert new.status_code == 200 and "早于提出日期" in new.text
        assert not Ticket.objects.exists()
        data = {
            "category": "land",
            "title": "<b>用地</b>",
            "department": "自然资源和规划局",
            "opened_on": "2026-05-20",
            "deadline": "2026-06-10",
        }
        created = client.post(f"/followup/projects/{mine.pk}/tickets/new/", data)
        found = Ticket.objects.get()
        assert created.status_code == 302 and created.url == f"/followup/tickets/{found.pk}/"
        page = client.get(created.url)
        assert "&lt;b&gt;用地&lt;/b&gt;" in page.text and "<b>用地</b>" not in page.text
        done = client.post(
            created.url,
            {
                "status": "resolved",
                "department": "自然资源和规划局",
                "deadline": "2026-06-10",
                "closed_on": "2026-05-30",
                "resolution": "已落实",
                "version": found.version,
            },
        )
        assert done.status_code == 302
        assert Ticket.objects.get().status == "resolved"
        # Another unit's project: not found; a ticket on it neither.
        assert client.get(f"/followup/projects/{theirs.pk}/tickets/new/").status_code == 404
        other = ticket(theirs)
        assert client.get(f"/followup/tickets/{other.pk}/").status_code == 404
        # The leader reads and changes nothing.
        client.force_login(people["lee"])
        assert client.get(f"/followup/tickets/{other.pk}/").status_code == 200
        assert client.post(f"/followup/tickets/{other.pk}/", {"status": "open"}).status_code == 403
        assert client.get(f"/followup/projects/{theirs.pk}/tickets/new/").status_code == 403


def test_services_refuse_who_may_not(zone, build, people):
    theirs = build("Q", "30000", unit="group2", signed="2026-03-01")
    for name in ("bob", "lee", "cody"):
        with pytest.raises(PermissionDenied):
            ticket(theirs, actor=people[name])
    found = ticket(theirs, actor=people["carol"])
    for name in ("bob", "lee", "cody"):
        with pytest.raises(PermissionDenied):
            close(found, actor=people[name])
    assert Ticket.objects.get().status == "open"
