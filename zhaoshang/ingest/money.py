"""Amounts as news writes them — 12亿元, 5.1亿, 3,500万元, 十二亿元, 2亿美元 — in 万元.

US dollars are converted at a fixed rate, the setting INGEST_USD_CNY_RATE (yuan per dollar, from
the environment's ZHAOSHANG_USD_CNY_RATE); each amount keeps its text and currency, so a reader
sees what was written.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError

from zhaoshang.core.amounts import CENT, parse_wan

NUMBER = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千点]+)"
AMOUNT = re.compile(
    rf"(?P<number>{NUMBER})\s*(?P<unit>亿|千万|百万|万)\s*(?:(?P<dollars>美元|美金)|元(?:人民币)?|人民币"
    r"|(?=[，。；、）)\s的]|$))"
)


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    text: str
    wan: Decimal  # in 万元 (dollars converted)
    currency: str  # "CNY" or "USD"


def amounts_in(text: str) -> list[Amount]:
    found = []
    for match in AMOUNT.finditer(text):
        try:
            wan = parse_wan(match.group("number") + match.group("unit"))
        except ValidationError:
            continue
        if wan is None:
            continue
        currency = "CNY"
        if match.group("dollars"):
            currency = "USD"
            wan = (wan * settings.INGEST_USD_CNY_RATE).quantize(CENT)
        found.append(Amount(match.start(), match.end(), match.group(), wan, currency))
    return found


def count_value(text: str) -> int | None:
    """8, 13 or 八, 十三 as a number."""
    if text.isdigit():
        return int(text)
    try:
        value = parse_wan(text)
    except ValidationError:
        return None
    return int(value) if value is not None else None
