"""The briefing as plain data: what every writer (Markdown, HTML, Word, Excel, PDF) renders.

A Briefing is a title, a subtitle and a list of blocks — headings, paragraphs, tables — in reading
order. Paragraphs are spans of text, and a span or a table cell that shows a figure carries a
FigureLink: on screen it opens the projects behind that figure. Table cells keep their values
typed (int, Decimal 万元, date) so the .xlsx gets numbers and the other formats format them the
Chinese way.

The sentences are put together in the active language: the punctuation between clauses and in
lists, and the section numbers, come from the helpers below (the catalogue's marks), never from
marks written into the code, so a briefing built under English reads as English.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.utils.translation import get_language, pgettext

from zhaoshang.core.amounts import YI, format_wan

CHINESE_NUMBERS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 … 99 → 九十九 (headings never go further)."""
    if n <= 10:
        return CHINESE_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (
        (CHINESE_NUMBERS[tens - 1] if tens > 1 else "")
        + "十"
        + (CHINESE_NUMBERS[ones - 1] if ones else "")
    )


def section_number(level: int, n: int) -> str:
    """A heading's number: 一、 (level 1) and （一） (level 2) in Chinese; in another language
    Arabic numerals in the catalogue's pattern (English "1. " and "(1) ")."""
    chinese = (get_language() or settings.LANGUAGE_CODE).lower().startswith("zh")
    number = chinese_number(n) if chinese else str(n)
    if level == 1:
        # Translators: a section's number before its heading; %(number)s is 1, 2, 3…
        return pgettext("标题编号", "%(number)s、") % {"number": number}
    # Translators: a subsection's number before its heading; %(number)s is 1, 2, 3…
    return pgettext("标题编号", "（%(number)s）") % {"number": number}


# --- punctuation: the one place the briefing's sentences get their marks from ------------------
# The msgids are the Chinese marks; a translation gives its own, spaces included.


def comma() -> str:
    # Translators: between the clauses of a sentence (English ", ").
    return pgettext("标点", "，")


def semicolon() -> str:
    # Translators: between the parts of a sentence that have commas of their own (English "; ").
    return pgettext("标点", "；")


def full_stop() -> str:
    # Translators: at the end of a sentence that ends a paragraph (English ".").
    return pgettext("标点", "。")


def clause_end(i: int, count: int, *, semicolons: bool = False) -> str:
    """The mark after clause i (from 0) of a sentence of `count` clauses: the full stop after
    the last, a semicolon or a comma between the others (before the last of a comma-separated
    sentence, the catalogue's word for "and")."""
    if i >= count - 1:
        return full_stop()
    if semicolons:
        return semicolon()
    if i == count - 2:
        # Translators: before the last clause of a sentence joined by commas (English " and ").
        return pgettext("标点：最后一个分句之前", "，")
    return comma()


def series(items, *, conjunction: bool = True) -> str:
    """Names in a list: 甲、乙、丙 (English "A, B and C"; without the conjunction "A, B, C")."""
    items = [str(item) for item in items]
    # Translators: between the items of a list of names (English ", ").
    mark = pgettext("标点：列举", "、")
    if not conjunction or len(items) < 2:
        return mark.join(items)
    # Translators: before the last item of a list of names (English " and ").
    last = pgettext("标点：列举的最后一项之前", "、")
    return mark.join(items[:-1]) + last + items[-1]


def numbered(number: int, text: str) -> str:
    """A numbered paragraph: 1．…"""
    # Translators: a numbered paragraph of the briefing's notes (English "%(number)s. %(text)s").
    return pgettext("编号", "%(number)s．%(text)s") % {"number": number, "text": text}


@dataclass(frozen=True)
class FigureLink:
    """The projects behind one figure (docs/counting-rules.md): a key of the figures engine in a
    zone and period, optionally limited to one row of a breakdown (`by` a dimension, `group` its
    key; "none" for 未填写)."""

    zone: str
    key: str
    period_from: dt.date
    as_of: dt.date
    by: str = ""
    group: str = ""


@dataclass(frozen=True)
class Span:
    text: str
    link: FigureLink | None = None
    # The figure's key this number is, marked once per briefing (data-metric on the page).
    metric: str = ""


def fill(template, **values) -> list[Span]:
    """A translated sentence with spans in it (linked numbers): each Span value goes where its
    placeholder is, wherever the translation puts it; the other values are text. A plural
    template (ngettext_lazy) is chosen by the number under its key among the values."""
    spans = [name for name, value in values.items() if isinstance(value, Span)]
    marked = {**values, **{name: f"\0{i}\0" for i, name in enumerate(spans)}}
    pieces = (template % marked).split("\0")
    return [values[spans[int(piece)]] if i % 2 else Span(piece) for i, piece in enumerate(pieces)]


@dataclass
class Paragraph:
    spans: list[Span]
    kind: str = "body"  # body · note (smaller, after a table) · closing (generated-at line)

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass
class Heading:
    level: int  # 1: 一、 (黑体) · 2: (一) (楷体)
    number: str  # section_number(): 一、 or （一）, in English "1. " or "(1) "
    text: str

    @property
    def full(self) -> str:
        return f"{self.number}{self.text}"


class Kind(StrEnum):
    TEXT = "text"
    INDEX = "index"  # 序号
    COUNT = "count"  # 个
    WAN = "wan"  # Decimal 万元: shown 12.00亿元 / 800.00万元; a number of 万元 in the .xlsx
    DATE = "date"
    DAYS = "days"
    PERCENT = "percent"  # Decimal percent, one decimal, signed
    SHARE = "share"  # Decimal percent, one decimal, unsigned: a share of a target


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind = Kind.TEXT
    width: float = 1.0  # relative share of the table's width
    unit: str = ""  # an amount column's one unit once in_units() chose it: yi, wan or million

    @property
    def sheet_title(self) -> str:
        """The header in the .xlsx, where amounts are numbers of 万元 and say so."""
        if self.kind == Kind.WAN:
            return pgettext("表头", "%(title)s（万元）") % {"title": self.title}
        if self.kind in {Kind.PERCENT, Kind.SHARE}:
            return pgettext("表头", "%(title)s（%%）") % {"title": self.title}
        return self.title

    @property
    def numeric(self) -> bool:
        return self.kind in {
            Kind.INDEX,
            Kind.COUNT,
            Kind.WAN,
            Kind.DAYS,
            Kind.PERCENT,
            Kind.SHARE,
        }


@dataclass(frozen=True)
class Linked:
    """A table cell showing a figure, with the link to its projects."""

    value: int | Decimal
    link: FigureLink


@dataclass
class Table:
    sheet: str  # the .xlsx sheet's name (at most 31 characters)
    caption: str
    columns: list[Column]
    rows: list[list]
    total: list | None = None  # 合计 row, shown last and never cut
    count: int | None = None  # rows in all, when `rows` holds only the largest
    more: str = ""  # 「及其他N个…」 when `rows` was cut
    notes: list[str] = field(default_factory=list)
    document: bool = True  # False: in the .xlsx only (the text says where to find it)

    @property
    def cut(self) -> bool:
        return self.count is not None and self.count > len(self.rows)


Block = Heading | Paragraph | Table


@dataclass
class Briefing:
    title: str
    subtitle: str
    zones: list  # Zone
    period_from: dt.date
    as_of: dt.date
    blocks: list[Block]
    generated_at: dt.datetime
    closing: str  # when it was generated and when each zone's data last changed
    complete: bool  # every list holds every row (for the .xlsx)
    figures: dict = field(default_factory=dict)  # zone code → the engine's Figures

    @property
    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    def text(self) -> str:
        """The whole briefing as plain text (tests, search)."""
        lines = [self.title, self.subtitle]
        for block in self.blocks:
            if isinstance(block, Heading):
                lines.append(block.full)
            elif isinstance(block, Paragraph):
                lines.append(block.text)
            elif block.document:
                block = in_units(block)
                lines.append(block.caption)
                lines.append(" | ".join(column.title for column in block.columns))
                for row in [*block.rows, *([block.total] if block.total else [])]:
                    lines.append(
                        " | ".join(
                            cell_text(cell, column.kind, column.unit)
                            for cell, column in zip(row, block.columns, strict=True)
                        )
                    )
                lines.extend(filter(None, [block.more, *block.notes]))
        lines.append(self.closing)
        return "\n".join(lines)


UNIT_DIVISORS = {"yi": YI, "wan": Decimal(1), "million": Decimal(100)}
UNIT_TITLES = {
    "yi": lambda title: pgettext("表头", "%(title)s（亿元）") % {"title": title},
    "wan": lambda title: pgettext("表头", "%(title)s（万元）") % {"title": title},
    "million": lambda title: pgettext("表头", "%(title)s（百万元）") % {"title": title},
}


def in_units(table: Table) -> Table:
    """The table as documents show it: every amount column in one unit, named in its header,
    its cells plain numbers (right-aligned by the writers). In Chinese 亿元 when any amount in
    the column reaches 1亿, else 万元; in English million yuan throughout. The .xlsx keeps
    numbers of 万元 and does not use this."""
    english = (get_language() or "").startswith("en")
    columns = []
    for index, column in enumerate(table.columns):
        if column.kind != Kind.WAN or column.unit:
            columns.append(column)
            continue
        values = [
            cell_value(row[index]) for row in [*table.rows, *([table.total] if table.total else [])]
        ]
        reaches_yi = any(v and v >= YI for v in values)
        unit = "million" if english else ("yi" if reaches_yi else "wan")
        columns.append(replace(column, unit=unit, title=UNIT_TITLES[unit](column.title)))
    return replace(table, columns=columns)


def cell_value(cell):
    return cell.value if isinstance(cell, Linked) else cell


def cell_text(cell, kind: Kind, unit: str = "") -> str:
    """A cell the Chinese way: 亿元 with two decimals from 1亿 up, 万元 below; in the column's
    one unit (a plain number, the unit in the header) once in_units() gave it one."""
    value = cell_value(cell)
    if value is None or value == "":
        return "—"
    if kind == Kind.WAN and unit:
        return f"{Decimal(value) / UNIT_DIVISORS[unit]:,.2f}" if value else "—"
    if kind == Kind.WAN:
        return format_wan(value) if value else "—"
    if kind == Kind.DATE:
        return value.isoformat()
    if kind == Kind.PERCENT:
        return f"{value:+.1f}%" if value else "0.0%"
    if kind == Kind.SHARE:
        return f"{value:.1f}%"
    if kind == Kind.DAYS and isinstance(value, Decimal):
        return f"{value:,.1f}"  # an average of days
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)
