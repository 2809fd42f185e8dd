"""The briefing in Markdown (GitHub flavour): headings, paragraphs, pipe tables."""

from zhaoshang.reports.document import Briefing, Heading, Paragraph, Table, cell_text


def write(briefing: Briefing) -> str:
    out = [f"# {briefing.title}", "", briefing.subtitle, ""]
    for block in briefing.blocks:
        if isinstance(block, Heading):
            out += ["#" * (block.level + 1) + f" {block.full}", ""]
        elif isinstance(block, Paragraph):
            out += [block.text, ""]
        elif block.document:
            out += _table(block)
    out += ["---", "", briefing.closing, ""]
    return "\n".join(out)


def _table(table: Table) -> list[str]:
    lines = []
    if table.caption:
        lines += [f"**{table.caption}**", ""]
    lines.append("| " + " | ".join(_cell(c.title) for c in table.columns) + " |")
    lines.append("| " + " | ".join("---:" if c.numeric else "---" for c in table.columns) + " |")
    for row in table.rows:
        lines.append(_row(row, table))
    if table.total:
        lines.append(_row(table.total, table, strong=True))
    lines.append("")
    for text in filter(None, [table.more, *table.notes]):
        lines += [text, ""]
    return lines


def _row(row: list, table: Table, *, strong: bool = False) -> str:
    cells = [
        _cell(cell_text(cell, column.kind)) for cell, column in zip(row, table.columns, strict=True)
    ]
    if strong:
        cells = [f"**{cell}**" if cell != "—" else cell for cell in cells]
    return "| " + " | ".join(cells) + " |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
