"""Load the demo zone (zhaoshang.demo.data) through the services, as the system (actor None).

Idempotent: whatever already exists (zone, units, parks, industries, companies, users, projects
by code) is left as it is, so a second run writes nothing. A project is created with its dates,
pauses, drop and funds in one go, so it is either all there or not there at all.
"""

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.companies.models import Channel, Company, Organisation
from zhaoshang.companies.services import find_company, get_or_create_company, save_organisation
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.demo import data
from zhaoshang.demo.chains import load_chains
from zhaoshang.fieldwork.models import Activity, Event, Trip
from zhaoshang.fieldwork.services import record_activity, record_event, record_trip
from zhaoshang.followup.models import Commitment, FollowupSettings, Notice, ResponseStep, Ticket
from zhaoshang.followup.services import (
    issue_notice,
    open_ticket,
    record_step,
    save_settings,
    set_commitment,
    update_ticket,
)
from zhaoshang.org.models import Industry, Membership, Park, Region, Unit, User, Zone
from zhaoshang.org.services import (
    create_zone,
    ensure_reference,
    grant_role,
    save_unit,
    set_code_scheme,
)
from zhaoshang.projects.models import Project
from zhaoshang.projects.services import (
    create_project,
    drop_project,
    record_funds_arrived,
    set_paused,
)
from zhaoshang.targets.models import Target
from zhaoshang.targets.services import TargetValue, set_targets

SOURCE = "demo"
# The data reaches three years back from Y; a demo before this makes no sense.
FIRST_YEAR = 2000
_CODE = re.compile(r"^YH(\d{4})-\d{3}$")


def demo_as_of(year: int) -> dt.date:
    """The day the demo stands on: 31 May of the demo year. No demo date is later."""
    return dt.date(year, *data.AS_OF)


def default_demo_year(*, today: dt.date) -> int:
    """The latest year whose 31 May is not after `today`."""
    return today.year if demo_as_of(today.year) <= today else today.year - 1


def check_demo_year(year: int, *, today: dt.date) -> None:
    """Refuse a demo year whose 31 May is still to come: its data would be dated in the future."""
    if year < FIRST_YEAR:
        raise ValidationError(
            _("演示年份 %(year)s 无效,须不早于 %(first)s 年。")
            % {"year": year, "first": FIRST_YEAR},
            code="invalid",
        )
    if year > today.year:
        raise ValidationError(
            _("演示年份 %(year)s 晚于今年(%(this_year)s),演示数据不能含未来日期。")
            % {"year": year, "this_year": today.year},
            code="future",
        )
    as_of = demo_as_of(year)
    if as_of > today:
        raise ValidationError(
            _("演示年份 %(year)s 的5月31日(%(as_of)s)晚于今天(%(today)s),演示数据不能含未来日期。")
            % {"year": year, "as_of": as_of, "today": today},
            code="future",
        )


def demo_years(zone: Zone) -> set[int]:
    """The demo years whose projects the zone holds (by their codes)."""
    codes = Project.objects.filter(zone=zone, code__startswith="YH").values_list("code", flat=True)
    return {int(match[1]) for code in codes if (match := _CODE.match(code))}


def load_demo(*, year: int) -> Zone:
    check_demo_year(year, today=shanghai_today())
    # Services are told that "today" is the demo's 31 May, so the load does not depend on the
    # real date (the check above keeps that day in the past).
    today = demo_as_of(year)
    with transaction.atomic():
        zone = Zone.objects.filter(code=data.ZONE_CODE).first()
        if zone is None:
            zone = create_zone(
                code=data.ZONE_CODE,
                name=data.ZONE_NAME,
                code_prefix=data.CODE_PREFIX,
                source=SOURCE,
            )
        elif not zone.code_prefix:  # loaded before zones had a code scheme
            zone = set_code_scheme(zone=zone, prefix=data.CODE_PREFIX, source=SOURCE)
        units = {
            unit.name: ensure_reference(
                zone=zone,
                model=Unit,
                name=unit.name,
                kind=unit.kind,
                sort_order=order,
                source=SOURCE,
            )
            for order, unit in enumerate(data.UNITS, start=1)
        }
        parks = {
            name: ensure_reference(
                zone=zone, model=Park, name=name, sort_order=order, source=SOURCE
            )
            for order, name in enumerate(data.PARKS, start=1)
        }
        industries = {
            name: ensure_reference(
                zone=zone, model=Industry, name=name, sort_order=order, source=SOURCE
            )
            for order, name in enumerate(data.INDUSTRIES, start=1)
        }
        companies = _companies(zone)
        users = _users(zone, units)
        _unit_details(zone, units, users, year)
        organisations = _organisations(zone)

        existing = set(
            Project.objects.filter(zone=zone, code__startswith=f"YH{year}-").values_list(
                "code", flat=True
            )
        )
        for item in data.PROJECTS:
            code = data.project_code(year, item.number)
            if code in existing:
                continue
            _create_project(
                item,
                zone=zone,
                code=code,
                year=year,
                today=today,
                units=units,
                parks=parks,
                industries=industries,
                companies=companies,
                contributor=users["contributor"],
                organisations=organisations,
            )
        _targets(zone, year, units)
        _followup(zone, year, today)
        _work(zone, year=year, today=today, units=units, companies=companies)
        load_chains(zone=zone, year=year, today=today, units=units)
    return zone


def _followup(zone: Zone, year: int, today: dt.date) -> None:
    """Settings, promises, after-care tickets, 督办 notices and response steps (data.COMMITMENTS…),
    each kind only where the zone has none yet, so a second run writes nothing."""
    if not FollowupSettings.objects.filter(zone=zone).exists():
        save_settings(
            zone=zone, actor=None, values={"rules_from": dt.date(year, 1, 1)}, source=SOURCE
        )
    projects = {
        code: project
        for project in Project.objects.filter(zone=zone, code__startswith=f"YH{year}-")
        for code in [project.code]
    }

    def project(number: int) -> Project:
        return projects[data.project_code(year, number)]

    def day(month_day: tuple[int, int]) -> dt.date:
        return dt.date(year, *month_day)

    if not Commitment.objects.filter(project__in=projects.values()).exists():
        for number, promise in data.COMMITMENTS.items():
            set_commitment(
                project=project(number),
                actor=None,
                start_date=day(promise["start"]),
                production_date=day(promise["production"]) if "production" in promise else None,
                investment_wan=_wan(promise.get("investment")),
                annual_output_wan=_wan(promise.get("output")),
                annual_tax_wan=_wan(promise.get("tax")),
                today=today,
                source=SOURCE,
            )
    if not Ticket.objects.filter(project__in=projects.values()).exists():
        for number, category, title, department, opened, deadline, closed in data.TICKETS:
            ticket = open_ticket(
                project=project(number),
                actor=None,
                category=category,
                title=title,
                department=department,
                opened_on=day(opened),
                deadline=day(deadline),
                today=today,
                source=SOURCE,
            )
            if closed:
                status, closed_on, resolution = closed
                update_ticket(
                    ticket=ticket,
                    actor=None,
                    status=status,
                    closed_on=day(closed_on) if closed_on else None,
                    resolution=resolution,
                    today=today,
                    source=SOURCE,
                )
    if not Notice.objects.filter(project__in=projects.values()).exists():
        for number, kind, content, issued, answer_by in data.NOTICES:
            issue_notice(
                project=project(number),
                actor=None,
                kind=kind,
                content=content,
                issued_on=day(issued),
                deadline=day(answer_by),
                today=today,
                source=SOURCE,
            )
    if not ResponseStep.objects.filter(project__in=projects.values()).exists():
        for number, steps in data.RESPONSE_STEPS.items():
            for step, done_on in steps:
                record_step(
                    project=project(number),
                    actor=None,
                    step=step,
                    done_on=day(done_on),
                    today=today,
                    source=SOURCE,
                )


def _targets(zone: Zone, year: int, units: dict[str, Unit]) -> None:
    # Targets a director has set for the year are theirs: the demo only fills an empty year
    # (and the zone's target of events, which came later, where the year has none).
    if Target.objects.filter(zone=zone, year=year).exists():
        if not Target.objects.filter(zone=zone, year=year, metric="events_held").exists():
            set_targets(
                zone=zone,
                actor=None,
                year=year,
                values={"events_held": TargetValue(count=data.EVENT_TARGET)},
                source=SOURCE,
            )
        return
    for unit_name, targets in data.TARGETS.items():
        set_targets(
            zone=zone,
            actor=None,
            year=year,
            unit=units[unit_name] if unit_name else None,
            values={
                metric: TargetValue(count=count, amount_wan=_wan(amount))
                for metric, (count, amount) in targets.items()
            },
            source=SOURCE,
        )


def _work(
    zone: Zone, *, year: int, today: dt.date, units: dict[str, Unit], companies: dict[str, Company]
) -> None:
    """The year's events, trips and activities (data.EVENTS, TRIPS, ACTIVITIES), each once: an
    event by its name and date, a trip by its unit and first day, an activity by its project,
    kind and date."""

    def on(when: data.DemoDate) -> dt.date:
        return data.demo_date(year, when)

    projects = {
        project.code: project
        for project in Project.objects.filter(zone=zone, code__startswith=f"YH{year}-")
    }

    def numbered(numbers) -> list[Project]:
        return [projects[data.project_code(year, number)] for number in numbers]

    regions = Region.objects.in_bulk(
        [e.city for e in data.EVENTS] + [c for t in data.TRIPS for c in t.cities]
    )
    for item in data.EVENTS:
        if Event.objects.filter(zone=zone, name=item.name, date=on(item.on)).exists():
            continue
        record_event(
            zone=zone,
            actor=None,
            name=item.name,
            kind=item.kind,
            date=on(item.on),
            city=regions.get(item.city),
            place=item.place,
            organiser=item.organiser,
            organiser_unit=units[item.organiser_unit] if item.organiser_unit else None,
            companies=[companies[name] for name in item.companies],
            signed_projects=numbered(item.signed),
            leads=numbered(item.leads),
            source=SOURCE,
            today=today,
        )
    trips = []
    for trip in data.TRIPS:
        found = Trip.objects.filter(zone=zone, unit=units[trip.unit], start_date=on(trip.start))
        trips.append(
            found.first()
            or record_trip(
                zone=zone,
                actor=None,
                unit=units[trip.unit],
                participants=trip.participants,
                cities=[regions[code] for code in trip.cities if code in regions],
                start_date=on(trip.start),
                end_date=on(trip.end),
                purpose=trip.purpose,
                leads=numbered(trip.leads),
                source=SOURCE,
                today=today,
            )
        )
    for activity in data.ACTIVITIES:
        project = numbered([activity.project])[0] if activity.project else None
        if Activity.objects.filter(
            zone=zone, project=project, kind=activity.kind, date=on(activity.on)
        ).exists():
            continue
        record_activity(
            zone=zone,
            actor=None,
            kind=activity.kind,
            date=on(activity.on),
            project=project,
            participants=activity.participants,
            summary=activity.summary,
            place=activity.place,
            next_step=activity.next_step,
            next_step_date=on(activity.next_on) if activity.next_on else None,
            trip=trips[activity.trip] if activity.trip is not None else None,
            source=SOURCE,
            today=today,
        )


def _companies(zone: Zone) -> dict[str, Company]:
    # Regions are national reference data loaded by a migration; a code it lacks leaves the
    # company's region empty rather than failing the demo.
    regions = Region.objects.in_bulk([company.region for company in data.COMPANIES])
    companies = {}
    for company in data.COMPANIES:
        # A company already there is taken as it is, by name: had someone corrected its code,
        # looking it up by the demo's code would be refused as a contradiction.
        companies[company.name] = find_company(zone=zone, name=company.name) or (
            get_or_create_company(
                zone=zone,
                actor=None,
                name=company.name,
                uscc=company.uscc,
                region=regions.get(company.region),
                is_anchor=company.is_anchor,
                source=SOURCE,
            )
        )
    return companies


def _unit_details(zone: Zone, units: dict[str, Unit], users: dict[str, User], year: int) -> None:
    """Heads of the demo's units and the resident office's city and period, where nobody has
    set them (an admin's changes stay)."""
    for spec in data.USERS:
        unit = units.get(spec.heads) if spec.heads else None
        if unit is not None and unit.head_id is None:
            save_unit(zone=zone, actor=None, unit=unit, head=users[spec.username], source=SOURCE)
    name, code, opened = data.RESIDENT_OFFICE
    office = units[name]
    # Regions are loaded by a migration; without them (a flushed test database) no city.
    city = Region.objects.filter(pk=code).first()
    if office.city_id is None and city is not None:
        units[name] = save_unit(
            zone=zone,
            actor=None,
            unit=office,
            city=city,
            started_on=data.demo_date(year, opened),
            source=SOURCE,
            today=demo_as_of(year),
        )


def _organisations(zone: Zone) -> dict[str, Organisation]:
    found = {o.name: o for o in Organisation.objects.filter(zone=zone)}
    regions = Region.objects.in_bulk([code for _n, _k, code in data.ORGANISATIONS])
    for name, kind, region in data.ORGANISATIONS:
        if name not in found:
            found[name] = save_organisation(
                zone=zone,
                actor=None,
                name=name,
                kind=kind,
                region=regions.get(region),
                source=SOURCE,
            )
    return found


def _users(zone: Zone, units: dict[str, Unit]) -> dict[str, User]:
    """The demo logins. A user that exists keeps its password and flags, and a user that already
    has a role in the zone keeps it: an admin may have changed either on purpose."""
    users = {}
    for spec in data.USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User.objects.create_user(
                username=spec.username,
                password=data.PASSWORD,
                is_staff=spec.is_staff,
                is_superuser=spec.is_superuser,
                first_name=spec.name,
            )
        if not Membership.objects.filter(user=user, zone=zone).exists():
            unit = units[spec.unit] if spec.unit else None
            grant_role(user=user, zone=zone, role=spec.role, unit=unit, source=SOURCE)
        users[spec.username] = user
    return users


def _create_project(
    item: data.DemoProject,
    *,
    zone: Zone,
    code: str,
    year: int,
    today: dt.date,
    units: dict[str, Unit],
    parks: dict[str, Park],
    industries: dict[str, Industry],
    companies: dict[str, Company],
    contributor: User,
    organisations: dict[str, Organisation],
) -> Project:
    def on(when: data.DemoDate) -> dt.date:
        return data.demo_date(year, when)

    project = create_project(
        zone=zone,
        actor=None,
        name=item.name,
        code=code,
        milestones={stage: on(when) for stage, when in item.milestones.items()},
        source=SOURCE,
        today=today,
        company=companies[item.company] if item.company else None,
        introduced_by=companies[item.introduced_by] if item.introduced_by else None,
        industry=industries[item.industry] if item.industry else None,
        park=parks[item.park] if item.park else None,
        unit=units[item.unit] if item.unit else None,
        channel=item.channel,
        project_type=item.project_type,
        total_investment_wan=_wan(item.amount_wan),
        foreign_capital_usd_wan=_wan(item.foreign_capital_usd_wan),
        agreement_type=item.agreement_type,
        submitted_by=contributor if item.by_contributor else None,
        # 全员招商: the contributor is credited with the leads of that channel
        referred_by=contributor
        if item.by_contributor or item.channel == Channel.ALL_STAFF
        else None,
        referrer_org=organisations[item.referrer_org] if item.referrer_org else None,
        note=item.note,
    )
    for pause in sorted(item.pauses, key=lambda pause: pause.on):
        project = set_paused(
            project=project,
            actor=None,
            paused=pause.paused,
            on=on(pause.on),
            reason=pause.reason,
            source=SOURCE,
            today=today,
        )
    if item.drop:
        project = drop_project(
            project=project,
            actor=None,
            on=on(item.drop.on),
            reason=item.drop.reason,
            dropped_to=item.drop.dropped_to,
            source=SOURCE,
            today=today,
        )
    for funds in sorted(item.funds, key=lambda funds: funds.on):
        record_funds_arrived(
            project=project,
            actor=None,
            on=on(funds.on),
            amount_wan=Decimal(funds.amount_wan),
            source_of_funds=funds.source,
            source=SOURCE,
            today=today,
        )
    return project


def _wan(amount: int | None) -> Decimal | None:
    return None if amount is None else Decimal(amount)
