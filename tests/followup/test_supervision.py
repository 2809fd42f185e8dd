"""督办: 提醒 → 督办单 → 约谈 on what is late, 领导批示 with its follow-up, the page by unit."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TODAY, d
from zhaoshang.followup import selectors
from zhaoshang.followup.models import Notice
from zhaoshang.followup.services import issue_notice, open_ticket, respond_notice

pytestmark = pytest.mark.django_db
SHANGHAI_NOON = dt.datetime(2026, 5, 31, 4, 0, tzinfo=dt.UTC)


def notice(project, kind, actor=None, ticket=None, on="2026-05-20"):
    return issue_notice(
        project=project,
        actor=actor,
        kind=kind,
        content="请加快推进",
        issued_on=d(on),
        deadline=d("2026-06-10"),
        ticket=ticket,
        today=TODAY,
    )


def test_notices_escalate_in_order_on_what_is_late(zone, build, people):
    late = build("LATE", "8000", signed="2025-10-01")  # due 30 March
    with pytest.raises(ValidationError, match="须先下发提醒"):
        notice(late, "order")
    with pytest.raises(ValidationError, match="未逾期"):
        notice(late, "reminder", on="2026-03-30")
    notice(late, "reminder", actor=people["alice"])
    with pytest.raises(ValidationError, match="须先下发督办单"):
        notice(late, "interview")
    notice(late, "order")
    third = notice(late, "interview")
    assert third.unit == late.unit and third.issued_by is None
    fresh = build("FRESH", "8000", signed="2026-05-01")
    with pytest.raises(ValidationError, match="未逾期"):
        notice(fresh, "reminder")
    assert Notice.objects.count() == 3


def test_a_late_ticket_is_supervised_on_its_own(zone, build):
    project = build("P", "8000", signed="2026-05-01")  # not late to start
    ticket = open_ticket(
        project=project,
        actor=None,
        category="power",
        title="临时用电",
        department="供电公司",
        opened_on=d("2026-05-02"),
        deadline=d("2026-05-10"),
        today=TODAY,
    )
    notice(project, "reminder", ticket=ticket)
    with pytest.raises(ValidationError, match="未逾期"):
        notice(project, "reminder")  # the project itself is not late to start
    notice(project, "order", ticket=ticket)
    other = build("Q", "8000", signed="2026-05-01")
    with pytest.raises(ValidationError) as caught:
        notice(other, "reminder", ticket=ticket)
    assert "ticket" in caught.value.message_dict


def test_who_may_issue_and_answer(zone, build, people):
    late = build("LATE", "8000", signed="2025-10-01")
    for name in ("bob", "lee", "cody"):
        with pytest.raises(PermissionDenied):
            notice(late, "reminder", actor=people[name])
    for name in ("bob", "cody"):
        with pytest.raises(PermissionDenied):
            notice(late, "instruction", actor=people[name])
    instruction = notice(late, "instruction", actor=people["lee"], on="2026-01-05")
    for name in ("carol", "lee", "cody"):
        with pytest.raises(PermissionDenied):
            respond_notice(
                notice=instruction,
                actor=people[name],
                response="已落实",
                responded_on=TODAY,
                today=TODAY,
            )
    with pytest.raises(ValidationError) as caught:
        respond_notice(
            notice=instruction,
            actor=people["bob"],
            response=" ",
            responded_on=d("2026-01-01"),
            today=TODAY,
        )
    assert set(caught.value.message_dict) == {"response", "responded_on"}
    done = respond_notice(
        notice=instruction, actor=people["bob"], response="已落实", responded_on=TODAY, today=TODAY
    )
    assert (done.responded_by, done.version) == (people["bob"], 2)


def test_the_page_by_unit_and_the_forms(client, zone, build, people, refs):
    mine = build("P", "8000", signed="2025-10-01")
    theirs = build("Q", "8000", unit="group2", signed="2025-10-01")
    notice(theirs, "reminder")
    with time_machine.travel(SHANGHAI_NOON, tick=False):
        client.force_login(people["alice"])
        refused = client.post(
            f"/followup/projects/{mine.pk}/notices/new/",
            {"kind": "order", "content": "x", "issued_on": "2026-05-30"},
        )
        assert refused.status_code == 200 and "须先下发提醒" in refused.text
        issued = client.post(
            f"/followup/projects/{mine.pk}/notices/new/",
            {"kind": "reminder", "content": "<i>请</i>开工", "issued_on": "2026-05-30"},
        )
        assert issued.status_code == 302
        page = client.get("/followup/supervision/")
        assert page.text.count('<a href="/followup/notices/') == 2
        assert "&lt;i&gt;请&lt;/i&gt;开工" in page.text
        one = client.get("/followup/supervision/", {"unit": refs["group2"].pk})
        assert "项目Q" in one.text and "项目P" not in one.text
        assert len(selectors.open_notices_by_unit(zone)) == 2
        client.force_login(people["bob"])
        own = client.get("/followup/supervision/")
        assert "项目P" in own.text and "项目Q" not in own.text
        mine_notice = Notice.objects.get(project=mine)
        answered = client.post(
            f"/followup/notices/{mine_notice.pk}/",
            {"response": "已约企业", "responded_on": "2026-05-31"},
        )
        assert answered.status_code == 302
        assert client.get("/followup/supervision/").text.count("/followup/notices/") == 0
        assert "已约企业" in client.get("/followup/supervision/", {"all": "1"}).text
        other = Notice.objects.get(project=theirs)
        assert client.get(f"/followup/notices/{other.pk}/").status_code == 404
        assert client.get(f"/followup/projects/{mine.pk}/notices/new/").status_code == 403
        client.force_login(people["lee"])  # a leader: instructions only
        form = client.get(f"/followup/projects/{mine.pk}/notices/new/")
        assert 'value="instruction"' in form.text and 'value="reminder"' not in form.text
        assert client.post(f"/followup/notices/{other.pk}/", {"response": "x"}).status_code == 403
        page = client.get(f"/projects/{mine.pk}/")
        assert 'id="project-notices"' in page.text
        client.force_login(people["cody"])
        assert client.get("/followup/supervision/").status_code == 403
