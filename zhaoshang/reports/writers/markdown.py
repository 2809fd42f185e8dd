"""The briefing in Markdown (GitHub flavour): headings, paragraphs, pipe tables.

Names in it are what people typed (a project called `<script>…`, `**x**` or `[a](javascript:…)`):
every text is escaped before the writer adds its own markup, so a reader's renderer shows it
literally and runs nothing."""

import re

from zhaoshang.reports.document import (
    Briefing,
    Heading,
    Paragraph,
    Table,
    cell_text,
    in_units,
)

# Characters that start Markdown or HTML markup anywhere in a line (links, emphasis, code, raw
# HTML and entities, tables, strikethrough, headings, math), escaped with a backslash as
# CommonMark allows for any ASCII punctuation.
MARKUP = re.compile(r"([\\`*_\[\]<>&|~#$])")
# What makes a list, a rule or a heading underline only at the start of a line: `-`, `=`, or
# `+`, `1.`, `1)` before a space. Its last character gets the backslash.
LINE_MARK = re.compile(r"[-=]|(?:\+|\d+[.)])(?=\s|$)")
LINE_BREAK = re.compile(r"[\r\n\u2028\u2029]+")


def write(briefing: Briefing) -> str:
    out = [f"# {_inline(briefing.title)}", "", _block(briefing.subtitle), ""]
    for block in briefing.blocks:
        if isinstance(block, Heading):
            out += ["#" * (block.level + 1) + f" {_inline(block.full)}", ""]
        elif isinstance(block, Paragraph):
            out += [_block(block.text), ""]
        elif block.document:
            out += _table(block)
    out += ["---", "", _block(briefing.closing), ""]
    return "\n".join(out)


def _inline(text: str) -> str:
    """Text inside a line: markup characters escaped, line breaks made spaces."""
    return MARKUP.sub(r"\\\1", LINE_BREAK.sub(" ", text))


def _block(text: str) -> str:
    """Text that starts a line of its own (a paragraph)."""
    text = _inline(text).lstrip()
    if mark := LINE_MARK.match(text):
        return text[: mark.end() - 1] + "\\" + text[mark.end() - 1 :]
    return text


def _table(table: Table) -> list[str]:
    table = in_units(table)
    lines = []
    if table.caption:
        lines += [f"**{_inline(table.caption)}**", ""]
    lines.append("| " + " | ".join(_inline(c.title) for c in table.columns) + " |")
    lines.append("| " + " | ".join("---:" if c.numeric else "---" for c in table.columns) + " |")
    for row in table.rows:
        lines.append(_row(row, table))
    if table.total:
        lines.append(_row(table.total, table, strong=True))
    lines.append("")
    for text in filter(None, [table.more, *table.notes]):
        lines += [_block(text), ""]
    return lines


def _row(row: list, table: Table, *, strong: bool = False) -> str:
    cells = [
        _inline(cell_text(cell, column.kind, column.unit))
        for cell, column in zip(row, table.columns, strict=True)
    ]
    if strong:
        cells = [f"**{cell}**" if cell != "—" else cell for cell in cells]
    return "| " + " | ".join(cells) + " |"
