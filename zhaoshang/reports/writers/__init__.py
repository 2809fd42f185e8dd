"""The briefing's formats. Each writer takes a Briefing and returns bytes (text as UTF-8)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import pgettext

from zhaoshang.core.spreadsheets import APPLICATION
from zhaoshang.reports.document import Briefing

__all__ = ["APPLICATION", "FORMATS", "Format", "author", "title_lines"]


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    content_type: str
    binary: bool  # needs -o on the command line
    complete: bool  # lists with every row (the .xlsx has them all)
    write: Callable[[Briefing], bytes]


def _markdown(briefing: Briefing) -> bytes:
    from zhaoshang.reports.writers.markdown import write

    return write(briefing).encode()


def _html(briefing: Briefing) -> bytes:
    from zhaoshang.reports.writers.html import document

    return document(briefing).encode()


def _docx(briefing: Briefing) -> bytes:
    from zhaoshang.reports.writers.word import write

    return write(briefing)


def _xlsx(briefing: Briefing) -> bytes:
    from zhaoshang.reports.writers.excel import write

    return write(briefing)


def _pdf(briefing: Briefing) -> bytes:
    from zhaoshang.reports.writers.pdf import write

    return write(briefing)


FORMATS = {
    "md": Format("md", "md", "text/markdown; charset=utf-8", False, False, _markdown),
    "html": Format("html", "html", "text/html; charset=utf-8", False, False, _html),
    "docx": Format(
        "docx",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        True,
        False,
        _docx,
    ),
    "xlsx": Format(
        "xlsx",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        True,
        True,
        _xlsx,
    ),
    "pdf": Format("pdf", "pdf", "application/pdf", True, False, _pdf),
}


def title_lines(title: str) -> list[str]:
    """A long title in two lines, the period on the second (GB/T 9704: a title may take several
    lines, broken where the meaning allows)."""
    head, bracket, rest = title.partition("（")
    if bracket and len(title) > 20:
        return [head, bracket + rest]
    return [title]


def author(briefing: Briefing) -> str:
    """The author property of a briefing's files: its zone, or the zones of a roll-up."""
    # Translators: between the items of a list of names (English ", ").
    return pgettext("标点：列举", "、").join(zone.name for zone in briefing.zones) or APPLICATION
