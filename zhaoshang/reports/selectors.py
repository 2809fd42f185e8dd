"""The briefing (简报) of a zone — or the roll-up of several — for a period and an as-of date.

Built from the figures engine (zhaoshang.stats.selectors) and a few lists, all computed from
facts dated on or before the as-of date: a briefing as of D never changes when milestones, funds
or projects dated after D are recorded; back-dated entries do change it, which is why its closing
line says when the data last changed. Project lists show what the viewer may see (the permission
policy); figures are the zone's. `viewer=None` is the system itself (the CLI): everything.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.dates import format_date, format_moment
from zhaoshang.org import permissions
from zhaoshang.org.models import Zone
from zhaoshang.reports.document import Briefing, semicolon
from zhaoshang.reports.facts import LIST_LIMIT, ZoneFacts, zone_facts
from zhaoshang.reports.text import Writer
from zhaoshang.stats.selectors import check_period


def build_briefing(
    *,
    zones: list[Zone],
    as_of: dt.date,
    period_from: dt.date | None = None,
    viewer=None,
    complete: bool = False,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    cached: bool = False,
) -> Briefing:
    """The briefing of one zone, or the roll-up of several (each counted by its own rules).

    complete: every list with every row (the .xlsx); otherwise the largest LIST_LIMIT.
    today: for the check that the as-of date is not in the future (tests pass it).
    now: the generated-at time (tests pass it). cached: figures through the zone-stamped cache.
    """
    if not zones:
        raise ValidationError(_("请至少选择一个开发区。"), code="no_zone")
    period_from = check_period(as_of, period_from, today=today)
    if viewer is not None:
        for zone in zones:
            if not permissions.can_see_figures(viewer, zone):
                raise PermissionDenied(_("您在“%(zone)s”没有角色。") % {"zone": zone})
    limit = None if complete else LIST_LIMIT
    facts = [
        zone_facts(
            zone,
            period_from=period_from,
            as_of=as_of,
            viewer=viewer,
            limit=limit,
            cached=cached,
            today=today,
        )
        for zone in zones
    ]
    writer = Writer(facts, period_from=period_from, as_of=as_of, limit=limit)
    now = now or timezone.now()
    return Briefing(
        title=writer.title(),
        subtitle=_("（数据截至%(date)s）") % {"date": format_date(as_of)},
        zones=list(zones),
        period_from=period_from,
        as_of=as_of,
        blocks=writer.blocks(),
        generated_at=now,
        closing=_closing(facts, now),
        complete=complete,
        figures={item.zone.code: item.figures for item in facts},
    )


def _closing(facts: list[ZoneFacts], now: dt.datetime) -> str:
    changed = []
    for item in facts:
        stamp = (
            Zone.objects.filter(pk=item.zone.pk).values_list("data_changed_at", flat=True).first()
        )
        changed.append(
            _("%(zone)s数据最后更新于%(time)s")
            % {"zone": item.zone.name, "time": format_moment(stamp)}
            if stamp
            else _("%(zone)s尚无数据更新记录") % {"zone": item.zone.name}
        )
    return _("本简报由招商系统于%(time)s生成；%(changed)s。") % {
        "time": format_moment(now),
        "changed": semicolon().join(changed),
    }
