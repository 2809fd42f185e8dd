"""Events and trips: their checks and permissions, a trip's days, and events_held / trips in the
figures equal to a count made here, independently, for several periods."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TODAY, d
from zhaoshang.fieldwork import selectors, services
from zhaoshang.fieldwork.models import Event, Trip
from zhaoshang.org.models import Region
from zhaoshang.stats.selectors import zone_figures


@pytest.fixture
def shanghai(db):
    return Region.objects.get(code="310000")


def event(zone, actor, on, name="推介会", signed=(), **values):
    return services.record_event(
        zone=zone,
        actor=actor,
        name=name,
        kind=values.pop("kind", "promotion"),
        date=d(on),
        signed_projects=signed,
        today=TODAY,
        **values,
    )


def test_a_trips_days_count_the_day_of_leaving_and_of_return(zone, people, shanghai):
    trip = services.record_trip(
        zone=zone,
        actor=people["bob"],
        participants="鲍勃",
        start_date=d("2026-03-09"),
        end_date=d("2026-03-12"),
        cities=[shanghai],
        today=TODAY,
    )
    assert trip.days == 4 and trip.unit.name == "招商一组"
    assert selectors.period_work(zone, d("2026-01-01"), TODAY).trip_days == 4
    same_day = services.change_trip(
        trip=trip, actor=people["bob"], end_date=d("2026-03-09"), today=TODAY
    )
    assert same_day.days == 1 and same_day.version == 2


def test_a_trip_that_returns_before_it_leaves_is_refused(zone, people):
    with pytest.raises(ValidationError) as refused:
        services.record_trip(
            zone=zone,
            actor=people["bob"],
            participants="鲍勃",
            start_date=d("2026-03-09"),
            end_date=d("2026-03-08"),
            today=TODAY,
        )
    assert "2026-03-08" in refused.value.message_dict["end_date"][0]
    assert not Trip.objects.exists()


def test_trips_are_refused_to_leaders_and_to_members_for_other_units(zone, people, refs, theirs):
    values = dict(participants="x", start_date=d("2026-03-09"), end_date=d("2026-03-09"))
    with pytest.raises(PermissionDenied):
        services.record_trip(zone=zone, actor=people["lee"], today=TODAY, **values)
    with pytest.raises(PermissionDenied):
        services.record_trip(
            zone=zone, actor=people["bob"], unit=refs["group2"], today=TODAY, **values
        )
    with pytest.raises(PermissionDenied):  # a lead of another unit's
        services.record_trip(zone=zone, actor=people["bob"], leads=[theirs], today=TODAY, **values)
    carols = services.record_trip(zone=zone, actor=people["carol"], today=TODAY, **values)
    with pytest.raises(PermissionDenied):
        services.change_trip(trip=carols, actor=people["bob"], participants="y", today=TODAY)
    assert list(selectors.trips(people["bob"], zone)) == []
    assert selectors.trips(people["lee"], zone).count() == 1


def test_events_are_recorded_by_directors_only(zone, people):
    for name in ("bob", "lee", "cody"):
        with pytest.raises(PermissionDenied):
            event(zone, people[name], "2026-03-01")
    assert not Event.objects.exists()
    assert event(zone, people["alice"], "2026-03-01").pk


def test_a_project_signed_on_another_day_is_not_signed_at_the_event(zone, people, build):
    project = build("S1", "120000", signed="2026-05-17")
    with pytest.raises(ValidationError) as refused:
        event(zone, people["alice"], "2026-05-18", signed=[project])
    message = refused.value.message_dict["signed_projects"][0]
    assert "S1" in message and "2026-05-17" in message
    assert not Event.objects.exists()


def test_an_events_results(zone, people, build, company):
    a = build("S1", "120000", signed="2026-05-18")
    b = build("S2", "5000", signed="2026-05-18")
    lead = build("L1", None, lead="2026-05-19")
    fair = event(
        zone,
        people["alice"],
        "2026-05-18",
        kind="fair",
        signed=[a, b],
        leads=[lead],
        companies=[company],
    )
    found = selectors.events(people["bob"], zone).get(pk=fair.pk)
    assert (found.signed_count, found.signed_amount, found.signed_major) == (
        2,
        Decimal("125000.00"),
        1,
    )
    assert (found.lead_count, found.company_count) == (1, 1)


def test_events_held_and_trips_equal_an_independent_count(zone, people, build, refs):
    signed = {on: build(f"S{on}", "20000", signed=on) for on in ("2026-02-10", "2026-04-18")}
    days = ["2025-12-30", "2026-02-10", "2026-03-31", "2026-04-01", "2026-04-18", "2026-05-31"]
    for on in days:
        event(
            zone, people["alice"], on, name=f"活动{on}", signed=[signed[on]] if on in signed else []
        )
    starts = ["2026-01-02", "2026-03-31", "2026-04-01", "2026-05-28"]
    for i, on in enumerate(starts):
        services.record_trip(
            zone=zone,
            actor=people["bob" if i % 2 else "carol"],
            participants="x",
            start_date=d(on),
            end_date=d(on) + dt.timedelta(days=i),
            today=TODAY,
        )
    periods = [
        ("2026-01-01", "2026-05-31"),
        ("2026-01-01", "2026-03-31"),
        ("2026-04-01", "2026-04-30"),
        ("2026-04-01", "2026-05-31"),
        ("2026-05-31", "2026-05-31"),
        ("2025-01-01", "2025-12-31"),
    ]
    for start, end in periods:
        figures = zone_figures(zone=zone, period_from=d(start), as_of=d(end), today=TODAY)
        in_period = [on for on in days if start <= on <= end]
        codes = sorted(signed[on].code for on in in_period if on in signed)
        assert figures["events_held"].count == len(in_period), (start, end)
        assert figures["events_held"].projects == codes
        assert figures["events_held"].amount_wan == Decimal(20000 * len(codes))
        trips = [(i, on) for i, on in enumerate(starts) if start <= on <= end]
        assert figures["trips"].count == len(trips)
        work = selectors.period_work(zone, d(start), d(end))
        assert work.trip_days == sum(i + 1 for i, _on in trips)
    # 招商一组 (bob) and 招商二组 (carol) both went out in the year; in April only carol's group.
    idle = selectors.units_without_trips(zone, d("2026-04-02"), d("2026-04-30"))
    assert {unit.name for unit in idle} == {"招商一组", "招商二组"}
    idle = selectors.units_without_trips(zone, d("2026-04-01"), d("2026-04-30"))
    assert [unit.name for unit in idle] == ["招商一组"]
