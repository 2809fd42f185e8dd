"""The work pages issue the same number of queries with few records and with many: no query per
activity, trip or event."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TODAY, d
from zhaoshang.org.models import Region
from zhaoshang.work import services

pytestmark = pytest.mark.django_db


def add_work(zone, refs, project, people, n: int, first: int = 0) -> None:
    city = Region.objects.get(name="苏州市")
    for i in range(first, first + n):
        trip = services.record_trip(
            zone=zone,
            actor=None,
            unit=refs["group1"],
            start_date=d("2026-05-01"),
            end_date=d("2026-05-03"),
            cities=[city],
            people=[people["bob"]],
            leads=[project],
            today=TODAY,
        )
        services.record_activity(
            zone=zone,
            actor=None,
            kind="visit",
            date=d("2026-05-02"),
            summary=f"拜访{i}",
            unit=refs["group1"],
            people=[people["bob"]],
            companies=[project.company],
            projects=[project],
            trip=trip,
            today=TODAY,
        )
        services.record_event(
            zone=zone,
            actor=None,
            name=f"推介会{i}",
            kind="promotion",
            date=d("2026-05-10"),
            organising_unit=refs["group1"],
            companies=[project.company],
            leads=[project],
            today=TODAY,
        )


def queries(client, paths) -> dict[str, int]:
    counts = {}
    for path in paths:
        cache.clear()
        client.get(path)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200, path
        counts[path] = len(captured)
    return counts


def test_work_pages_do_not_query_per_record(client, zone, refs, people, build):
    project = build("P1", "20000", negotiating="2026-01-10")
    client.force_login(people["alice"])
    paths = [
        "/work/",
        f"/projects/{project.pk}/",
        f"/companies/{project.company_id}/",
        f"/units/{refs['group1'].pk}/?from=2026-01-01&as_of=2026-05-31",
        "/units/",
    ]
    add_work(zone, refs, project, people, 2)
    few = queries(client, paths)
    add_work(zone, refs, project, people, 12, first=2)
    many = queries(client, paths)
    assert few == many
