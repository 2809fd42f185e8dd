"""The briefing in HTML: the body shared by the page at /briefings/, the standalone .html file
and the PDF (which WeasyPrint lays out from the standalone file with the print stylesheet)."""

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from zhaoshang.core.widths import is_wide
from zhaoshang.reports.document import (
    Briefing,
    FigureLink,
    Heading,
    Kind,
    Linked,
    Paragraph,
    Span,
    Table,
    cell_text,
    in_units,
)
from zhaoshang.reports.writers import title_lines
from zhaoshang.reports.writers.columns import column_widths, header_parts, text_ems

Href = Callable[[FigureLink], str]
WIDE_TABLE = 8  # columns from which a table's text is smaller (小五 on paper)


def body(briefing: Briefing, *, href: Href | None = None, gaps: bool = False) -> SafeString:
    """The briefing as an <article>; with `href`, every figure links to its projects; with
    `gaps`, the body text has a justification gap between its characters (for the PDF)."""
    parts = [
        '<article class="zs-briefing">',
        '<h1 class="zs-title">'
        + "<br>".join(escape(line) for line in title_lines(briefing.title))
        + "</h1>",
        format_html('<p class="zs-subtitle">{}</p>', briefing.subtitle),
    ]
    for block in briefing.blocks:
        if isinstance(block, Heading):
            tag = "h2" if block.level == 1 else "h3"
            parts.append(
                format_html('<{0} class="zs-h{1}">{2}</{0}>', tag, block.level, block.full)
            )
        elif isinstance(block, Paragraph):
            if gaps and block.kind == "body":
                text = _gapped(block.spans)
            else:
                text = "".join(_span(span, href) for span in block.spans)
            parts.append(f'<p class="zs-{block.kind}">{text}</p>')
        elif block.document:
            parts.append(_table(block, href))
    parts.append(format_html('<p class="zs-closing">{}</p>', briefing.closing))
    parts.append("</article>")
    return mark_safe("\n".join(parts))  # every piece escaped above


def document(briefing: Briefing, *, gaps: bool = False) -> str:
    """A standalone page: A4 print styles, fonts named the GB/T 9704 way with Noto CJK after
    (`gaps`: body text set for the PDF, below)."""
    return render_to_string(
        "reports/document.html", {"briefing": briefing, "body": body(briefing, gaps=gaps)}
    )


# --- justified CJK lines in the PDF ------------------------------------------------------------
#
# WeasyPrint justifies a line by widening its spaces only, and Chinese has none: its lines end
# where the last character that fits ends, anywhere within a character of the edge. For the PDF,
# gaps go between the characters of body text: invisible spaces (not drawn, so not in the
# PDF's text either) of almost no width, which justification widens, so every full line ends at
# the right edge. No gap goes before closing or after opening punctuation: a line never starts
# with ，or ends with （. Digits and Latin letters keep together.

GAP = '<span class="zs-gap"> </span>'
# A gap after every character where two may part: a line's slack (up to a character's width, more
# beside digits, which keep together) is spread evenly; with a gap after every other one it went
# to half the places, in gaps wide enough to read as spaces between words (正在 洽谈 亿元).
GAP_EVERY = 1
NO_GAP_BEFORE = set("，。、；：？！）》」』】〕”’…—·%")
NO_GAP_AFTER = set("（《「『【〔“‘")


def _gapped(spans: list[Span]) -> str:
    """Body text with a gap after every GAP_EVERY characters, where two characters may part."""
    parts = []
    previous = ""
    since = 0  # characters since the last gap
    for span in spans:
        text = []
        for char in span.text:
            since += 1
            if previous and since >= GAP_EVERY and _may_part(previous, char):
                text.append(GAP)
                since = 0
            text.append(escape(char))
            previous = char
        html = "".join(text)
        if span.metric:
            html = format_html('<span data-metric="{}">{}</span>', span.metric, mark_safe(html))
        parts.append(html)
    return "".join(parts)


def _may_part(before: str, after: str) -> bool:
    return (
        (is_wide(before) or is_wide(after))
        and after not in NO_GAP_BEFORE
        and before not in NO_GAP_AFTER
        and not before.isspace()
        and not after.isspace()
    )


def _span(span: Span, href: Href | None) -> str:
    metric = format_html(' data-metric="{}"', span.metric) if span.metric else ""
    if span.link is not None and href is not None:
        return format_html('<a href="{}"{}>{}</a>', href(span.link), mark_safe(metric), span.text)
    if metric:
        return format_html("<span{}>{}</span>", mark_safe(metric), span.text)
    return escape(span.text)


# The tables' sizes on paper (document.css): the text block's width, 10.5 pt text (9 pt in a
# wide table), 3 pt of padding either side of a cell (2 pt in a wide table) and its 0.5 pt
# border.
TEXT_WIDTH_PT = 156 / 25.4 * 72
CELL_PADDING_PT = 6.5
WIDE_CELL_PADDING_PT = 4.5


def _widths(table: Table, size: float, padding: float) -> list[float]:
    """Each column's width in points, from its content as in the Word file (writers/columns.py):
    a table as wide as it needs up to the text block's width, no word cut, no character left
    alone on a line."""
    rows = [*table.rows, *([table.total] if table.total else [])]
    texts = [
        [column.title] + [cell_text(row[i], column.kind, column.unit) for row in rows]
        for i, column in enumerate(table.columns)
    ]
    fixed = [column.numeric or column.kind == Kind.DATE for column in table.columns]
    available = (TEXT_WIDTH_PT - padding * len(texts)) / size
    return [ems * size + padding for ems in column_widths(texts, fixed, available)]


def _header(title: str, width: float, size: float, padding: float) -> str:
    """A header cell's text; its unit on a line of its own when the whole does not fit on one."""
    head, unit = header_parts(title)
    if unit and text_ems(title) * size > width - padding:
        return format_html("<th>{}<br>{}</th>", head, unit)
    return format_html("<th>{}</th>", title)


def _table(table: Table, href: Href | None) -> str:
    table = in_units(table)
    wide = len(table.columns) >= WIDE_TABLE
    size, padding = (9.0, WIDE_CELL_PADDING_PT) if wide else (10.5, CELL_PADDING_PT)
    widths = _widths(table, size, padding)
    # The table is as wide as the text block (the page on the screen), its columns in the
    # proportions of their widths (room left over goes to every column alike).
    parts = [f'<div class="zs-table{" zs-wide" if wide else ""}">', "<table>"]
    if table.caption:
        parts.append(format_html("<caption>{}</caption>", table.caption))
    parts.append("<colgroup>")
    for width in widths:
        parts.append(format_html('<col style="width:{}%">', f"{100 * width / sum(widths):.1f}"))
    parts.append("</colgroup><thead><tr>")
    for column, width in zip(table.columns, widths, strict=True):
        parts.append(_header(column.title, width, size, padding))
    parts.append("</tr></thead><tbody>")
    for row in table.rows:
        parts.append(_row(row, table, href))
    if table.total:
        parts.append(_row(table.total, table, href, css="zs-total"))
    parts.append("</tbody></table>")
    if table.more:
        parts.append(format_html('<p class="zs-more">{}</p>', table.more))
    for note in table.notes:
        parts.append(format_html('<p class="zs-note">{}</p>', note))
    parts.append("</div>")
    return "".join(parts)


def _row(row: list, table: Table, href: Href | None, *, css: str = "") -> str:
    cells: list[str] = []
    for cell, column in zip(row, table.columns, strict=True):
        text = cell_text(cell, column.kind, column.unit)
        align = ' class="zs-num"' if column.numeric else ""
        if isinstance(cell, Linked) and cell.link is not None and href is not None:
            content = format_html('<a href="{}">{}</a>', href(cell.link), text)
        else:
            content = escape(text)
        if column.kind == Kind.TEXT and not cells and css:
            content = format_html("<strong>{}</strong>", content)
        cells.append(f"<td{align}>{content}</td>")
    row_class = f' class="{css}"' if css else ""
    return f"<tr{row_class}>{''.join(cells)}</tr>"
