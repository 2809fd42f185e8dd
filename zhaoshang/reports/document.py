"""The briefing as plain data: what every writer (Markdown, HTML, Word, Excel, PDF) renders.

A Briefing is a title, a subtitle and a list of blocks — headings, paragraphs, tables — in reading
order. Paragraphs are spans of text, and a span or a table cell that shows a figure carries a
FigureLink: on screen it opens the projects behind that figure. Table cells keep their values
typed (int, Decimal 万元, date) so the .xlsx gets numbers and the other formats format them the
Chinese way.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from zhaoshang.core.amounts import format_wan

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


@dataclass(frozen=True)
class FigureLink:
    """The projects behind one figure: a key of DESIGN §4 in a zone and period, optionally
    limited to one row of a breakdown (`by` a dimension, `group` its key; "none" for 未填写)."""

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
    # The key of DESIGN §4 this number is, marked once per briefing (data-metric on the page).
    metric: str = ""


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
    number: str
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

    @property
    def sheet_title(self) -> str:
        """The header in the .xlsx, where amounts are numbers of 万元 and say so."""
        if self.kind == Kind.WAN:
            return f"{self.title}（万元）"
        if self.kind in {Kind.PERCENT, Kind.SHARE}:
            return f"{self.title}（%）"
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

    value: int
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
                lines.append(block.caption)
                lines.append(" | ".join(column.title for column in block.columns))
                for row in [*block.rows, *([block.total] if block.total else [])]:
                    lines.append(
                        " | ".join(
                            cell_text(cell, column.kind)
                            for cell, column in zip(row, block.columns, strict=True)
                        )
                    )
                lines.extend(filter(None, [block.more, *block.notes]))
        lines.append(self.closing)
        return "\n".join(lines)


def cell_value(cell):
    return cell.value if isinstance(cell, Linked) else cell


def cell_text(cell, kind: Kind) -> str:
    """A cell the Chinese way: 亿元 with two decimals from 1亿 up, 万元 below."""
    value = cell_value(cell)
    if value is None or value == "":
        return "—"
    if kind == Kind.WAN:
        return format_wan(value) if value else "—"
    if kind == Kind.DATE:
        return value.isoformat()
    if kind == Kind.PERCENT:
        return f"{value:+.1f}%" if value else "0.0%"
    if kind == Kind.SHARE:
        return f"{value:.1f}%"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)
