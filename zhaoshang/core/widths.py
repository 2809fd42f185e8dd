"""Which characters are set full width: CJK ideographs, kana and hangul, the full-width forms,
and the dash, quotes and ellipsis that Chinese fonts draw a full em wide. Writers reckon line
widths with it (spreadsheet rows, Word table columns) and choose where the PDF's lines may part.
"""

import re

WIDE = re.compile(
    "[\u2014\u2018-\u201d\u2026\u2e80-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60"
    "\uffe0-\uffe6\U00020000-\U0003ffff]"
)


def is_wide(char: str) -> bool:
    return WIDE.match(char) is not None


def wide_count(text: str) -> int:
    return len(WIDE.findall(text))
