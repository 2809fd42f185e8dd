"""The briefing as PDF: the standalone HTML laid out by WeasyPrint on A4 (GB/T 9704 margins).

WeasyPrint needs a CJK font on the server (Debian: fonts-noto-cjk); the stylesheet names the
fonts of a government document first and falls back to Noto Serif / Sans CJK SC. The PDF's
title comes from the page's <title>, its outline from the headings.
"""

import gc
from contextlib import contextmanager
from functools import cache

from zhaoshang.reports.document import Briefing
from zhaoshang.reports.writers.html import document

# In place of WeasyPrint's user-agent stylesheet, written for any web page: the briefing uses a
# dozen elements, and matching every box against hundreds of rules it cannot need took a fifth
# of the layout time of a large zone's briefing.
USER_AGENT_CSS = """
head, style, title, meta, script { display: none }
html, body, article, div, p, h1, h2, h3 { display: block }
h1 { bookmark-level: 1; bookmark-label: content(text) }
h2 { bookmark-level: 2; bookmark-label: content(text) }
h3 { bookmark-level: 3; bookmark-label: content(text) }
br::before { content: "\\A"; white-space: pre-line }
table { display: table; box-sizing: border-box; border-spacing: 2px; border-collapse: separate }
caption { display: table-caption }
colgroup { display: table-column-group }
col { display: table-column }
thead { display: table-header-group; vertical-align: middle }
tbody { display: table-row-group; vertical-align: middle }
tr { display: table-row }
td, th { display: table-cell }
th { font-weight: bold }
strong { font-weight: bold }
"""


@cache
def _classes():
    from weasyprint import CSS, HTML

    stylesheet = CSS(string=USER_AGENT_CSS)

    class BriefingHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [stylesheet]

    return BriefingHTML


@contextmanager
def _collector_skips_what_exists():
    """Layout makes hundreds of thousands of short-lived boxes, and each time the cyclic garbage
    collector runs it also walks every object the process already holds (Django, the briefing's
    data): a fifth of a large zone's PDF time. Frozen, those are left out until layout ends.
    Harmless beside other threads: frozen objects are only not collected for that while."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def write(briefing: Briefing) -> bytes:
    html = document(briefing)
    with _collector_skips_what_exists():
        return _classes()(string=html).write_pdf()
