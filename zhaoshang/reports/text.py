"""The briefing's text: the facts of each zone (zhaoshang.reports.facts) turned into numbered
headings, paragraphs in the style of the zone's reports, and tables, in the active language."""

import datetime as dt
from decimal import Decimal

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext

from zhaoshang.core.amounts import change_percent, format_wan
from zhaoshang.core.dates import EARLIEST, format_date, format_month_day
from zhaoshang.core.typing import Text
from zhaoshang.followup.models import SIGNED_WITHOUT_START_DAYS
from zhaoshang.followup.selectors import LEVELS
from zhaoshang.projects.models import FundsArrived, ProjectType, Stage
from zhaoshang.reports.chain_section import chain_blocks
from zhaoshang.reports.credit_section import Section as CreditSection
from zhaoshang.reports.document import (
    Column,
    FigureLink,
    Heading,
    Kind,
    Linked,
    Paragraph,
    Span,
    Table,
    clause_end,
    comma,
    fill,
    full_stop,
    numbered,
    section_number,
    semicolon,
    series,
)
from zhaoshang.reports.facts import (
    GAPS,
    IDLE_NEGOTIATION_DAYS,
    LIST_LIMIT,
    ZERO,
    Listed,
    ZoneFacts,
    gap_problems,
    idle_window,
)
from zhaoshang.reports.followup_section import after_care_blocks, ranking_blocks
from zhaoshang.reports.target_section import target_paragraphs, target_table
from zhaoshang.stats.models import CountingRules
from zhaoshang.stats.selectors import KEYS, LABELS, Figure, year_before

# The seed report's sentence: its five figures in its order, in its words.
# The phrases with a count are plural-aware (the count's number under "n"; Chinese has one form).
HEADLINE = [
    (
        "signed_major",
        ngettext_lazy(
            "新签约亿元以上投资项目%(count)s个", "新签约亿元以上投资项目%(count)s个", "n"
        ),
    ),
    (
        "negotiating_major",
        ngettext_lazy("正在洽谈亿元以上项目%(count)s个", "正在洽谈亿元以上项目%(count)s个", "n"),
    ),
    (
        "under_construction_major",
        ngettext_lazy(
            "在建、续建亿元以上投资项目%(count)s个", "在建、续建亿元以上投资项目%(count)s个", "n"
        ),
    ),
    ("started", ngettext_lazy("新开工项目%(count)s个", "新开工项目%(count)s个", "n")),
    ("completed", ngettext_lazy("新竣工项目%(count)s个", "新竣工项目%(count)s个", "n")),
]
# The overview's second sentence, its phrases by figure.
OVERVIEW = {
    "signed": ngettext_lazy("新签约项目共%(count)s个", "新签约项目共%(count)s个", "n"),
    "signed_over_5yi": ngettext_lazy(
        "其中5亿元以上项目%(count)s个", "其中5亿元以上项目%(count)s个", "n"
    ),
    "negotiating": ngettext_lazy(
        "截至%(date)s正在洽谈项目共%(count)s个", "截至%(date)s正在洽谈项目共%(count)s个", "n"
    ),
    "under_construction": ngettext_lazy(
        "在建、续建项目共%(count)s个", "在建、续建项目共%(count)s个", "n"
    ),
    "continued_construction": ngettext_lazy(
        "其中续建项目%(count)s个", "其中续建项目%(count)s个", "n"
    ),
    "operating": ngettext_lazy("新投产项目%(count)s个", "新投产项目%(count)s个", "n"),
}
# Breakdown tables: the figures shown per row (count unless the key is an amount).
BREAKDOWN_COLUMNS = [
    ("signed", "count", gettext_lazy("新签约项目（个）")),
    ("signed", "amount", gettext_lazy("新签约总投资")),
    ("signed_major", "count", gettext_lazy("其中亿元以上（个）")),
    ("negotiating_major", "count", gettext_lazy("在谈亿元以上（个）")),
    ("under_construction_major", "count", gettext_lazy("在建续建亿元以上（个）")),
    ("started", "count", gettext_lazy("新开工（个）")),
    ("completed", "count", gettext_lazy("新竣工（个）")),
    ("funds_arrived", "amount", gettext_lazy("实际到位资金")),
]
# dimension, .xlsx sheet, caption
DIMENSION_TABLES = [
    ("industry", gettext_lazy("分产业"), gettext_lazy("分产业情况")),
    ("park", gettext_lazy("分园区"), gettext_lazy("分园区情况")),
    ("unit", gettext_lazy("分责任单位"), gettext_lazy("分责任单位情况")),
    ("region_group", gettext_lazy("分区域板块"), gettext_lazy("分投资方来源区域板块情况")),
    ("province", gettext_lazy("分省份"), gettext_lazy("分投资方所在省份情况")),
]
# Tables by province run to forty rows: the workbook has them, the document points there.
WORKBOOK_ONLY = {"province"}
# In a roll-up, rows of different zones merge only where the names mean the same thing.
ROLLUP_DIMENSIONS = {"industry", "region_group", "province"}


def period_label(start: dt.date, end: dt.date) -> str:
    """2026年1—5月, 2026年5月, 2025年11月—2026年2月, or by days when not whole months:
    2026年1月1日—5月18日 (English: January–May 2026, May 2026, 1 January–18 May 2026). The two
    ends are written by date formats from the catalogue (see zhaoshang.core.dates)."""
    whole_months = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    same_year = start.year == end.year
    # Translators: a month, as Django date format characters; English "F Y" (May 2026).
    month = pgettext("日期格式：月份", "Y年n月")
    if whole_months:
        if same_year and start.month == end.month:
            return dateformat.format(start, month)
        if same_year:
            # Translators: the first month of a period within one year; English "F" (January).
            first = dateformat.format(start, pgettext("日期格式：同年期间的首月", "Y年n"))
            # Translators: the last month of a period within one year; English "F Y" (May 2026).
            last = dateformat.format(end, pgettext("日期格式：同年期间的末月", "n月"))
        else:
            first, last = dateformat.format(start, month), dateformat.format(end, month)
    elif start == end:
        return format_date(start)
    elif same_year:
        # Translators: the first day of a period within one year; English "j F" (1 January).
        first = dateformat.format(start, pgettext("日期格式：同年期间的首日", "Y年n月j日"))
        # Translators: the last day of a period within one year; English "j F Y" (18 May 2026).
        last = dateformat.format(end, pgettext("日期格式：同年期间的末日", "n月j日"))
    else:
        first, last = format_date(start), format_date(end)
    # Translators: a period from its first to its last month or day (English "%(first)s–%(last)s").
    return pgettext("期间", "%(first)s—%(last)s") % {"first": first, "last": last}


def change_words(now, before) -> str:
    change = change_percent(now, before)
    if change is None:
        return _("上年同期为零") if now else _("上年同期亦为零")
    if change > 0:
        return _("同比增长%(percent)s%%") % {"percent": change}
    if change < 0:
        return _("同比下降%(percent)s%%") % {"percent": -change}
    return _("与上年同期持平")


class Writer:
    """Turns the facts into headings, paragraphs and tables, numbering the sections."""

    def __init__(self, facts: list[ZoneFacts], *, period_from, as_of, limit):
        self.facts = facts
        self.single = len(facts) == 1
        self.period_from, self.as_of, self.limit = period_from, as_of, limit
        self.last_from, self.last_as_of = year_before(period_from), year_before(as_of)
        self.period = period_label(period_from, as_of)
        self.last_period = period_label(self.last_from, self.last_as_of)
        self.out: list = []
        self.sections = 0
        self.subsections = 0
        self.marked: set[str] = set()

    # numbering and small helpers

    def h1(self, text: str) -> None:
        self.sections += 1
        self.subsections = 0
        self.out.append(Heading(1, section_number(1, self.sections), text))

    def h2(self, text: str) -> None:
        self.subsections += 1
        self.out.append(Heading(2, section_number(2, self.subsections), text))

    def para(self, *parts, kind: str = "body") -> None:
        """A paragraph of text and spans (lists of them flattened)."""
        spans = []
        for part in parts:
            for item in part if isinstance(part, list) else [part]:
                spans.append(item if isinstance(item, Span) else Span(str(item)))
        self.out.append(Paragraph(_merge(spans), kind=kind))

    def link(
        self, key: str, *, last_year: bool = False, by: str = "", group=""
    ) -> FigureLink | None:
        """The link to a figure's projects; none in a roll-up (its numbers span zones)."""
        if not self.single:
            return None
        start, end = (
            (self.last_from, self.last_as_of) if last_year else (self.period_from, self.as_of)
        )
        return FigureLink(
            zone=self.facts[0].zone.code,
            key=key,
            period_from=start,
            as_of=end,
            by=by,
            group="none" if group is None else str(group),
        )

    def figure(self, key: str) -> Figure:
        if self.single:
            return self.facts[0].figures[key]
        return _sum_figures([item.figures[key] for item in self.facts])

    def last_year(self, key: str) -> Figure:
        return _sum_figures([item.last_year[key] for item in self.facts])

    def number(self, key: str, value=None, *, last_year: bool = False) -> Span:
        """A figure's number as a span: linked to its projects, marked once as the key's."""
        figure = self.last_year(key) if last_year else self.figure(key)
        shown = figure.count if value is None else value
        metric = ""
        if not last_year and value is None and key not in self.marked:
            self.marked.add(key)
            metric = key
        return Span(str(shown), link=self.link(key, last_year=last_year), metric=metric)

    def amount(self, key: str, *, last_year: bool = False) -> Span:
        figure = self.last_year(key) if last_year else self.figure(key)
        return Span(format_wan(figure.amount_wan), link=self.link(key, last_year=last_year))

    def phrase(self, template, key: str, **values) -> list[Span]:
        """A translated phrase with a figure's count in it, the count a linked span (a plural
        template takes its form from the count, under "n")."""
        return fill(template, count=self.number(key), n=self.figure(key).count, **values)

    def invested(self, key: str) -> list[Span]:
        """(总投资43.80亿元) after a count, where there is an amount."""
        figure = self.figure(key)
        if not figure.count or not figure.amount_wan:
            return []
        return fill(_("（总投资%(amount)s）"), amount=self.amount(key))

    # the document

    def title(self) -> str:
        if self.single:
            return _("%(zone)s招商引资工作简报（%(period)s）") % {
                "zone": self.facts[0].zone.name,
                "period": self.period,
            }
        return _("%(zones)s招商引资工作汇总简报（%(period)s）") % {
            "zones": self.zone_names(),
            "period": self.period,
        }

    def zone_names(self) -> str:
        names = [item.zone.name for item in self.facts]
        if len(names) <= 2:
            return series(names)
        return _("%(first)s等%(count)s个开发区") % {"first": names[0], "count": len(names)}

    def blocks(self) -> list:
        self.overview()
        self.targets()
        if not self.single:
            self.by_zone()
        self.signed_major()
        self.breakdowns()
        self.credit()
        self.funds()
        self.work()
        self.chains()
        self.attention()
        self.after_care()
        self.rules()
        return self.out

    def overview(self) -> None:
        self.h1(_("总体情况"))
        sentence: list[str | Span]
        if self.single:
            sentence = [_("%(period)s，我区") % {"period": self.period}]
        else:
            sentence = [
                _("%(period)s，%(zones)s合计") % {"period": self.period, "zones": self.zone_names()}
            ]
        for i, (key, template) in enumerate(HEADLINE):
            sentence += self.phrase(template, key)
            sentence += self.invested(key)
            sentence.append(clause_end(i, len(HEADLINE)))
        self.para(sentence)

        parts = [
            *self.phrase(OVERVIEW["signed"], "signed"),
            *self.invested("signed"),
            comma(),
            *self.phrase(OVERVIEW["signed_over_5yi"], "signed_over_5yi"),
            *self.invested("signed_over_5yi"),
            semicolon(),
            *self.phrase(OVERVIEW["negotiating"], "negotiating", date=self.day()),
            *self.invested("negotiating"),
            semicolon(),
            *self.phrase(OVERVIEW["under_construction"], "under_construction"),
            *self.invested("under_construction"),
            comma(),
            *self.phrase(OVERVIEW["continued_construction"], "continued_construction"),
            semicolon(),
            *self.phrase(OVERVIEW["operating"], "operating"),
            *self.invested("operating"),
            full_stop(),
        ]
        self.para(parts)

        comparisons: list[list[Span]] = []
        for key in [k for k, _t in HEADLINE]:
            now, before = self.figure(key).count, self.last_year(key).count
            comparisons.append(
                fill(
                    _("%(metric)s%(now)s个，上年同期%(before)s个，%(change)s"),
                    metric=LABELS[key],
                    now=self.number(key, now),
                    before=self.number(key, before, last_year=True),
                    change=change_words(now, before),
                )
            )
        now_funds, before_funds = (
            self.figure("funds_arrived").amount_wan,
            self.last_year("funds_arrived").amount_wan,
        )
        comparisons.append(
            fill(
                _("%(metric)s%(now)s，上年同期%(before)s，%(change)s"),
                metric=LABELS["funds_arrived"],
                now=self.amount("funds_arrived"),
                before=self.amount("funds_arrived", last_year=True),
                change=change_words(now_funds, before_funds),
            )
        )
        sentence = [_("与上年同期（%(period)s）相比：") % {"period": self.last_period}]
        for i, clause in enumerate(comparisons):
            sentence += clause
            sentence.append(clause_end(i, len(comparisons), semicolons=True))
        self.para(sentence)
        self.out.append(self.indicator_table())

    def day(self) -> str:
        return format_month_day(self.as_of)

    def indicator_table(self) -> Table:
        rows = []
        for key in KEYS:
            now, before = self.figure(key), self.last_year(key)
            compared = (
                (now.amount_wan, before.amount_wan)
                if key == "funds_arrived"
                else (now.count, before.count)
            )
            rows.append(
                [
                    str(LABELS[key]),
                    Linked(now.count, link) if (link := self.link(key)) else now.count,
                    now.amount_wan,
                    before.count,
                    before.amount_wan,
                    change_percent(*compared),
                ]
            )
        return Table(
            sheet=_("主要指标"),
            caption=_("主要指标"),
            columns=[
                Column(_("指标"), Kind.TEXT, 2.6),
                Column(_("本期项目数"), Kind.COUNT),
                Column(_("本期金额"), Kind.WAN, 1.4),
                Column(_("上年同期项目数"), Kind.COUNT),
                Column(_("上年同期金额"), Kind.WAN, 1.4),
                Column(_("同比增减"), Kind.PERCENT),
            ],
            rows=rows,
            notes=[
                _(
                    "注：金额一栏，实际到位资金为到位金额，其余为项目总投资；同比增减按项目数计算，"
                    "实际到位资金按金额计算；上年同期为零时不计同比。"
                )
            ],
        )

    def targets(self) -> None:
        progresses = [item.progress for item in self.facts if item.progress]
        if not progresses:
            return
        self.h1(_("年度目标完成情况"))
        self.out += target_paragraphs(progresses, single=self.single)
        self.out.append(target_table(progresses, single=self.single))
        self.out += ranking_blocks(self.facts, single=self.single)

    def by_zone(self) -> None:
        self.h1(_("各开发区情况"))
        keys = [
            ("signed_major", "count", _("新签约亿元以上（个）")),
            ("signed_major", "amount", _("新签约亿元以上总投资")),
            ("negotiating_major", "count", _("在谈亿元以上（个）")),
            ("under_construction_major", "count", _("在建续建亿元以上（个）")),
            ("started", "count", _("新开工（个）")),
            ("completed", "count", _("新竣工（个）")),
            ("funds_arrived", "amount", _("实际到位资金")),
        ]
        rows = []
        for item in self.facts:
            row: list[object] = [item.zone.name]
            for key, what, _title in keys:
                figure = item.figures[key]
                value = figure.count if what == "count" else figure.amount_wan
                # Each zone's own figure opens that zone's projects.
                link = FigureLink(
                    zone=item.zone.code, key=key, period_from=self.period_from, as_of=self.as_of
                )
                row.append(Linked(value, link) if figure.count else value)
            rows.append(row)
        total = [_("合计")] + [
            self.figure(key).count if what == "count" else self.figure(key).amount_wan
            for key, what, _title in keys
        ]
        notes = [_("注：各开发区均按本区统计口径计算，合计为各区数字之和。")]
        differences = rules_differences([item.rules for item in self.facts])
        if differences:
            notes.append(
                _("各开发区统计口径不一致：%(differences)s。合计数据口径不完全可比。")
                % {"differences": semicolon().join(differences)}
            )
        else:
            notes.append(_("各开发区统计口径相同。"))
        self.out.append(
            Table(
                sheet=_("分开发区"),
                caption=_("分开发区情况"),
                columns=[Column(_("开发区"), Kind.TEXT, 1.8)]
                + [
                    Column(title, Kind.COUNT, 0.9)
                    if what == "count"
                    else Column(title, Kind.WAN, 1.35)
                    for _k, what, title in keys
                ],
                rows=rows,
                total=total,
                notes=notes,
            )
        )

    def project_columns(self, *extra: Column) -> list[Column]:
        columns = [Column(_("序号"), Kind.INDEX, 0.5), Column(_("项目名称"), Kind.TEXT, 2.4)]
        if not self.single:
            columns.append(Column(_("开发区"), Kind.TEXT, 1.4))
        return [*columns, *extra]

    def project_cells(self, index: int, project: Listed, *cells) -> list:
        row = [index, project.name]
        if not self.single:
            row.append(project.zone_name)
        return [*row, *cells]

    def merged(self, attribute: str, sort_key) -> tuple[list[Listed], int, Decimal, int]:
        """One list across the zones: the largest first, cut to the limit; totals summed."""
        rows = []
        for item in self.facts:
            listing = getattr(item, attribute)
            for project in listing.rows:
                project.zone_name = item.zone.name
            rows.extend(listing.rows)
        if not self.single:  # one zone's list comes sorted from the database
            rows.sort(key=sort_key)
        if self.limit:
            rows = rows[: self.limit]
        listings = [getattr(item, attribute) for item in self.facts]
        return (
            rows,
            sum(listing.count for listing in listings),
            sum((listing.amount for listing in listings), ZERO),
            sum(listing.hidden for listing in listings),
        )

    def hidden_note(self, hidden: int) -> str:
        if not hidden:
            return ""
        return _("另有%(count)s个项目属其他单位，不在您的查看范围内，未列出。") % {"count": hidden}

    def list_table(
        self,
        *,
        sheet: str,
        columns: list[Column],
        rows: list[list],
        listing: tuple,
        amount_of=None,
        amount_label: str = "",
    ) -> Table:
        """A list of projects cut to the largest: 「及其他N个」 with the rest's amount when the
        list has one (amount_of gives a listed project's share of the listing's amount)."""
        shown, count, amount, hidden = listing
        table = Table(sheet=sheet, caption="", columns=columns, rows=rows, count=count)
        if table.cut:
            rest = count - len(rows)
            if amount_of is None:
                table.more = _("及其他%(count)s个（完整名单见 Excel 版）。") % {"count": rest}
            else:
                rest_amount = amount - sum((amount_of(p) or ZERO for p in shown), ZERO)
                table.more = _("及其他%(count)s个，%(what)s%(amount)s（完整名单见 Excel 版）。") % {
                    "count": rest,
                    "what": amount_label,
                    "amount": format_wan(rest_amount),
                }
        note = self.hidden_note(hidden)
        if note:
            table.notes.append(note)
        return table

    def project_list(
        self, attribute: str, *, sheet: str, columns: list, cells, amount=None
    ) -> Table:
        """One list of projects (across zones in a roll-up), the largest first and cut to the
        limit: cells(project) gives a row's cells after 序号 and 项目名称 (and 开发区);
        amount(project) the project's share of the listing's amount, for 「及其他N个」."""
        amount_of = amount or (lambda p: p.total_investment_wan)
        listing = self.merged(attribute, lambda p: (-(amount_of(p) or 0), p.code))
        rows = [
            self.project_cells(i, project, *cells(project))
            for i, project in enumerate(listing[0], start=1)
        ]
        return self.list_table(
            sheet=sheet,
            columns=self.project_columns(*columns),
            rows=rows,
            listing=listing,
            amount_of=amount_of if amount is not False else None,
            amount_label=_("到位资金") if amount else _("总投资"),
        )

    def chains(self) -> None:
        """产业链补链强链 (reports.chain_section), where the zones keep chains: the gaps, the
        gaps filled in the period and the 补链 projects newly signed in it."""
        if not any(item.chains for item in self.facts):
            return
        self.h1(_("产业链补链强链"))
        self.out += chain_blocks(
            self.facts, period=self.period, as_of=self.as_of, single=self.single
        )
        if any(item.chain_fill_signings.count for item in self.facts):
            table = self.project_list(
                "chain_fill_signings",
                sheet=_("补链项目"),
                columns=[
                    Column(_("投资方"), Kind.TEXT, 2.0),
                    Column(_("签约日期"), Kind.DATE, 1.1),
                    Column(_("总投资"), Kind.WAN, 1.2),
                ],
                cells=lambda p: [p.company or "—", p.signed_date, p.total_investment_wan],
            )
            table.caption = _("新签约补链项目")
            self.out.append(table)

    def after_care(self) -> None:
        """Where the zones have after-care tickets (as the targets' section, where targets)."""
        if not any(item.after_care for item in self.facts):
            return
        self.h1(_("项目落地保障"))
        self.out += after_care_blocks(self.facts, as_of=self.as_of, single=self.single)

    def signed_major(self) -> None:
        self.h1(_("新签约亿元以上项目"))
        figure, tier = self.figure("signed_major"), self.figure("signed_over_5yi")
        if not figure.count:
            self.para(_("%(period)s无新签约亿元以上项目。") % {"period": self.period})
            return
        self.para(
            _("%(period)s，") % {"period": self.period},
            self.phrase(
                ngettext_lazy(
                    "新签约亿元以上项目%(count)s个", "新签约亿元以上项目%(count)s个", "n"
                ),
                "signed_major",
            ),
            self.invested("signed_major"),
            _("，其中5亿元以上项目"),
            self.number("signed_over_5yi", tier.count),
            _("个。按总投资由大到小排列如下："),
        )
        self.out.append(
            self.project_list(
                "signed_major",
                sheet=_("新签约亿元以上项目"),
                columns=[
                    Column(_("投资方"), Kind.TEXT, 2.4),
                    Column(_("总投资"), Kind.WAN, 1.2),
                    Column(_("责任单位"), Kind.TEXT, 1.3),
                    Column(_("签约日期"), Kind.DATE, 1.2),
                ],
                cells=lambda p: [
                    p.company,
                    p.total_investment_wan,
                    p.unit,
                    p.signed_date,
                ],
            )
        )

    def breakdowns(self) -> None:
        self.h1(_("分类统计"))
        for dimension, sheet, caption in DIMENSION_TABLES:
            if not self.single and dimension not in ROLLUP_DIMENSIONS:
                continue
            table = self.breakdown_table(dimension, sheet, caption)
            if dimension in WORKBOOK_ONLY:
                table.document = False
                self.out.append(table)
                self.para(
                    _("%(caption)s见 Excel 版“%(sheet)s”工作表。")
                    % {"caption": caption, "sheet": sheet},
                    kind="note",
                )
                continue
            self.h2(str(caption))
            self.out.append(table)
        if not self.single:
            self.para(
                _("各开发区的园区和责任单位各不相同，其分类情况见各开发区的简报。"), kind="note"
            )

    def breakdown_table(self, dimension: str, sheet: Text, caption: Text) -> Table:
        rows = _merged_rows(self.facts, dimension)
        body = []
        for key, name, figures in rows:
            values = [
                figures[fkey].count if what == "count" else figures[fkey].amount_wan
                for fkey, what, _t in BREAKDOWN_COLUMNS
            ]
            if not any(values):
                continue
            cells = [name]
            for (fkey, _what, _t), value in zip(BREAKDOWN_COLUMNS, values, strict=True):
                link = self.link(fkey, by=dimension, group=key) if self.single else None
                cells.append(Linked(value, link) if link and value else value)
            body.append(cells)
        total: list[object] = [_("全区合计") if self.single else _("合计")]
        for fkey, what, _t in BREAKDOWN_COLUMNS:
            figure = self.figure(fkey)
            value = figure.count if what == "count" else figure.amount_wan
            link = self.link(fkey)
            total.append(Linked(value, link) if link and value else value)
        notes = []
        if dimension == "region_group":
            notes.append(
                _(
                    "注：区域板块相互重叠（如沪苏浙属于长三角），一个项目可计入多个板块，"
                    "各行之和不等于合计；投资方所在地不属于任何板块或未填写的，计入“其他地区或未填写”。"
                )
            )
        elif dimension == "province":
            notes.append(_("注：按投资方所在省份（境外按国家）统计，各行之和等于合计。"))
        else:
            notes.append(_("注：各行之和等于合计。"))
        if not self.single:
            notes.append(_("注：各开发区按名称相同者合并。"))
        return Table(
            sheet=str(sheet),
            caption="",  # the subsection's heading says it
            columns=[Column(_("名称"), Kind.TEXT, 1.6)]
            + [
                Column(str(title), Kind.COUNT, 0.9)
                if what == "count"
                else Column(str(title), Kind.WAN, 1.35)
                for _k, what, title in BREAKDOWN_COLUMNS
            ],
            rows=body,
            total=total,
            notes=notes,
        )

    def credit(self) -> None:
        """招商方式和引荐方: signings by channel and by referrer (reports.credit_section)."""
        credits = [
            (item.zone.code, item.zone.name, item.credit) for item in self.facts if item.credit
        ]
        if not credits:
            return
        section = CreditSection(credits, period=self.period)
        self.h1(_("招商方式和引荐方"))
        self.out.append(section.paragraph())
        if not section.total()["signed"].count:
            return  # nothing signed: the sentence says so, no empty tables
        self.h2(_("分招商方式"))
        self.out.append(section.channel_table())
        self.h2(_("分引荐方"))
        self.out.append(section.referrer_table())

    def funds(self) -> None:
        self.h1(_("实际到位资金"))
        figure = self.figure("funds_arrived")
        if not figure.count:
            self.para(_("%(period)s无实际到位资金记录。") % {"period": self.period})
            return
        before = self.last_year("funds_arrived").amount_wan
        parts: list[str | Span] = [
            *fill(
                ngettext_lazy(
                    "%(period)s，实际到位资金%(amount)s，涉及项目%(count)s个，%(change)s",
                    "%(period)s，实际到位资金%(amount)s，涉及项目%(count)s个，%(change)s",
                    "n",
                ),
                period=self.period,
                amount=self.amount("funds_arrived"),
                count=self.number("funds_arrived"),
                n=figure.count,
                change=change_words(figure.amount_wan, before),
            )
        ]
        sources: dict[str, Decimal] = {}
        for item in self.facts:
            for source, amount in item.funds_by_source:
                sources[source] = sources.get(source, ZERO) + amount
        if sources:
            labels = dict(FundsArrived.Source.choices)
            parts.append(
                _("；其中%(sources)s")
                % {
                    "sources": series(
                        # Translators: a source of funds and its amount, in a list of them.
                        pgettext("到位资金来源", "%(source)s%(amount)s")
                        % {"source": labels[source], "amount": format_wan(amount)}
                        for source, amount in sources.items()
                    )
                }
            )
        parts.append(_("。到位资金最多的项目如下："))
        self.para(*parts)
        self.out.append(
            self.project_list(
                "funded",
                sheet=_("到位资金项目"),
                columns=[
                    Column(_("投资方"), Kind.TEXT, 2.4),
                    Column(_("责任单位"), Kind.TEXT, 1.3),
                    Column(_("本期到位资金"), Kind.WAN, 1.4),
                ],
                cells=lambda p: [p.company, p.unit, p.arrived_wan],
                amount=lambda p: p.arrived_wan,
            )
        )

    def work(self) -> None:
        """外出招商和招商活动: events held and what they signed, trips made, the units that
        made none."""
        self.h1(_("外出招商和招商活动"))
        events, trips = self.figure("events_held"), self.figure("trips")
        works = [item.work for item in self.facts if item.work is not None]
        if events.count:
            signed = sum(e.signed_count for w in works for e in w.events)
            self.para(
                fill(
                    ngettext_lazy(
                        "%(period)s，举办推介会等招商活动%(count)s场，现场签约项目%(signed)s个，"
                        "总投资%(amount)s，产生线索%(leads)s个。",
                        "%(period)s，举办推介会等招商活动%(count)s场，现场签约项目%(signed)s个，"
                        "总投资%(amount)s，产生线索%(leads)s个。",
                        "n",
                    ),
                    period=self.period,
                    count=self.number("events_held"),
                    n=events.count,
                    signed=str(signed),
                    amount=self.amount("events_held"),
                    leads=str(sum(e.lead_count for w in works for e in w.events)),
                )
            )
            self.out.append(self.events_table(works))
        else:
            self.para(_("%(period)s未举办招商活动。") % {"period": self.period})
        parts: list[str | Span] = [
            *fill(
                ngettext_lazy(
                    "外出招商%(count)s次，共%(days)s天，带回线索%(leads)s个",
                    "外出招商%(count)s次，共%(days)s天，带回线索%(leads)s个",
                    "n",
                ),
                count=self.number("trips"),
                n=trips.count,
                days=str(sum(w.trip_days for w in works)),
                leads=str(sum(w.trip_leads for w in works)),
            )
        ]
        idle = [name for w in works for name in w.idle_units]
        if idle:
            parts += [
                semicolon(),
                _("本期没有外出招商的单位：%(units)s") % {"units": series(idle)},
                full_stop(),
            ]
        else:
            parts += [semicolon(), _("各单位本期均有外出招商"), full_stop()]
        self.para(parts)

    def events_table(self, works: list) -> Table:
        rows = [
            [
                i,
                event.date,
                event.name,
                event.get_kind_display(),
                event.city.name if event.city else "",
                event.signed_count,
                event.signed_amount,
                event.lead_count,
            ]
            for i, event in enumerate((e for w in works for e in w.events), start=1)
        ]
        return Table(
            sheet=_("招商活动"),
            caption=_("本期举办的招商活动"),
            columns=[
                Column(_("序号"), Kind.INDEX, 0.5),
                Column(_("日期"), Kind.DATE, 1.0),
                Column(_("活动名称"), Kind.TEXT, 2.6),
                Column(_("类型"), Kind.TEXT, 1.1),
                Column(_("城市"), Kind.TEXT, 0.8),
                Column(_("现场签约（个）"), Kind.COUNT, 0.9),
                Column(_("签约总投资"), Kind.WAN, 1.2),
                Column(_("产生线索（个）"), Kind.COUNT, 0.9),
            ],
            rows=rows,
        )

    def attention(self) -> None:
        self.h1(_("需关注的项目"))
        self.para(
            _(
                "以下项目依据截至%(date)s已登记的节点日期和进展记录筛出，请各责任单位核实情况、"
                "加快推进或补齐数据。"
            )
            % {"date": format_date(self.as_of)}
        )
        self.signed_not_started()
        self.idle_negotiations()
        self.gaps()

    def start_days(self) -> int:
        """The days after signing a project with no promised start date is due to start (the
        zone's follow-up setting; in a roll-up the first zone's, each zone counted by its own)."""
        settings = self.facts[0].followup
        return settings.start_due_days if settings else SIGNED_WITHOUT_START_DAYS

    def signed_not_started(self) -> None:
        days = self.start_days()
        self.h2(_("逾期未开工"))
        levels = {
            level: sum(item.overdue.levels[level] for item in self.facts if item.overdue)
            for level in LEVELS
        }
        if self.intro(
            "signed_not_started",
            _(
                "截至%(date)s已签约、未开工，且已过承诺开工日期（未承诺的，签约已超过%(days)s天）"
                "的项目%(count)s个，总投资%(amount)s；其中黄色预警%(yellow)s个、红色预警%(red)s个、"
                "督办%(escalated)s个。"
            ),
            days=days,
            yellow=levels["yellow"],
            red=levels["red"],
            escalated=levels["escalated"],
        ):
            after = dt.timedelta(days=days)

            def due(p: Listed) -> dt.date:
                assert p.signed_date is not None  # an overdue start was signed
                return p.promised_start or p.signed_date + after

            self.out.append(
                self.project_list(
                    "signed_not_started",
                    sheet=_("逾期未开工"),
                    columns=[
                        Column(_("总投资"), Kind.WAN, 1.2),
                        Column(_("责任单位"), Kind.TEXT, 1.3),
                        Column(_("签约日期"), Kind.DATE, 1.2),
                        Column(_("应开工日期"), Kind.DATE, 1.2),
                        Column(_("逾期天数"), Kind.DAYS, 0.9),
                    ],
                    cells=lambda p: [
                        p.total_investment_wan,
                        p.unit,
                        p.signed_date,
                        due(p),
                        (self.as_of - due(p)).days,
                    ],
                )
            )

    def idle_negotiations(self) -> None:
        first, last = idle_window(self.as_of)
        days = IDLE_NEGOTIATION_DAYS
        self.h2(_("洽谈超过%(days)s天无进展") % {"days": days})
        if self.intro(
            "idle_negotiations",
            _(
                "截至%(date)s处于洽谈阶段、%(first)s至%(last)s期间无任何节点或进展记录的项目"
                "%(count)s个，总投资%(amount)s。"
            ),
            first=format_date(first),
            last=format_date(last),
        ):
            stages = {stage: str(stage.label) for stage in (Stage.NEGOTIATING, Stage.SUBSTANTIVE)}

            def idle(project):
                reached = project.substantive_date and project.substantive_date <= self.as_of
                day = project.last_activity
                return [
                    project.total_investment_wan,
                    project.unit,
                    stages[Stage.SUBSTANTIVE if reached else Stage.NEGOTIATING],
                    day,
                    (self.as_of - day).days if day else None,
                ]

            self.out.append(
                self.project_list(
                    "idle_negotiations",
                    sheet=_("洽谈无进展"),
                    columns=[
                        Column(_("总投资"), Kind.WAN, 1.2),
                        Column(_("责任单位"), Kind.TEXT, 1.3),
                        Column(_("阶段"), Kind.TEXT, 1.3),
                        Column(_("最近进展日期"), Kind.DATE, 1.2),
                        Column(_("无进展天数"), Kind.DAYS, 0.9),
                    ],
                    cells=idle,
                )
            )

    def gaps(self) -> None:
        self.h2(_("数据待补充"))
        if self.intro(
            "gaps",
            ngettext_lazy(
                "以下项目%(count)s个存在节点日期缺漏（如已开工但无签约日期），或计入本期统计但"
                "缺少责任单位、所属产业、投资方所在地（影响分类统计），请补齐。",
                "以下项目%(count)s个存在节点日期缺漏（如已开工但无签约日期），或计入本期统计但"
                "缺少责任单位、所属产业、投资方所在地（影响分类统计），请补齐。",
                "count",
            ),
            empty=_("未发现数据缺漏。"),
        ):
            labels = {key: str(label) for key, label in GAPS.items()}
            self.out.append(
                self.project_list(
                    "gaps",
                    sheet=_("数据待补充"),
                    columns=[
                        Column(_("总投资"), Kind.WAN, 1.2),
                        Column(_("责任单位"), Kind.TEXT, 1.3),
                        Column(_("问题"), Kind.TEXT, 2.6),
                    ],
                    cells=lambda p: [
                        p.total_investment_wan,
                        p.unit,
                        series(gap_problems(p, self.as_of, labels), conjunction=False),
                    ],
                    amount=False,
                )
            )

    def intro(self, attribute: str, text: Text, *, empty: Text = "", **values) -> bool:
        """The sentence before a list of projects needing attention; False when there are none."""
        listings = [getattr(item, attribute) for item in self.facts]
        count = sum(listing.count + listing.hidden for listing in listings)
        if not count:
            self.para(empty or _("无。"))
            return False
        amount = sum((listing.amount for listing in listings), ZERO)
        self.para(
            text
            % {
                "date": self.day(),
                "count": sum(listing.count for listing in listings),
                "amount": format_wan(amount),
                **values,
            }
        )
        return True

    def rules(self) -> None:
        self.h1(_("口径说明"))
        first, last = idle_window(self.as_of)
        lines = [
            _(
                "统计期间为%(start)s至%(end)s。新签约、新开工、新竣工、新投产指相应节点日期在统计"
                "期间内的项目，项目此后终止的仍计入当期；“正在洽谈”“在建、续建”为截至%(end)s的"
                "项目状态：正在洽谈指处于洽谈或实质性谈判阶段，在建、续建指已开工、尚未竣工或投产"
                "且未终止，其中开工早于统计期间的为续建。实际到位资金为到位日期在统计期间内的到位"
                "金额之和。同比为与上年同期（%(last_start)s至%(last_end)s）按同一口径比较。"
            )
            % {
                "start": format_date(self.period_from),
                "end": format_date(self.as_of),
                "last_start": format_date(self.last_from),
                "last_end": format_date(self.last_as_of),
            },
        ]
        if self.single:
            lines.append(rules_sentence(self.facts[0].rules))
        else:
            lines.append(_("各开发区均按本区统计口径计算："))
            lines.extend(
                _("%(zone)s：%(rules)s")
                % {"zone": item.zone.name, "rules": rules_sentence(item.rules)}
                for item in self.facts
            )
        lines += [
            _(
                "项目阶段按截至日计算；总投资、责任单位、所属产业、落户园区按当前登记信息统计，"
                "更正这些信息会改变以往期间的数据（数据更新时间见文末）。搁置的项目仍计入其所处"
                "阶段。"
            ),
            _(
                "区域板块相互重叠（如沪苏浙属于长三角），分区域板块统计各行之和不等于合计；"
                "分省份统计各行之和等于合计。"
            ),
            _(
                "需关注的项目只依据截至%(date)s已登记的日期：已过承诺开工日期（未承诺的，签约已超过"
                "%(signed_days)s天）仍未开工；"
                "处于洽谈阶段且%(first)s至%(last)s期间没有节点日期，也没有任何进展记录"
                "（含搁置、恢复）；节点日期缺漏或计入统计却缺少分类信息。"
            )
            % {
                "date": format_date(self.as_of),
                "signed_days": self.start_days(),
                "first": format_date(first),
                "last": format_date(last),
            },
            _(
                "正文金额1亿元及以上以亿元表示，不足1亿元以万元表示；表格每列金额只用一种单位，"
                "写在表头；均保留两位小数；项目数单位为个。"
                "长名单列出金额最大的%(limit)s个，完整名单见 Excel 版。"
            )
            % {"limit": LIST_LIMIT},
        ]
        for i, line in enumerate(lines, start=1):
            self.para(numbered(i, line))


def _merge(spans: list[Span]) -> list[Span]:
    """Adjacent plain spans joined, empty ones dropped."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and span.link is None and not span.metric:
            last = merged[-1]
            if last.link is None and not last.metric:
                merged[-1] = Span(last.text + span.text)
                continue
        merged.append(span)
    return merged


def _sum_figures(figures: list[Figure]) -> Figure:
    return Figure(
        count=sum(f.count for f in figures),
        amount_wan=sum((f.amount_wan for f in figures), ZERO),
    )


def _merged_rows(facts: list[ZoneFacts], dimension: str) -> list[tuple]:
    """A breakdown's rows (key, name, figures); across zones, rows of the same name (industry)
    or the same code (region group, province) summed."""
    if len(facts) == 1:
        return [(row.key, row.name, row.figures) for row in facts[0].figures.by[dimension]]
    merged: dict = {}
    order: list = []
    for item in facts:
        for row in item.figures.by[dimension]:
            key = row.name if dimension == "industry" else row.key
            if key not in merged:
                merged[key] = (row.key, row.name, {})
                order.append(key)
            figures = merged[key][2]
            for fkey, figure in row.figures.items():
                figures.setdefault(fkey, []).append(figure)
    rows = []
    for key in order:
        group, name, parts = merged[key]
        rows.append((group, name, {k: _sum_figures(v) for k, v in parts.items()}))
    rows.sort(key=lambda r: (r[0] is None, r[1] == _("未填写")))
    return rows


def rules_sentence(rules: CountingRules) -> str:
    types = dict(ProjectType.choices)
    counted = [str(types[t]) for t in ProjectType.values if t in rules.counted_project_types]
    if len(counted) == len(types):
        which = _("各类项目均计入统计")
    else:
        which = _("计入统计的项目类型为%(types)s") % {"types": series(counted)}
    if rules.counts_capital_increases:
        which += _("，增资扩产项目按增资额计为新签约")
    else:
        which += _("，增资扩产项目不计入")
    minimum = (
        _("总投资低于%(amount)s的项目不计入任何统计")
        % {"amount": format_wan(rules.minimum_amount_wan)}
        if rules.minimum_amount_wan
        else _("不设最低投资额")
    )
    return _(
        "亿元以上项目指总投资%(major)s及以上（含本数）的项目，5亿元以上项目指总投资%(tier)s"
        "及以上的项目；%(which)s；%(minimum)s。"
    ) % {
        "major": format_wan(rules.major_threshold_wan),
        "tier": format_wan(rules.tier_threshold_wan),
        "which": which,
        "minimum": minimum,
    } + rules_since(rules)


def rules_since(rules: CountingRules) -> str:
    """Since when the rules a briefing used apply: a reader of an old briefing sees that it was
    counted by the rules of its day, not by today's."""
    if rules.pk is None:
        return _("以上为默认口径。")
    if rules.effective_from == EARLIEST:
        return _("以上口径适用于各个统计期间。")
    return _("以上口径自%(date)s起执行。") % {"date": format_date(rules.effective_from)}


def rules_differences(rules: list[CountingRules]) -> list[str]:
    """Where the zones' counting rules differ, each zone's setting; empty when they agree."""
    first = rules[0]
    differences = []
    checks = [
        ("major_threshold_wan", _("亿元以上项目门槛"), format_wan),
        ("tier_threshold_wan", _("5亿元以上项目门槛"), format_wan),
        ("minimum_amount_wan", _("最低投资额"), lambda v: format_wan(v) if v else _("不设")),
    ]
    # Translators: a counting rule that differs between zones, and each zone's setting of it.
    differs = pgettext("口径差异", "%(rule)s（%(zones)s）")
    for attribute, label, shown in checks:
        if any(getattr(r, attribute) != getattr(first, attribute) for r in rules):
            values = series(
                # Translators: a zone's setting of a counting rule, in a list of them.
                pgettext("口径差异", "%(zone)s%(setting)s")
                % {"zone": r.zone.name, "setting": shown(getattr(r, attribute))}
                for r in rules
            )
            differences.append(differs % {"rule": label, "zones": values})
    if any(sorted(r.counted_project_types) != sorted(first.counted_project_types) for r in rules):
        types = dict(ProjectType.choices)
        values = series(
            # Translators: the project types a zone counts, in a list of zones.
            pgettext("口径差异", "%(zone)s：%(types)s")
            % {
                "zone": r.zone.name,
                "types": "/".join(
                    str(types[t]) for t in ProjectType.values if t in r.counted_project_types
                ),
            }
            for r in rules
        )
        differences.append(differs % {"rule": _("计入统计的项目类型"), "zones": values})
    if any(r.counts_capital_increases != first.counts_capital_increases for r in rules):
        values = series(
            pgettext("口径差异", "%(zone)s%(setting)s")
            % {
                "zone": r.zone.name,
                "setting": _("计入") if r.counts_capital_increases else _("不计入"),
            }
            for r in rules
        )
        differences.append(differs % {"rule": _("增资扩产项目"), "zones": values})
    return differences
