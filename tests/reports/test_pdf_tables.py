"""The PDF's tables (laid out from the standalone HTML): columns as wide as their content, as in
the Word file — in English no word wider than its column (a word that does not fit is cut in
two, or runs over the cell's border), a unit on a line of its own where the header wraps."""

import datetime as dt
import re

import pytest
from django.utils import translation
from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS  # Adobe's metrics of Times

from tests.reports.conftest import NOW
from zhaoshang.demo.loader import load_demo
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.reports.writers.html import (
    CELL_PADDING_PT,
    TEXT_WIDTH_PT,
    WIDE_CELL_PADDING_PT,
    document,
)

AS_OF = dt.date(2024, 5, 31)
TABLE = re.compile(r'<div class="zs-table( zs-wide)?"><table>(.*?)</table>', re.S)


def times_ems(text: str) -> float:
    widths = CORE_FONT_METRICS["Times-Roman"].character_widths
    return sum(widths.get(char, widths["default"]) for char in text) / 1000


@pytest.fixture
def english_html(db):
    zone = load_demo(year=AS_OF.year)
    with translation.override("en"):
        briefing = build_briefing(zones=[zone], as_of=AS_OF, today=AS_OF, now=NOW)
        return document(briefing, gaps=True)


def test_english_headers_fit_their_columns_word_by_word(english_html):
    tables = TABLE.findall(english_html)
    assert len(tables) >= 8
    checked = 0
    for wide, table in tables:
        size, padding = (9, WIDE_CELL_PADDING_PT) if wide else (10.5, CELL_PADDING_PT)
        shares = [float(x) for x in re.findall(r'<col style="width:([\d.]+)%">', table)]
        assert abs(sum(shares) - 100) < 0.5
        headers = re.findall(r"<th>(.*?)</th>", table, re.S)
        assert len(headers) == len(shares)
        for header, share in zip(headers, shares, strict=True):
            capacity = (share / 100 * TEXT_WIDTH_PT - padding) / size
            for word in re.sub(r"<br>", " ", header).split():
                assert times_ems(word) <= capacity, (word, header, round(capacity, 2))
                checked += 1
    assert checked > 100


def test_a_long_headers_unit_goes_to_a_line_of_its_own(english_html):
    headers = re.findall(r"<th>(.*?)</th>", english_html, re.S)
    assert any(h.endswith("<br>(million yuan)") for h in headers), headers
    assert not any(h.startswith("(") or h.endswith("(") for h in headers)
