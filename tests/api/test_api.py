"""The JSON API as a script sees it: shapes, versions, errors, tokens."""

import json

import pytest
from django.core.management import call_command

from zhaoshang.api.models import ApiToken
from zhaoshang.core.models import ChangeLog
from zhaoshang.ledger.columns import COLUMNS
from zhaoshang.ledger.export import ledger_rows
from zhaoshang.org.models import Region
from zhaoshang.projects.forms import EditProjectForm
from zhaoshang.projects.models import Project, StageLog


def get(client, url, headers, **params):
    return client.get(url, params, headers=headers)


def send(client, method, url, headers, body):
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", headers=headers
    )


def test_it_lists_projects_as_items_and_count(client, everyone, projects, bearer):
    headers = bearer(everyone["director"])
    response = get(client, "/api/projects", headers)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert sorted(item["code"] for item in body["items"]) == sorted(
        p.code for p in projects.values()
    )
    first = body["items"][0]
    assert {"id", "version", "code", "stage", "total_investment_wan"} <= set(first)


def test_it_filters_exactly_as_the_library_does(client, everyone, projects, bearer):
    headers = bearer(everyone["director"])
    body = get(client, "/api/projects", headers, stage="signed", amount="10yi").json()
    assert [item["code"] for item in body["items"]] == ["P-1", "P-2"]
    body = get(client, "/api/projects", headers, q="复合肥").json()
    assert [item["code"] for item in body["items"]] == ["P-1"]


def test_it_pages(client, everyone, projects, bearer):
    headers = bearer(everyone["director"])
    body = get(client, "/api/projects", headers, limit=1, offset=1, sort="code").json()
    assert body["count"] == 3
    assert len(body["items"]) == 1


def test_it_names_the_bad_filter(client, everyone, projects, bearer):
    response = get(client, "/api/projects", bearer(everyone["director"]), stage="nonsense")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "stage" in response.json()["fields"]


def test_a_members_token_reads_404_for_another_units_project(client, everyone, projects, bearer):
    headers = bearer(everyone["member"])
    assert get(client, f"/api/projects/{projects['own'].pk}", headers).status_code == 200
    response = get(client, f"/api/projects/{projects['other'].pk}", headers)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    codes = [item["code"] for item in get(client, "/api/projects", headers).json()["items"]]
    assert codes == ["P-1"]


def test_patch_is_partial_and_answers_the_object(client, everyone, projects, bearer):
    project = projects["own"]
    response = send(
        client,
        "patch",
        f"/api/projects/{project.pk}",
        bearer(everyone["member"]),
        {"version": project.version, "note": "已对接"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["note"] == "已对接"
    assert body["version"] == project.version + 1
    assert body["name"] == project.name  # what was not sent stays
    assert ChangeLog.objects.filter(object_id=project.pk, source="api").exists()


@pytest.mark.parametrize("version", [None, 0])
def test_patch_without_the_current_version_is_409_and_writes_nothing(
    client, everyone, projects, bearer, version
):
    project = projects["own"]
    body = {"note": "覆盖"} if version is None else {"note": "覆盖", "version": version}
    response = send(
        client, "patch", f"/api/projects/{project.pk}", bearer(everyone["director"]), body
    )
    assert response.status_code == 409
    answer = response.json()
    assert answer["code"] == "stale"
    assert answer["current"]["version"] == project.version
    assert answer["current"]["id"] == project.pk
    assert Project.objects.get(pk=project.pk).note == ""


def test_a_stale_milestone_is_409(client, everyone, projects, bearer):
    project = projects["own"]
    headers = bearer(everyone["director"])
    url = f"/api/projects/{project.pk}/milestones"
    body = {"version": project.version, "stage": "started", "on": "2026-05-20"}
    assert send(client, "post", url, headers, body).status_code == 200
    again = send(client, "post", url, headers, {**body, "stage": "completed"})
    assert again.status_code == 409
    assert again.json()["current"]["stage"] == "started"
    assert Project.objects.get(pk=project.pk).completed_date is None


def test_errors_are_in_the_requests_language(client, everyone, projects, bearer):
    headers = bearer(everyone["member"])
    url = f"/api/projects/{projects['other'].pk}"
    chinese = get(client, url, headers).json()["message"]
    english = client.get(url, headers={**headers, "Accept-Language": "en"}).json()["message"]
    assert chinese != english
    assert "记录" in chinese
    assert "record" in english.lower()


def test_a_refused_rule_names_the_field(client, everyone, projects, bearer):
    project = projects["own"]
    response = send(
        client,
        "patch",
        f"/api/projects/{project.pk}",
        bearer(everyone["director"]),
        {"version": project.version, "company_name": ""},  # a signed project needs its investor
    )
    assert response.status_code == 422
    assert "company" in response.json()["fields"]


def test_a_read_only_token_reads_and_cannot_write(client, everyone, projects, bearer):
    headers = bearer(everyone["director"], read_only=True)
    project = projects["own"]
    assert get(client, f"/api/projects/{project.pk}", headers).status_code == 200
    response = send(
        client, "patch", f"/api/projects/{project.pk}", headers, {"version": 1, "note": "x"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"


def test_no_token_is_401(client, projects):
    response = client.get("/api/projects")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    bad = client.get("/api/projects", headers={"Authorization": "Bearer zs_nothing"})
    assert bad.status_code == 401


def test_a_revoked_or_expired_token_is_refused(client, everyone, projects, bearer):
    headers = bearer(everyone["director"], expires_days=1)
    token = ApiToken.objects.get()
    assert get(client, "/api/projects", headers).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None
    token.expires_at = token.created_at
    token.save()
    assert get(client, "/api/projects", headers).status_code == 401
    token.expires_at = None
    token.revoked_at = token.created_at
    token.save()
    assert get(client, "/api/projects", headers).status_code == 401


def test_session_writes_keep_csrf_and_tokens_need_none(everyone, projects, bearer):
    from django.test import Client

    project = projects["own"]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(everyone["director"])
    body = json.dumps({"version": project.version, "note": "会话"})
    url = f"/api/projects/{project.pk}"
    refused = browser.patch(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    assert browser.get(url).status_code == 200  # reads need no CSRF token
    script = Client(enforce_csrf_checks=True)
    done = script.patch(
        url, body, content_type="application/json", headers=bearer(everyone["director"])
    )
    assert done.status_code == 200


def test_create_token_prints_a_token_once_and_keeps_its_hash(everyone, capsys):
    call_command("create-token", "bob", "--expires", "30", "--read-only")
    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user__username="bob")
    assert secret.startswith("zs_")
    assert token.read_only and token.expires_at is not None
    assert secret not in (token.digest, token.prefix)
    assert secret.startswith(token.prefix)


def test_stats_is_the_commands_object(client, everyone, projects, bearer, capsys):
    call_command("stats", "--zone", "testzone", "--as-of", "2026-05-31", "--json")
    printed = json.loads(capsys.readouterr().out)
    body = get(
        client, "/api/stats", bearer(everyone["member"]), zone="testzone", as_of="2026-05-31"
    ).json()
    assert body == printed


def test_the_projects_behind_a_figure_are_scoped(client, everyone, projects, bearer):
    body = get(
        client, "/api/stats/signed/projects", bearer(everyone["member"]), as_of="2026-05-31"
    ).json()
    assert body["counted"] == 2
    assert [item["code"] for item in body["items"]] == ["P-1"]
    assert body["hidden"] == 1


def test_healthz_checks_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_me_says_who_the_token_is_and_where(client, everyone, bearer):
    body = get(client, "/api/me", bearer(everyone["member"], read_only=True)).json()
    assert body["username"] == "bob"
    assert body["read_only"] is True
    assert body["zones"] == [{"code": "testzone", "name": "测试经济开发区", "role": "member"}]


def test_the_lists_cost_the_same_queries_for_ten_and_two_hundred_projects(client, db):
    """No N+1: the API's lists are a fixed number of queries, however many projects."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import TODAY, make_user
    from zhaoshang.api.tokens import create_token
    from zhaoshang.org.models import Role
    from zhaoshang.org.services import create_zone
    from zhaoshang.projects.generate import generate_projects

    def queries(count: int) -> dict[str, int]:
        zone = create_zone(code=f"q{count}", name=f"查询{count}")
        generate_projects(zone=zone, count=count, today=TODAY, seed=3)
        headers = {
            "Authorization": "Bearer "
            + create_token(user=make_user(f"u{count}", zone, Role.DIRECTOR), actor=None)[1]
        }
        counted = {}
        for path in (
            f"/api/projects?zone={zone.code}&status=all&limit=500",
            f"/api/companies?zone={zone.code}&limit=500",
            f"/api/stats/signed/projects?zone={zone.code}&as_of=2026-05-31&limit=500",
        ):
            client.get(path, headers=headers)  # warm-up
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path, headers=headers).status_code == 200
            counted[path.split("?")[0]] = len(captured)
        return counted

    assert queries(10) == queries(200)


def test_healthz_is_503_when_the_database_does_not_answer(client, db, monkeypatch):
    from django.db import OperationalError

    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("zhaoshang.api.views.connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False}


def test_a_project_carries_its_origin_and_the_project_it_increases(
    client, everyone, projects, bearer
):
    """投资方所在地 (a region code) and 增资扩产 (the original's id) are read and written as the
    form and the ledger have them."""
    dezhou = Region.objects.get(name="德州市")
    original = projects["own"]
    headers = bearer(everyone["director"])
    body = {
        "name": "水溶性复合肥增资扩产项目",
        "stage": "lead",
        "on": "2026-03-01",
        "origin_region": dezhou.code,
        "expands_id": original.pk,
    }
    response = send(client, "post", "/api/projects", headers, body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["origin_region"] == dezhou.code and created["expands_id"] == original.pk
    assert get(client, f"/api/projects/{created['id']}", headers).json() == created

    project = Project.objects.get(pk=created["id"])
    assert project.origin_region == dezhou and project.expands == original
    initial = EditProjectForm.initial_from(project)
    assert initial["origin_region"] == "德州市" and initial["expands"] == original.code
    (row,) = ledger_rows(Project.objects.filter(pk=project.pk))
    assert row[[column.key for column in COLUMNS].index("company_region")] == "德州市"

    hebei = Region.objects.get(name="河北省")
    patch = {"version": created["version"], "origin_region": hebei.code, "expands_id": None}
    changed = send(client, "patch", f"/api/projects/{project.pk}", headers, patch).json()
    assert changed["origin_region"] == hebei.code and changed["expands_id"] is None
    project.refresh_from_db()
    assert project.origin_region == hebei and project.expands is None


def test_a_bad_origin_or_original_names_the_field(client, everyone, projects, bearer):
    project = projects["own"]
    url = f"/api/projects/{project.pk}"
    headers = bearer(everyone["member"])
    for sent, field in [
        ({"origin_region": "999999"}, "origin_region"),
        # Another unit's project is one the member cannot see: as in the form, not found.
        ({"expands_id": projects["other"].pk}, "expands"),
        ({"expands_id": project.pk}, "expands"),  # the service's rule: not itself
    ]:
        response = send(client, "patch", url, headers, {"version": project.version, **sent})
        assert response.status_code == 422, (sent, response.content)
        assert field in response.json()["fields"], response.json()
    assert Project.objects.get(pk=project.pk).version == project.version


def test_a_later_agreement_is_kept_and_the_signing_counted_stays(
    client, everyone, projects, bearer
):
    project = projects["own"]
    headers = bearer(everyone["director"])
    url = f"/api/projects/{project.pk}/resign"
    body = {"version": project.version, "on": "2026-05-20", "reason": "补充协议"}
    response = send(client, "post", url, headers, body)
    assert response.status_code == 200, response.content
    assert response.json()["signed_date"] == "2026-03-01"
    log = project.stage_log.get(milestone=StageLog.RESIGNED)
    assert log.new_date.isoformat() == "2026-05-20" and log.reason == "补充协议"
    lead = projects["lead"]
    refused = send(
        client,
        "post",
        f"/api/projects/{lead.pk}/resign",
        headers,
        {**body, "version": lead.version},
    )
    assert refused.status_code == 422 and "on" in refused.json()["fields"]
