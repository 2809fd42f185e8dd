"""The admin shows each staff user their zones' data through the policy, and changes nothing."""

import pytest

from tests.factories import TODAY, make_user
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone
from zhaoshang.projects import services
from zhaoshang.projects.models import Project


@pytest.fixture
def staffed(people):
    for user in people.values():
        user.is_staff = True
        user.save()
    return people


@pytest.fixture
def two_projects(zone, refs):
    return [
        services.create_project(
            zone=zone, actor=None, code=code, name=name, unit=refs[unit], today=TODAY
        )
        for code, name, unit in [("G1-1", "一组的项目", "group1"), ("G2-1", "二组的项目", "group2")]
    ]


def test_it_lists_the_zones_projects_for_a_director(client, staffed, two_projects):
    client.force_login(staffed["alice"])
    page = client.get("/admin/projects/project/")
    assert page.status_code == 200
    assert "一组的项目" in page.text and "二组的项目" in page.text


def project_list(client):
    """The admin's list of projects: the page itself (not an error page or the sign-in), and the
    names of the projects it lists."""
    page = client.get("/admin/projects/project/")
    assert page.status_code == 200
    assert page.context["cl"].model is Project
    return page, [p.name for p in page.context["cl"].result_list]


def test_it_shows_a_member_only_their_units_projects(client, staffed, two_projects):
    client.force_login(staffed["bob"])
    page, names = project_list(client)
    assert names == ["一组的项目"]
    assert "一组的项目" in page.text and "二组的项目" not in page.text
    assert client.get(f"/admin/projects/project/{two_projects[1].pk}/change/").status_code == 302


def test_it_shows_another_zones_director_only_their_zones_projects(client, zone, two_projects):
    far = create_zone(code="far", name="远方开发区")
    services.create_project(zone=far, actor=None, code="F-1", name="远方的项目", today=TODAY)
    outsider = make_user("olga", far, Role.DIRECTOR)
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    page, names = project_list(client)
    assert names == ["远方的项目"]
    assert "远方的项目" in page.text
    assert "一组的项目" not in page.text and "二组的项目" not in page.text


def test_it_refuses_changes_even_to_a_director(client, staffed, two_projects):
    client.force_login(staffed["alice"])
    project = two_projects[0]
    response = client.post(f"/admin/projects/project/{project.pk}/change/", {"name": "改名"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.name == "一组的项目"
    assert (
        client.post(f"/admin/projects/project/{project.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )


def test_it_keeps_out_users_who_are_not_staff(client, people):
    client.force_login(people["alice"])
    assert client.get("/admin/projects/project/").status_code == 302


def test_a_superuser_reads_the_audit_trail_and_a_director_does_not(
    client, staffed, two_projects, django_user_model
):
    client.force_login(staffed["alice"])
    assert client.get("/admin/core/changelog/").status_code == 403
    root = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(root)
    assert "G1-1" in client.get("/admin/core/changelog/").text


def test_its_sections_are_named_in_the_users_language(client, zone):
    admin = make_user("root", zone, Role.ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get("/admin/").text
    for header in ("投资方", "台账导入", "组织与账户", "项目", "后台任务", "操作记录"):
        assert f">{header}<" in page
    for english in ("Companies", "Ledger", "Org", "Tasks Database Backend"):
        assert english not in page
    assert 'href="/"' in page and "返回工作台" in page  # a way back to the workspace
    assert "css/admin.css" in page  # in the app's colours

    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    page = client.get("/admin/").text
    for header in ("Investor", "Ledger import", "Organisation and accounts", "Background task"):
        assert f">{header}<" in page


def test_the_task_queue_reads_in_chinese_too(client, zone):
    admin = make_user("root", zone, Role.ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get("/admin/").text
    assert "任务结果" in page and "Task Results" not in page
