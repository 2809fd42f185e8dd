"""The briefing's section on channels and referrers (招商方式和引荐方): the period's signings by
招商方式 and by 引荐方 (a person, an enterprise, an organisation), a paragraph and two tables whose
rows add up to the signings. In a roll-up, channels are summed across zones and each zone's
referrers are listed under its name."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy, pgettext

from zhaoshang.core.amounts import format_wan
from zhaoshang.projects.models import ReferrerKind
from zhaoshang.reports.document import (
    Column,
    FigureLink,
    Kind,
    Linked,
    Paragraph,
    Span,
    Table,
    fill,
    series,
)
from zhaoshang.stats.selectors import ZERO, Credit, CreditRow, Figure

# (figure, count or amount) per column after the name(s).
COLUMNS = [("signed", "count"), ("signed", "amount"), ("signed_major", "count")]


def _titles() -> list[Column]:
    return [
        Column(_("新签约（个）"), Kind.COUNT, 0.9),
        Column(_("新签约总投资"), Kind.WAN, 1.35),
        Column(_("其中亿元以上（个）"), Kind.COUNT, 1.0),
    ]


def _merge(figures: list[Figure]) -> Figure:
    return Figure(sum(f.count for f in figures), sum((f.amount_wan for f in figures), ZERO))


class Section:
    """`credits`: (zone code, zone name, Credit) per zone; links only for a single zone."""

    def __init__(self, credits: list[tuple[str, str, Credit]], *, period: str):
        self.credits = credits
        self.single = len(credits) == 1
        self.period = period

    def link(self, dimension: str, group: str) -> FigureLink | None:
        if not self.single:
            return None
        code, _name, credit = self.credits[0]
        return FigureLink(
            zone=code,
            key="signed",
            period_from=credit.period_from,
            as_of=credit.as_of,
            by=dimension,
            group=group,
        )

    def cells(self, figures: dict[str, Figure], link: FigureLink | None) -> list:
        cells: list[object] = []
        for key, what in COLUMNS:
            figure = figures[key]
            value: int | Decimal = figure.count if what == "count" else figure.amount_wan
            cells.append(
                Linked(value, link) if link and figure.count and key == "signed" else value
            )
        return cells

    def total(self) -> dict[str, Figure]:
        return {
            key: _merge([credit.total[key] for _c, _n, credit in self.credits])
            for key in ("signed", "signed_major")
        }

    def channel_rows(self) -> list[tuple[str, str, dict[str, Figure]]]:
        merged: dict[str, tuple[str, dict[str, list[Figure]]]] = {}
        for _code, _name, credit in self.credits:
            for row in credit.by_channel:
                _label, parts = merged.setdefault(row.group, (row.name, {}))
                for key, figure in row.figures.items():
                    parts.setdefault(key, []).append(figure)
        rows = [
            (group, name, {k: _merge(v) for k, v in parts.items()})
            for group, (name, parts) in merged.items()
        ]
        rows.sort(key=lambda r: (r[0] == "none", -r[2]["signed"].amount_wan, -r[2]["signed"].count))
        return rows

    def referrer_rows(self) -> list[tuple[CreditRow, str]]:
        rows = []
        for _code, zone_name, credit in self.credits:
            for row in credit.by_referrer:
                name = row.name if self.single else f"{zone_name} · {row.name}"
                rows.append((row, name))
        return rows

    def paragraph(self) -> Paragraph:
        total = self.total()["signed"]
        if not total.count:
            return Paragraph([Span(_("%(period)s无新签约项目。") % {"period": self.period})])
        channels = [
            pgettext("招商方式及个数", "%(channel)s%(count)s个")
            % {"channel": name, "count": figures["signed"].count}
            for group, name, figures in self.channel_rows()
            if group != "none"
        ]
        counts: dict[str, int] = dict.fromkeys(ReferrerKind.values, 0)
        amounts: dict[str, Decimal] = dict.fromkeys(ReferrerKind.values, ZERO)
        for row, _name in self.referrer_rows():
            if row.kind in counts:
                counts[row.kind] += row.figures["signed"].count
                amounts[row.kind] += row.figures["signed"].amount_wan
        referred = sum(counts.values())
        spans = fill(
            ngettext_lazy(
                "%(period)s新签约项目%(count)s个（总投资%(amount)s）",
                "%(period)s新签约项目%(count)s个（总投资%(amount)s）",
                "n",
            ),
            period=self.period,
            count=Span(str(total.count), link=self.link("", "")),
            amount=format_wan(total.amount_wan),
            n=total.count,
        )
        if channels:
            spans.append(
                Span(_("，按招商方式分：%(list)s") % {"list": series(channels, conjunction=False)})
            )
        spans.append(
            Span(
                _(
                    "。有引荐方的%(count)s个，其中个人（全员招商）引荐%(person)s个、企业引荐%(enterprise)s个、机构引荐%(organisation)s个；引荐项目总投资%(amount)s。"
                )
                % {
                    "count": referred,
                    "person": counts[ReferrerKind.PERSON],
                    "enterprise": counts[ReferrerKind.ENTERPRISE],
                    "organisation": counts[ReferrerKind.ORGANISATION],
                    "amount": format_wan(sum(amounts.values(), ZERO)),
                }
            )
        )
        return Paragraph(spans)

    def channel_table(self) -> Table:
        total = self.total()
        return Table(
            sheet=_("分招商方式"),
            caption="",  # the subsection's heading says it
            columns=[Column(_("招商方式"), Kind.TEXT, 1.6), *_titles()],
            rows=[
                [name, *self.cells(figures, self.link("channel", group))]
                for group, name, figures in self.channel_rows()
            ],
            total=[_("合计"), *self.cells(total, self.link("", ""))],
            notes=[_("注：每个签约项目计入一种招商方式，未填写的单列，各行之和等于合计。")],
        )

    def referrer_table(self) -> Table:
        total = self.total()
        return Table(
            sheet=_("分引荐方"),
            caption="",
            columns=[
                Column(_("类型"), Kind.TEXT, 0.7),
                Column(_("引荐方"), Kind.TEXT, 2.0),
                *_titles(),
            ],
            rows=[
                [row.kind_label, name, *self.cells(row.figures, self.link("referrer", row.group))]
                for row, name in self.referrer_rows()
            ],
            total=["", _("合计"), *self.cells(total, self.link("", ""))],
            notes=[
                _(
                    "注：每个签约项目计入一个引荐方（个人、企业或机构），没有引荐方的计入“无引荐方”，"
                    "各行之和等于合计。"
                )
            ],
        )
