# ruff: noqa: F811 (the fixtures imported from roles.py are named again as arguments)
"""Stale forms: two people open the same record; the first saves, the second's form is refused
with what changed and who changed it, nothing is overwritten, and the form comes back on the
current data."""

import pytest
from django.urls import reverse

from tests.security.roles import elsewhere, everyone, frozen_today, projects  # noqa: F401
from zhaoshang.projects import services
from zhaoshang.projects.forms import EditProjectForm
from zhaoshang.projects.models import Project
from zhaoshang.stats.models import CountingRules
from zhaoshang.targets.models import Target
from zhaoshang.targets.services import TargetValue, set_targets


def form_data(response) -> dict:
    """What the page's form would post back: its initial values (the version among them)."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None and not field.disabled:
            data[name] = value
    return data


def test_a_stale_edit_form_does_not_put_the_old_name_back(client, people, projects):
    """The issue's case: alice renames, bob saves a note from the form he opened before."""
    project = projects["own"]
    url = reverse("project-edit", args=[project.pk])
    client.force_login(people["bob"])
    bobs_form = form_data(client.get(url))

    client.force_login(people["alice"])
    alices_form = form_data(client.get(url))
    assert client.post(url, {**alices_form, "name": "复合肥二期项目"}).status_code == 302

    client.force_login(people["bob"])
    response = client.post(url, {**bobs_form, "note": "已约下周见面"})
    assert response.status_code == 409
    project.refresh_from_db()
    assert (project.name, project.note, project.version) == ("复合肥二期项目", "", 2)
    text = response.content.decode()
    assert "项目名称" in text and "alice" in text
    assert "水溶性复合肥项目 → 复合肥二期项目" in text
    # The form again, on the project as it is now: saving the note once more goes through.
    again = form_data(response)
    assert again["name"] == "复合肥二期项目" and again["version"] == 2
    assert client.post(url, {**again, "note": "已约下周见面"}).status_code == 302
    project.refresh_from_db()
    assert (project.name, project.note) == ("复合肥二期项目", "已约下周见面")


DIALOGS = {
    "milestone": {"stage": "started", "on": "2026-05-20"},
    "correct": {"stage": "signed", "on": "2026-03-02", "reason": "更正"},
    "drop": {"on": "2026-05-20", "reason": "外迁"},
    "pause": {"on": "2026-05-20", "reason": "资金紧张"},
    "funds": {"on": "2026-05-20", "amount_wan": "100", "source": "local"},
}


@pytest.mark.parametrize("action", [*DIALOGS, "undrop"])
def test_a_stale_dialog_is_refused_with_what_changed(client, people, projects, action):
    project = projects["own"]
    if action == "undrop":
        project = services.drop_project(
            project=project, actor=None, on=project.signed_date, reason="外迁"
        )
    opened_at = project.version
    services.update_project(project=project, actor=people["bob"], total_investment_wan=150000)
    client.force_login(people["alice"])
    data = {**DIALOGS.get(action, {"reason": "误操作"}), "version": opened_at}
    response = client.post(reverse("project-action", args=[project.pk, action]), data)
    assert response.status_code == 409
    text = response.content.decode()
    assert "总投资" in text and "120000.00 → 150000.00" in text and "bob" in text
    after = Project.objects.get(pk=project.pk)
    assert after.version == opened_at + 1  # bob's edit only
    assert (after.started_date, after.is_paused, after.funds.count()) == (None, False, 0)
    # The dialog comes back open at the current version: confirming again goes through.
    assert response.context["open_dialog"] == action
    assert response.context[f"{action}_form"]["version"].value() == after.version


def test_funds_recorded_meanwhile_are_named(client, people, projects):
    project = projects["own"]
    services.record_funds_arrived(
        project=project,
        actor=people["bob"],
        on=project.signed_date,
        amount_wan=500,
        source_of_funds="local",
    )
    client.force_login(people["alice"])
    response = client.post(
        reverse("project-action", args=[project.pk, "milestone"]),
        {**DIALOGS["milestone"], "version": project.version},
    )
    assert response.status_code == 409 and "实际到位资金" in response.content.decode()


def test_the_board_snaps_a_stale_card_back(client, people, projects):
    project = projects["own"]
    client.force_login(people["alice"])
    page = client.get(reverse("pipeline"))
    assert f'data-version="{project.version}"' in page.content.decode()
    services.update_project(project=project, actor=people["bob"], name="复合肥二期项目")
    response = client.post(
        reverse("project-action", args=[project.pk, "milestone"]),
        {**DIALOGS["milestone"], "version": project.version},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 409
    body = response.json()
    assert body["ok"] is False and "bob" in body["message"] and "复合肥二期项目" in body["message"]
    assert body["version"] == project.version + 1
    assert Project.objects.get(pk=project.pk).started_date is None
    moved = client.post(
        reverse("project-action", args=[project.pk, "milestone"]),
        {**DIALOGS["milestone"], "version": body["version"]},
        headers={"Accept": "application/json"},
    )
    assert moved.json() == {"ok": True, "stage": "started", "version": body["version"] + 1}


def test_a_stale_targets_form_is_refused(client, zone, people):
    url = reverse("targets") + "?year=2026"
    client.force_login(people["alice"])
    opened = form_data(client.get(url))
    set_targets(
        zone=zone,
        actor=people["alice"],
        year=2026,
        values={"signed_major": TargetValue(count=8)},
    )
    response = client.post(url, {**opened, "count_signed_major": "5"})
    assert response.status_code == 409
    text = response.content.decode()
    assert "2026年全区目标" in text and "新签约亿元以上项目" in text and "alice" in text
    assert Target.objects.get(zone=zone, metric="signed_major").count == 8
    again = form_data(response)
    assert client.post(url, {**again, "count_signed_major": "5"}).status_code == 302
    assert Target.objects.get(zone=zone, metric="signed_major").count == 5


def test_a_target_removed_meanwhile_is_named(client, zone, people):
    set_targets(zone=zone, actor=None, year=2026, values={"started": TargetValue(count=4)})
    url = reverse("targets") + "?year=2026"
    client.force_login(people["alice"])
    opened = form_data(client.get(url))
    set_targets(zone=zone, actor=people["alice"], year=2026, values={"started": TargetValue()})
    response = client.post(url, {**opened, "count_started": "6"})
    assert response.status_code == 409 and "已删除" in response.content.decode()
    assert not Target.objects.filter(zone=zone).exists()


def test_a_stale_counting_rules_form_is_refused(client, zone, people):
    url = reverse("counting-rules")
    client.force_login(people["alice"])
    opened = form_data(client.get(url))
    opened["counted_project_types"] = list(opened["counted_project_types"])
    client.post(url, {**opened, "major_threshold_wan": "20000"})
    response = client.post(url, {**opened, "minimum_amount_wan": "100"})
    assert response.status_code == 409
    text = response.content.decode()
    assert "亿元以上项目门槛" in text and "10000.00 → 20000.00" in text
    rules = CountingRules.objects.get(zone=zone)
    assert (rules.major_threshold_wan, rules.minimum_amount_wan, rules.version) == (20000, 0, 2)


def test_services_without_a_form_are_not_held_back(people, projects):
    """Scripts and the system pass no version: nothing to be stale."""
    project = projects["own"]
    services.update_project(project=project, actor=people["bob"], name="甲")
    services.update_project(project=project, actor=people["alice"], note="乙")
    project.refresh_from_db()
    assert (project.name, project.note, project.version) == ("甲", "乙", 3)
    assert EditProjectForm.initial_from(project)["version"] == 3
