"""Counting rules (统计口径): set by admins and directors on /briefings/rules/, through the service;
everyone with a role reads them; figures from the rules' date on follow them at once (their
history: tests/reports/test_rules_history.py)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TODAY
from zhaoshang.core.dates import EARLIEST
from zhaoshang.core.models import ChangeLog
from zhaoshang.org.models import Zone
from zhaoshang.stats.models import CountingRules
from zhaoshang.stats.selectors import cached_figures, zone_figures
from zhaoshang.stats.services import update_counting_rules

pytestmark = pytest.mark.django_db

ALL_TYPES = ["industrial", "services", "culture_tourism", "logistics", "infrastructure", "other"]


def rules(**changes):
    values = {
        "major_threshold_wan": Decimal(10000),
        "tier_threshold_wan": Decimal(50000),
        "minimum_amount_wan": Decimal(0),
        "counted_project_types": ALL_TYPES,
        "effective_from": EARLIEST,
    }
    return {**values, **changes}


def test_a_director_changes_the_rules_and_the_figures_follow(client, zone, people, build):
    build("P1", "15000", signed="2026-03-01")
    as_of, start = dt.date(2026, 5, 31), dt.date(2026, 1, 1)
    assert cached_figures(zone=zone, as_of=as_of, period_from=start)["signed_major"].count == 1
    client.force_login(people["alice"])
    page = client.get("/briefings/rules/")
    assert page.status_code == 200 and 'value="10000"' in page.content.decode()
    response = client.post(
        "/briefings/rules/",
        {
            "major_threshold_wan": "2亿",
            "tier_threshold_wan": "50000",
            "minimum_amount_wan": "0",
            "counted_project_types": ALL_TYPES,
            "effective_from": "2026-01-01",
            "opened_version": 1,
        },
    )
    assert response.status_code == 302
    saved = CountingRules.objects.get(zone=zone)
    assert saved.major_threshold_wan == Decimal("20000.00") and saved.version == 2
    assert ChangeLog.objects.filter(object_id=saved.pk, action="update").exists()
    # The zone's stamp moved, so the cached figure is recomputed under the new rule.
    assert cached_figures(zone=zone, as_of=as_of, period_from=start)["signed_major"].count == 0


def test_bad_rules_are_refused_with_the_reason(client, zone, people):
    client.force_login(people["alice"])
    page = client.post(
        "/briefings/rules/",
        {
            "major_threshold_wan": "20000",
            "tier_threshold_wan": "10000",
            "minimum_amount_wan": "五千万",
            "counted_project_types": [],
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "5亿元以上项目门槛不能低于亿元以上项目门槛" in text
    assert not CountingRules.objects.filter(zone=zone).exists()  # still the defaults


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"major_threshold_wan": Decimal(0)}, "major_threshold_wan"),
        ({"tier_threshold_wan": Decimal(9000)}, "tier_threshold_wan"),
        ({"minimum_amount_wan": Decimal(20000)}, "minimum_amount_wan"),
        ({"minimum_amount_wan": Decimal(-1)}, "minimum_amount_wan"),
        ({"counted_project_types": []}, "counted_project_types"),
        ({"counted_project_types": ["industrial", "casino"]}, "counted_project_types"),
    ],
)
def test_the_service_refuses_rules_that_break_their_meaning(zone, changes, field):
    with pytest.raises(ValidationError) as caught:
        update_counting_rules(zone=zone, actor=None, **rules(**changes))
    assert field in caught.value.message_dict


def test_members_and_leaders_read_the_rules_but_cannot_change_them(client, zone, people):
    for name in ("bob", "lee"):
        client.force_login(people[name])
        page = client.get("/briefings/rules/")
        assert page.status_code == 200
        assert "只有系统管理员和局长可以修改统计口径" in page.content.decode()
        assert client.post("/briefings/rules/", rules()).status_code == 403
        with pytest.raises(PermissionDenied):
            update_counting_rules(zone=zone, actor=people[name], **rules())


def test_an_unchanged_save_writes_nothing(zone, people):
    before = Zone.objects.get(pk=zone.pk).data_changed_at
    update_counting_rules(zone=zone, actor=people["alice"], **rules())
    assert not CountingRules.objects.filter(zone=zone).exists()  # the defaults, as they were
    assert Zone.objects.get(pk=zone.pk).data_changed_at == before


def test_the_minimum_amount_and_types_leave_projects_out_of_every_figure(zone, build):
    build("SMALL", "300", signed="2026-03-01")
    build("HOTEL", "20000", signed="2026-03-01", project_type="culture_tourism")
    update_counting_rules(
        zone=zone,
        actor=None,
        **rules(minimum_amount_wan=Decimal(500), counted_project_types=["industrial"]),
    )
    figures = zone_figures(zone=zone, as_of=dt.date(2026, 5, 31), today=TODAY)
    assert figures["signed"].count == 0


def test_the_admin_shows_the_rules_but_changes_them_nowhere(client, zone, people):
    director = people["alice"]
    director.is_staff = True
    director.save()
    saved = update_counting_rules(
        zone=zone, actor=director, **rules(major_threshold_wan=Decimal(15000))
    )
    url = f"/admin/stats/countingrules/{saved.pk}/change/"
    client.force_login(director)
    page = client.get(url)
    assert page.status_code == 200 and 'name="major_threshold_wan"' not in page.content.decode()
    posted = {**rules(tier_threshold_wan="60000"), "opened_version": saved.version}
    assert client.post(url, posted).status_code == 403
    saved.refresh_from_db()
    assert saved.tier_threshold_wan == Decimal("50000.00") and saved.version == 2
