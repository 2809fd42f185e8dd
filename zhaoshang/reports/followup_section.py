"""The briefing's sections on following through (docs/followup.md): after-care tickets by the
department responsible (项目落地保障) and the ranking of units against their targets."""

import datetime as dt

from django.utils.translation import gettext as _

from zhaoshang.core.dates import format_date
from zhaoshang.reports.document import Column, Kind, Paragraph, Span, Table, series


def after_care_blocks(facts: list, *, as_of: dt.date, single: bool) -> list:
    """A paragraph of the zone's totals and a table by department: raised, resolved, closed
    unresolved, open, overdue, resolution rate and the average days a resolved one took."""
    zones = [(item.zone, item.after_care or []) for item in facts]
    totals = [records[-1] for _zone, records in zones if records]
    if not totals:
        return [
            Paragraph([Span(_("截至%(date)s未登记要素保障事项。") % {"date": format_date(as_of)})])
        ]
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


def ranking_blocks(facts: list, *, single: bool) -> list:
    """The units ranked against their targets, with each sub-score (targets.ranking): a
    paragraph on who leads and who trails, and a table of a row per target and one for the
    overdue starts, the unit's score on its first row. Nothing where no unit has a target."""
    rankings = [(item.zone, item.ranking) for item in facts if item.ranking and item.ranking.ranked]
    if not rankings:
        return []
    blocks: list = []
    rows = []
    for zone, ranking in rankings:
        blocks.append(Paragraph([Span(_ranking_sentence(zone, ranking, single=single))]))
        for row in ranking.ranked:
            lines = [(part.progress.label, part.share, part.points) for part in row.parts]
            lines.append((_("逾期未开工%(count)s个") % {"count": row.overdue}, None, row.penalty))
            for i, (label, share, points) in enumerate(lines):
                first = i == 0
                rows.append(
                    [
                        *([] if single else [zone.name if first else ""]),
                        row.rank if first else None,
                        row.unit.name if first else "",
                        label,
                        share,
                        points,
                        row.score if first else None,
                    ]
                )
        unranked = [row.unit.name for row in ranking.rows if row.rank is None]
        if unranked:
            blocks.append(
                Paragraph(
                    [
                        Span(
                            _("未设定单位目标、列出但不排名的单位：%(units)s。")
                            % {"units": series(unranked)}
                        )
                    ]
                )
            )
    columns = [
        *([] if single else [Column(_("开发区"), Kind.TEXT, 1.6)]),
        Column(_("排名"), Kind.COUNT, 0.6),
        Column(_("责任单位"), Kind.TEXT, 1.5),
        Column(_("计分项"), Kind.TEXT, 2.6),
        Column(_("完成率"), Kind.SHARE, 0.9),
        Column(_("分项得分"), Kind.DAYS, 0.9),
        Column(_("得分"), Kind.DAYS, 0.8),
    ]
    blocks.insert(
        len(rankings),
        Table(
            sheet=_("单位排名"),
            caption=_("责任单位排名"),
            columns=columns,
            rows=rows,
            notes=[
                _(
                    "注：每项目标的分项得分为其完成率（同时设项目数和金额的取较低者，超过上限按上限计）"
                    "除以该单位目标项数，保留一位小数；逾期未开工每个扣分；得分为各分项得分之和。"
                )
            ],
        ),
    )
    return blocks


def _ranking_sentence(zone, ranking, *, single: bool) -> str:
    ranked = ranking.ranked
    return _(
        "%(zone)s按单位目标完成率排名（完成率超过%(cap)s%%按%(cap)s%%计，每个逾期未开工项目扣"
        "%(each)s分）：%(first)s居首，得%(top)s分；%(last)s居末，得%(bottom)s分。"
    ) % {
        "zone": _("我区") if single else zone.name,
        "cap": ranking.cap,
        "each": ranking.penalty_text,
        "first": ranked[0].unit.name,
        "top": ranked[0].score,
        "last": ranked[-1].unit.name,
        "bottom": ranked[-1].score,
    }
