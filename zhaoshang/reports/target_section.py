"""The briefing's section on the annual targets (年度目标完成情况): a paragraph per zone in the
report's style and one table with every target, the zone's and its units'. Targets are annual,
so what was reached counts from 1 January to the as-of day, whatever the briefing's period."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhaoshang.core.amounts import format_wan
from zhaoshang.core.dates import format_date
from zhaoshang.reports.document import (
    Column,
    FigureLink,
    Kind,
    Linked,
    Paragraph,
    Span,
    Table,
    clause_end,
    fill,
)
from zhaoshang.targets.selectors import Progress, YearProgress, year_start


def status_words(row: Progress) -> str:
    if row.done:
        return _("已完成")
    if row.level:
        return _("截止日状态")
    if row.behind:
        return _("落后于序时进度")
    return _("快于序时进度")


def _link(progress: YearProgress, row: Progress) -> FigureLink:
    return FigureLink(
        zone=progress.zone.code,
        key=row.metric,
        period_from=year_start(progress.as_of),
        as_of=progress.as_of,
        by="unit" if row.unit else "",
        group=str(row.unit.pk) if row.unit else "",
    )


def _clause(progress: YearProgress, row: Progress) -> list[Span]:
    """新签约亿元以上项目目标15个、80.00亿元，完成8个、43.80亿元，分别为目标的53.3%、54.8%"""
    target, actual = row.target, row.actual
    # A level is not "done" over the year: it is what stands on the day.
    reached = _("现有") if row.level else _("完成")
    count = Span(str(actual.count), link=_link(progress, row))
    metric = (
        # Translators: a unit's target in the zone's paragraph: the unit, then the figure.
        pgettext("年度目标", "%(unit)s%(metric)s") % {"unit": row.unit.name, "metric": row.label}
        if row.unit
        else row.label
    )
    if target.count is not None and target.amount_wan is not None:
        spans = fill(
            _("%(metric)s目标%(count)s个、%(amount)s，%(reached)s%(done)s个、%(done_amount)s，"),
            metric=metric,
            reached=reached,
            count=target.count,
            amount=format_wan(target.amount_wan),
            done=count,
            done_amount=format_wan(actual.amount_wan),
        )
        spans.append(
            Span(
                _("分别为目标的%(count)s%%、%(amount)s%%")
                % {"count": row.count_percent, "amount": row.amount_percent}
            )
        )
    elif target.count is not None:
        spans = fill(
            _("%(metric)s目标%(count)s个，%(reached)s%(done)s个，为目标的%(share)s%%"),
            metric=metric,
            reached=reached,
            count=target.count,
            done=count,
            share=row.count_percent,
        )
    else:
        spans = [
            Span(
                _("%(metric)s目标%(amount)s，%(reached)s%(done)s，为目标的%(share)s%%")
                % {
                    "metric": metric,
                    "reached": reached,
                    "amount": format_wan(target.amount_wan),
                    "done": format_wan(actual.amount_wan),
                    "share": row.amount_percent,
                }
            )
        ]
    if row.done:
        spans.append(Span(_("，已完成全年目标")))
    elif row.behind:
        spans.append(Span(_("，落后于序时进度")))
    return spans


def target_paragraphs(progresses: list[YearProgress], *, single: bool) -> list[Paragraph]:
    paragraphs = []
    for progress in progresses:
        rows = progress.zone_rows or progress.rows
        subject = _("我区") if single else progress.zone.name
        spans = [
            Span(
                _("截至%(date)s（序时进度%(pace)s%%），%(subject)s")
                % {
                    "date": format_date(progress.as_of),
                    "pace": progress.time_percent,
                    "subject": subject,
                }
            )
        ]
        for i, row in enumerate(rows):
            spans += _clause(progress, row)
            spans.append(Span(clause_end(i, len(rows), semicolons=True)))
        paragraphs.append(Paragraph(spans))
    return paragraphs


def target_table(progresses: list[YearProgress], *, single: bool) -> Table:
    columns = [
        *([] if single else [Column(_("开发区"), Kind.TEXT, 1.6)]),
        Column(_("范围"), Kind.TEXT, 1.2),
        Column(_("指标"), Kind.TEXT, 2.2),
        Column(_("目标项目数"), Kind.COUNT),
        Column(_("已完成项目数"), Kind.COUNT),
        Column(_("完成率"), Kind.SHARE),
        Column(_("目标金额"), Kind.WAN, 1.3),
        Column(_("已完成金额"), Kind.WAN, 1.3),
        Column(_("金额完成率"), Kind.SHARE),
        Column(_("进度"), Kind.TEXT, 1.4),
    ]
    rows = []
    for progress in progresses:
        for row in progress.rows:
            counted = row.target.count is not None
            amounted = row.target.amount_wan is not None
            rows.append(
                [
                    *([] if single else [progress.zone.name]),
                    row.unit.name if row.unit else _("全区"),
                    row.label,
                    row.target.count,
                    Linked(row.actual.count, _link(progress, row)) if counted else None,
                    row.count_percent,
                    row.target.amount_wan,
                    row.actual.amount_wan if amounted else None,
                    row.amount_percent,
                    status_words(row),
                ]
            )
    return Table(
        sheet=_("年度目标"),
        caption=_("年度目标完成情况"),
        columns=columns,
        rows=rows,
        notes=[
            _(
                "注：完成数按当年1月1日至截止日累计，在谈、在建项目为截止日的状态；序时进度为截止日"
                "已过天数占全年天数的比例。"
            )
        ],
    )
