"""The briefing as PDF: the standalone HTML laid out by WeasyPrint on A4 (GB/T 9704 margins).

WeasyPrint needs a CJK font on the server (Debian: fonts-noto-cjk); the stylesheet names the
fonts of a government document first and falls back to Noto Serif / Sans CJK SC. The PDF's
title comes from the page's <title>, its outline from the headings. Body text is set 28
characters a line and justified (writers/html.py puts the gaps justification widens).
"""

import gc
from contextlib import contextmanager

from weasyprint import HTML

from zhaoshang.reports.document import Briefing
from zhaoshang.reports.writers.html import document


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
    html = document(briefing, gaps=True)
    with _collector_skips_what_exists():
        return HTML(string=html).write_pdf()
