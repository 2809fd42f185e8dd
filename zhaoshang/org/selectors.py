"""Reads about zones and the person looking at them."""

from django.http import HttpRequest

from zhaoshang.org import permissions
from zhaoshang.org.models import Zone

SESSION_ZONE = "zone_id"


def current_zone(request: HttpRequest) -> Zone | None:
    """The zone the user is working in: the one chosen in this session if they still have a
    role there, else their first zone."""
    if not request.user.is_authenticated:
        return None
    if hasattr(request, "_current_zone"):
        return request._current_zone
    zones = permissions.zones_of(request.user)
    chosen = request.session.get(SESSION_ZONE)
    zone = (zones.filter(pk=chosen).first() if chosen else None) or zones.first()
    request._current_zone = zone
    return zone
