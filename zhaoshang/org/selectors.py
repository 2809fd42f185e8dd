"""Reads about zones and the person looking at them, and about sign-in locks."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from zhaoshang.org import permissions
from zhaoshang.org.models import Membership, Unit, User, Zone

SESSION_ZONE = "zone_id"


def current_zone(request: HttpRequest) -> Zone | None:
    """The zone the user is working in: the one chosen in this session if they still have a
    role there, else their first zone."""
    if not request.user.is_authenticated:
        return None
    if hasattr(request, "_current_zone"):  # asked before in this request
        return getattr(request, "_current_zone")  # noqa: B009 (not a field of HttpRequest)
    zones = permissions.zones_of(request.user)
    chosen = request.session.get(SESSION_ZONE)
    zone = (zones.filter(pk=chosen).first() if chosen else None) or zones.first()
    setattr(request, "_current_zone", zone)  # noqa: B010
    return zone


def zone_or_404(request: HttpRequest) -> Zone:
    """The zone the user works in; a user with a role in no zone finds nothing (404). Everyone
    with a role in a zone sees its figures, so pages of figures need no further check."""
    zone = current_zone(request)
    if zone is None:
        raise Http404
    return zone


@dataclass(frozen=True)
class SignInLock:
    """A username or an address refused at sign-in for too many failures, until `until`."""

    kind: str  # "username" or "address"
    value: str
    failures: int
    until: dt.datetime
    user: User | None = None  # the account a username lock is on, when there is one


def sign_in_locks(viewer) -> list[SignInLock]:
    """The locks in force that `viewer` may see and lift: a superuser every one; a zone's admin
    those on the usernames of users whose password they may set (an address is shared by
    users of other zones, so address locks are the superuser's)."""
    if not viewer.is_authenticated:
        return []
    cool_off = settings.AXES_COOLOFF_TIME
    now = timezone.now()
    attempts = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off).values_list(
        "username", "ip_address", "failures_since_start", "attempt_time"
    )
    by_key: dict[tuple[str, str], list[tuple[int, dt.datetime]]] = defaultdict(list)
    for username, address, failures, when in attempts:
        if username:
            by_key["username", username].append((failures, when))
        if address:
            by_key["address", address].append((failures, when))
    locks = []
    for (kind, value), rows in by_key.items():
        if sum(failures for failures, _ in rows) < settings.AXES_FAILURE_LIMIT:
            continue
        # The lock ends when the failures still inside the cool-off drop below the limit.
        counted = 0
        for failures, when in sorted(rows, key=lambda row: row[1], reverse=True):
            counted += failures
            if counted >= settings.AXES_FAILURE_LIMIT:
                locks.append(SignInLock(kind, value, sum(f for f, _ in rows), when + cool_off))
                break
    users = {u.username: u for u in User.objects.filter(username__in=[lk.value for lk in locks])}
    shown = []
    for lock in sorted(locks, key=lambda lk: (lk.kind != "username", lk.value)):
        user = users.get(lock.value) if lock.kind == "username" else None
        if viewer.is_superuser or (user and permissions.can_set_password(viewer, user)):
            shown.append(replace(lock, user=user))
    return shown


def zone_accounts(zone: Zone) -> QuerySet[Membership]:
    """The zone's users with their roles, for the admins' accounts page."""
    return (
        Membership.objects.filter(zone=zone)
        .select_related("user", "unit")
        .order_by("role", "user__username")
    )


def people_of(zone: Zone) -> QuerySet[User]:
    """The users with a role in the zone (a unit's head, a referral's person, 全员招商)."""
    return User.objects.filter(memberships__zone=zone).order_by("username")


def zone_units(zone: Zone) -> QuerySet:
    """The zone's units with their head, city and how many people they have."""
    return (
        Unit.objects.filter(zone=zone)
        .select_related("head", "city")
        .annotate(people=Count("membership"))
        .order_by("sort_order", "name")
    )
