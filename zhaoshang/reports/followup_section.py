"""The briefing's sections on following through (docs/followup.md): after-care tickets by the
department responsible (项目落地保障) and the ranking of units against their targets."""

import datetime as dt

from django.utils.translation import gettext as _

from zhaoshang.core.dates import format_date
from zhaoshang.reports.document import Column, Kind, Paragraph, Span, Table


def after_care_blocks(facts: list, *, as_of: dt.date, single: bool) -> list:
    """A paragraph of the zone's totals and a table by department: raised, resolved, closed
    unresolved, open, overdue, resolution rate and the average days a resolved one took."""
    zones = [(item.zone, item.after_care or []) for item in facts]
    totals = [records[-1] for _zone, records in zones if records]
    if not totals:
        return [Paragraph([Span(_("截至%(date)s未登记要素保障事项。") % {"date": format_date(as_of)})])]
    opened = sum(t.opened for t in totals)
    resolved = sum(t.resolved for t in totals)
    text = _(
        "截至%(date)s，共登记要素保障事项%(opened)s件，已解决%(resolved)s件，无法解决%(unresolvable)s件，"
        "在办%(open)s件，其中超过办结时限%(overdue)s件。"
    ) % {
        "date": format_date(as_of),
        "opened": opened,
        "resolved": resolved,
        "unresolvable": sum(t.unresolvable for t in totals),
        "open": sum(t.open for t in totals),
        "overdue": sum(t.overdue for t in totals),
    }
    columns = [
        *([] if single else [Column(_("开发区"), Kind.TEXT, 1.6)]),
        Column(_("责任部门"), Kind.TEXT, 2.0),
        Column(_("事项数"), Kind.COUNT),
        Column(_("已解决"), Kind.COUNT),
        Column(_("无法解决"), Kind.COUNT),
        Column(_("在办"), Kind.COUNT),
        Column(_("逾期"), Kind.COUNT),
        Column(_("解决率"), Kind.SHARE),
        Column(_("平均办理天数"), Kind.DAYS),
    ]
    rows = []
    total = None
    for zone, records in zones:
        for record in records:
            row = [
                *([] if single else [zone.name]),
                record.department or _("合计"),
                record.opened,
                record.resolved,
                record.unresolvable,
                record.open,
                record.overdue,
                record.resolution_rate,
                record.average_days,
            ]
            if record.department == "" and single:
                total = row
            elif record.department != "":
                rows.append(row)
    table = Table(
        sheet=_("要素保障"),
        caption=_("要素保障事项办理情况（按责任部门）"),
        columns=columns,
        rows=rows,
        total=total,
        notes=[
            _(
                "注：解决率为已解决事项占截至%(date)s已登记事项的比例；平均办理天数为已解决事项"
                "自提出到办结的天数平均值；逾期指截至%(date)s超过办结时限仍未办结。"
            )
            % {"date": format_date(as_of)}
        ],
    )
    return [Paragraph([Span(text)]), table]
