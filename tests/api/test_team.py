"""The team's work, the follow-up and the news reader in the API, as a script sees them: scoped
reads, versions, errors naming the field in the request's language, the ranking's numbers as the
targets page shows them, and POST /api/ingest answering what `ingest-text --json` prints."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.factories import TODAY, d
from zhaoshang.fieldwork import services as fieldwork
from zhaoshang.fieldwork.models import Activity
from zhaoshang.followup import services as followup
from zhaoshang.followup.models import Commitment, Ticket
from zhaoshang.targets.services import TargetValue, set_targets

NEWS = "2026年5月8日,开发区与史丹利化肥股份有限公司签订了总投资12亿元的水溶性复合肥项目。"


def send(client, method, url, headers, body):
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", headers=headers
    )


@pytest.fixture
def visits(people, projects):
    """bob's visit for 招商一组's project, carol's for 招商二组's."""

    def visit(actor, project):
        return fieldwork.record_activity(
            zone=project.zone,
            actor=actor,
            kind="visit",
            date=d("2026-05-12"),
            participants="鲍勃",
            summary="登门拜访",
            project=project,
            today=TODAY,
        )

    return {
        "own": visit(people["bob"], projects["own"]),
        "other": visit(people["carol"], projects["other"]),
    }


@pytest.fixture
def tickets(projects):
    def ticket(project):
        return followup.open_ticket(
            project=project,
            actor=None,
            category="power",
            title="双回路供电",
            department="供电公司",
            opened_on=d("2026-04-01"),
            deadline=d("2026-06-30"),
            today=TODAY,
        )

    return {"own": ticket(projects["own"]), "other": ticket(projects["other"])}


def test_a_members_token_reads_404_for_another_units_activity_and_ticket(
    client, everyone, visits, tickets, bearer
):
    headers = bearer(everyone["member"])
    for kind, records in (("activities", visits), ("tickets", tickets)):
        assert client.get(f"/api/{kind}/{records['own'].pk}", headers=headers).status_code == 200
        refused = client.get(f"/api/{kind}/{records['other'].pk}", headers=headers)
        assert refused.status_code == 404
        assert refused.json()["code"] == "not_found"
        listed = client.get(f"/api/{kind}", headers=headers).json()
        assert [item["id"] for item in listed["items"]] == [records["own"].pk]
        assert listed["count"] == 1


def test_activities_filter_by_unit_project_kind_and_dates(
    client, everyone, visits, projects, refs, bearer
):
    headers = bearer(everyone["director"])

    def ids(**params):
        body = client.get("/api/activities", params, headers=headers).json()
        return sorted(item["id"] for item in body["items"])

    both = sorted(v.pk for v in visits.values())
    assert ids() == both
    assert ids(unit=refs["group2"].pk) == [visits["other"].pk]
    assert ids(project=projects["own"].pk) == [visits["own"].pk]
    assert ids(kind="visit", **{"from": "2026-05-12", "to": "2026-05-12"}) == both
    assert ids(**{"from": "2026-05-13"}) == []
    assert ids(kind="reception") == []


@pytest.mark.parametrize("version", [None, 0])
def test_a_stale_or_missing_version_is_409_and_writes_nothing(
    client, everyone, visits, tickets, bearer, version
):
    headers = bearer(everyone["director"])
    activity, ticket = visits["own"], tickets["own"]
    edits = [
        (f"/api/activities/{activity.pk}", {"place": "覆盖"}),
        (f"/api/tickets/{ticket.pk}", {"notes": "覆盖"}),
    ]
    for url, changes in edits:
        body = changes if version is None else {**changes, "version": version}
        response = send(client, "patch", url, headers, body)
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "stale"
        assert response.json()["current"]["version"] == 1
    assert Activity.objects.get(pk=activity.pk).place == ""
    assert Ticket.objects.get(pk=ticket.pk).notes == ""
    deleted = client.delete(f"/api/activities/{activity.pk}?version=9", headers=headers)
    assert deleted.status_code == 409
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_an_edit_made_meanwhile_makes_the_next_one_409(client, everyone, visits, bearer):
    headers = bearer(everyone["member"])
    activity = visits["own"]
    url = f"/api/activities/{activity.pk}"
    first = send(client, "patch", url, headers, {"version": 1, "place": "乐陵"})
    assert first.status_code == 200
    assert first.json()["version"] == 2 and first.json()["place"] == "乐陵"
    second = send(client, "patch", url, headers, {"version": 1, "place": "禹城"})
    assert second.status_code == 409
    assert second.json()["current"]["place"] == "乐陵"
    assert Activity.objects.get(pk=activity.pk).place == "乐陵"
    gone = client.delete(f"{url}?version=2", headers=headers)
    assert gone.status_code == 204
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_a_refused_field_is_named_in_chinese_and_in_english(client, everyone, projects, bearer):
    headers = bearer(everyone["member"])
    body = {"kind": "visit", "date": "2026-05-20", "participants": "鲍勃", "summary": "  "}
    chinese = send(client, "post", "/api/activities", headers, body)
    english = send(client, "post", "/api/activities", {**headers, "Accept-Language": "en"}, body)
    assert chinese.status_code == english.status_code == 422
    assert list(chinese.json()["fields"]) == list(english.json()["fields"]) == ["summary"]
    assert "洽谈内容不能为空" in chinese.json()["message"]
    assert re.search(r"[A-Za-z]{4}", english.json()["message"])
    assert not re.search(r"[\u4e00-\u9fff]", english.json()["message"])
    assert Activity.objects.count() == 0


def test_a_member_cannot_name_another_units_project_or_record_an_event(
    client, everyone, projects, bearer
):
    headers = bearer(everyone["member"])
    body = {
        "kind": "visit",
        "date": "2026-05-20",
        "participants": "鲍勃",
        "summary": "拜访",
        "project_id": projects["other"].pk,
    }
    response = send(client, "post", "/api/activities", headers, body)
    assert response.status_code == 422
    assert "project" in response.json()["fields"]
    event = {"name": "推介会", "kind": "promotion", "date": "2026-05-20"}
    refused = send(client, "post", "/api/events", headers, event)
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert Activity.objects.count() == 0


def test_a_ticket_goes_from_open_to_resolved_and_resolution_is_required(
    client, everyone, projects, bearer
):
    headers = bearer(everyone["member"])
    project = projects["own"]
    created = send(
        client,
        "post",
        f"/api/projects/{project.pk}/tickets",
        headers,
        {
            "category": "land",
            "title": "用地指标",
            "department": "自然资源局",
            "opened_on": "2026-04-01",
            "deadline": "2026-05-15",
        },
    )
    assert created.status_code == 201, created.content
    ticket = created.json()
    assert ticket["status"] == "open" and ticket["version"] == 1
    url = f"/api/tickets/{ticket['id']}"
    overdue = client.get("/api/tickets", {"status": "overdue"}, headers=headers).json()
    assert [item["id"] for item in overdue["items"]] == [ticket["id"]]
    missing = send(
        client,
        "patch",
        url,
        headers,
        {"version": 1, "status": "resolved", "closed_on": "2026-05-20"},
    )
    assert missing.status_code == 422
    assert "resolution" in missing.json()["fields"]
    done = send(
        client,
        "patch",
        url,
        headers,
        {"version": 1, "status": "resolved", "closed_on": "2026-05-20", "resolution": "已批复"},
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "resolved" and done.json()["days_taken"] == 49
    by_department = client.get(
        "/api/tickets", {"department": "自然资源局", "status": "resolved"}, headers=headers
    ).json()
    assert by_department["count"] == 1


def test_a_commitment_is_put_with_its_version(client, everyone, projects, bearer):
    headers = bearer(everyone["member"])
    url = f"/api/projects/{projects['own'].pk}/commitment"
    empty = client.get(url, headers=headers).json()
    assert empty["id"] is None and empty["version"] == 0
    body = {"version": 0, "start_date": "2026-08-01", "investment_wan": "12亿"}
    saved = send(client, "put", url, headers, body)
    assert saved.status_code == 200, saved.content
    assert saved.json()["investment_wan"] == "120000.00" and saved.json()["version"] == 1
    stale = send(client, "put", url, headers, {**body, "start_date": "2026-09-01"})
    assert stale.status_code == 409
    assert Commitment.objects.get().start_date == d("2026-08-01")
    bad = send(client, "put", url, headers, {"version": 1, "investment_wan": "很多"})
    assert bad.status_code == 422
    assert "investment_wan" in bad.json()["fields"]


def test_a_leader_issues_an_instruction_and_the_unit_answers_it(client, everyone, projects, bearer):
    project = projects["own"]
    issued = send(
        client,
        "post",
        f"/api/projects/{project.pk}/notices",
        bearer(everyone["leader"]),
        {"kind": "instruction", "content": "抓紧推进开工", "issued_on": "2026-05-20"},
    )
    assert issued.status_code == 201, issued.content
    notice = issued.json()
    member = bearer(everyone["member"])
    listed = client.get("/api/notices", headers=member).json()
    assert [item["id"] for item in listed["items"]] == [notice["id"]]
    answered = send(
        client,
        "post",
        f"/api/notices/{notice['id']}/respond",
        member,
        {"version": notice["version"], "response": "已对接", "responded_on": "2026-05-25"},
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["responded_by"] == everyone["member"].username
    assert client.get("/api/notices", headers=member).json()["count"] == 0
    assert client.get("/api/notices", {"open": "false"}, headers=member).json()["count"] == 1
    reminder = send(
        client,
        "post",
        f"/api/projects/{project.pk}/notices",
        member,
        {"kind": "reminder", "content": "催办", "issued_on": "2026-05-20"},
    )
    assert reminder.status_code == 403


def test_the_ranking_has_the_numbers_of_the_targets_page(
    client, zone, refs, everyone, projects, bearer
):
    set_targets(
        zone=zone,
        actor=None,
        year=2026,
        unit=refs["group1"],
        values={"signed": TargetValue(count=2)},
    )
    set_targets(
        zone=zone,
        actor=None,
        year=2026,
        unit=refs["group2"],
        values={"signed": TargetValue(count=4)},
    )
    body = client.get(
        "/api/ranking",
        {"zone": zone.code, "as_of": "2026-05-31"},
        headers=bearer(everyone["leader"]),
    ).json()
    client.force_login(everyone["leader"])
    page = client.get("/targets/", {"as_of": "2026-05-31"}).content.decode()
    ranked = {row["unit_id"]: row for row in body["items"] if row["rank"] is not None}
    assert set(ranked) == {refs["group1"].pk, refs["group2"].pk}
    for unit_id, row in ranked.items():
        html = page.split(f'<tr data-unit="{unit_id}"', 1)[1].split("</tr>", 1)[0]
        assert f'data-score="{row["score"]}"' in html
        for part in row["parts"]:
            assert f"<strong>{part['points']}</strong>" in html
        points = sum(float(part["points"]) for part in row["parts"]) + float(row["penalty"])
        assert float(row["score"]) == pytest.approx(points)
    assert ranked[refs["group1"].pk]["score"] == "50.0"  # 1 of 2 signed
    assert ranked[refs["group1"].pk]["rank"] == 1


def test_ingest_answers_what_the_command_prints(client, everyone, tmp_path, capsys, bearer):
    source = tmp_path / "news.txt"
    source.write_text(NEWS, encoding="utf-8")
    call_command("ingest-text", str(source), "--year", "2026", "--json")
    printed = json.loads(capsys.readouterr().out)
    headers = bearer(everyone["contributor"])
    answered = send(client, "post", "/api/ingest", headers, {"text": NEWS, "year": 2026})
    assert answered.status_code == 200, answered.content
    assert answered.json() == printed
    assert [c["amount_wan"] for c in printed["candidates"]] == ["120000.00"]
    upload = SimpleUploadedFile("news.txt", NEWS.encode("gbk"), content_type="text/plain")
    uploaded = client.post("/api/ingest", {"file": upload, "year": "2026"}, headers=headers)
    assert uploaded.status_code == 200, uploaded.content
    assert uploaded.json() == printed
    pasted = client.post("/api/ingest", {"text": NEWS, "year": "2026"}, headers=headers)
    assert pasted.status_code == 200 and pasted.json() == printed


def test_ingest_keeps_the_pages_limits_and_refuses_leaders(client, everyone, settings, bearer):
    settings.INGEST_MAX_FILE_BYTES = 50
    big = SimpleUploadedFile("big.txt", NEWS.encode() * 3, content_type="text/plain")
    headers = bearer(everyone["member"])
    refused = client.post("/api/ingest", {"file": big}, headers=headers)
    assert refused.status_code == 422
    assert "文件过大" in refused.json()["message"]
    odd = SimpleUploadedFile("news.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert client.post("/api/ingest", {"file": odd}, headers=headers).status_code == 422
    empty = send(client, "post", "/api/ingest", headers, {"text": "  "})
    assert empty.status_code == 422
    leader = send(client, "post", "/api/ingest", bearer(everyone["leader"]), {"text": NEWS})
    assert leader.status_code == 403
    assert leader.json()["code"] == "forbidden"


def test_the_team_lists_cost_the_same_queries_for_few_and_many(
    client, zone, people, projects, everyone, bearer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = bearer(everyone["director"])

    def record(count: int) -> None:
        for _ in range(count):
            fieldwork.record_activity(
                zone=zone,
                actor=None,
                kind="visit",
                date=d("2026-05-12"),
                participants="甲",
                summary="拜访",
                project=projects["own"],
                today=TODAY,
            )
            trip = fieldwork.record_trip(
                zone=zone,
                actor=None,
                participants="甲",
                start_date=d("2026-05-05"),
                end_date=d("2026-05-06"),
                leads=[projects["own"]],
                today=TODAY,
            )
            assert trip.pk
            fieldwork.record_event(
                zone=zone,
                actor=None,
                name="推介会",
                kind="promotion",
                date=d("2026-05-10"),
                leads=[projects["own"]],
                today=TODAY,
            )
            followup.issue_notice(
                project=projects["own"],
                actor=None,
                kind="instruction",
                content="推进",
                issued_on=d("2026-05-01"),
                today=TODAY,
            )

    def counted() -> dict[str, int]:
        found = {}
        for path in ("/api/activities", "/api/trips", "/api/events", "/api/notices"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path, headers=headers).status_code == 200
            found[path] = len(captured)
        return found

    record(2)
    counted()  # warm-up: the token's first use is recorded
    few = counted()
    record(10)
    assert counted() == few


def test_a_trip_names_its_cities_by_code_and_its_leads_by_id(client, everyone, projects, bearer):
    headers = bearer(everyone["member"])
    body = {
        "participants": "鲍勃、王五",
        "start_date": "2026-05-05",
        "end_date": "2026-05-07",
        "cities": ["310000", "440300"],
        "lead_ids": [projects["own"].pk],
    }
    created = send(client, "post", "/api/trips", headers, body)
    assert created.status_code == 201, created.content
    trip = created.json()
    assert trip["cities"] == ["310000", "440300"] and trip["days"] == 3
    assert trip["lead_ids"] == [projects["own"].pk]
    assert trip["unit_id"] == projects["own"].unit_id  # the member's unit
    url = f"/api/trips/{trip['id']}"
    unknown = send(client, "patch", url, headers, {"version": 1, "cities": ["999999"]})
    assert unknown.status_code == 422
    assert "999999" in unknown.json()["fields"]["cities"][0]
    backwards = send(client, "patch", url, headers, {"version": 1, "end_date": "2026-05-01"})
    assert backwards.status_code == 422
    assert "end_date" in backwards.json()["fields"]
    theirs = send(client, "patch", url, headers, {"version": 1, "lead_ids": [projects["other"].pk]})
    assert theirs.status_code == 422
    assert "leads" in theirs.json()["fields"]
    listed = client.get("/api/trips", {"project": projects["own"].pk}, headers=headers).json()
    assert [item["id"] for item in listed["items"]] == [trip["id"]]
    assert client.get(url, headers=headers).json()["version"] == 1  # nothing written


def test_a_major_leads_clocks_show_what_is_done_and_what_is_overdue(
    client, everyone, build, bearer
):
    # Registered on Monday 11 May 2026: answered within 1 working day, assessed within 3.
    lead = build("L1", "20000", lead="2026-05-11")
    followup.record_step(
        project=lead, actor=None, step="answered", done_on=d("2026-05-12"), today=TODAY
    )
    body = client.get(
        f"/api/projects/{lead.pk}/clocks",
        {"as_of": "2026-05-31"},
        headers=bearer(everyone["member"]),
    ).json()
    assert body["applies"] is True and body["code"] == "L1"
    clocks = {clock["step"]: clock for clock in body["clocks"]}
    assert (
        clocks["answered"]["done_on"] == "2026-05-12" and clocks["answered"]["due"] == "2026-05-12"
    )
    assert not clocks["answered"]["late"] and not clocks["answered"]["overdue"]
    assert clocks["assessed"]["done_on"] is None and clocks["assessed"]["overdue"]
    small = build("L2", "500", lead="2026-05-11")
    other = client.get(f"/api/projects/{small.pk}/clocks", headers=bearer(everyone["director"]))
    assert other.json()["applies"] is False and other.json()["clocks"] == []


def test_a_ranking_of_a_year_to_come_is_refused_naming_the_year(client, everyone, bearer, zone):
    response = client.get("/api/ranking", {"year": 2027}, headers=bearer(everyone["director"]))
    assert response.status_code == 422
    assert "year" in response.json()["fields"]
    english = client.get(
        "/api/ranking",
        {"year": 2027},
        headers={**bearer(everyone["director"]), "Accept-Language": "en"},
    )
    assert "not begun" in english.json()["message"]
