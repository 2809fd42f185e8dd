"""Reading and writing amounts the way people type them. Amounts are Decimal 万元.

parse_wan("12亿元") == Decimal("120000"); parse_wan("8000万") == Decimal("8000");
parse_wan("3,500万元") == Decimal("3500"); parse_wan("十二亿") == Decimal("120000");
a plain number means 万元. format_wan shows 亿元 from 1亿 up, 万元 below.
Every amount is at most MAX_WAN: amount_error() says so, for services, forms and the ledger alike.
"""

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

YI = Decimal(10000)  # 1亿 = 10,000 万
CENT = Decimal("0.01")
PERCENT_STEP = Decimal("0.1")
_UNITS = {"亿": YI, "千万": Decimal(1000), "百万": Decimal(100), "万": Decimal(1), "": Decimal(1)}
_ARABIC = re.compile(r"^(\d+(?:\.\d+)?)(亿|千万|百万|万)?$")
_NOISE = re.compile(r"人民币|rmb|cny|元|[,\s]", re.IGNORECASE)
_CHINESE_DIGITS = set("零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点")
# The largest amount one project, one funds record or one target may hold: 10万亿 (10^9 万元,
# or 万美元). The database sums amounts as integer hundredths of 万 in 64 bits (core/fields.py):
# a million projects at the bound add up to 10^6 × 10^9 × 100 = 10^17, 90 times below
# 2^63 ≈ 9.2 × 10^18, so no figure of any zone can overflow, with room to spare for funds records
# and targets. It is still eight times the largest single investment China has seen (雅鲁藏布江
# 下游水电工程, 1.2万亿元), so no real project is refused.
MAX_WAN = Decimal(10**9)
# Longer than any amount written out (1,000,000,000.00万元 is 14 characters once cleaned); past it,
# a cell holds something else, and cn2an is not asked to read a page of numerals.
_LONGEST_AMOUNT_TEXT = 40


def parse_wan(text, *, required: bool = True) -> Decimal | None:
    """Read what people type into Decimal 万元; refuse what is not an amount."""
    if isinstance(text, (int, Decimal)) and not isinstance(text, bool):
        if isinstance(text, Decimal) and not text.is_finite():
            raise _not_an_amount(text)
        return _checked(Decimal(text), text)
    if isinstance(text, float):
        if not math.isfinite(text):  # NaN or infinity, as a spreadsheet cell can hold them
            raise _not_an_amount(text)
        return _checked(Decimal(repr(text)), text)
    raw = "" if text is None else str(text)
    cleaned = _NOISE.sub("", unicodedata.normalize("NFKC", raw))
    if not cleaned:
        if required:
            raise ValidationError(_("金额不能为空。"), code="required")
        return None
    if len(cleaned) > _LONGEST_AMOUNT_TEXT:
        raise _not_an_amount(raw[:_LONGEST_AMOUNT_TEXT] + "…")
    if cleaned.startswith("-"):
        raise ValidationError(
            _("金额“%(value)s”不能为负数。"), code="negative", params={"value": raw}
        )
    match = _ARABIC.match(cleaned)
    if match:
        return _checked(Decimal(match.group(1)) * _UNITS[match.group(2) or ""], raw)
    if set(cleaned) <= _CHINESE_DIGITS | set("0123456789."):
        return _checked(_chinese_to_wan(cleaned, raw), raw)
    raise _not_an_amount(raw)


def _not_an_amount(raw) -> ValidationError:
    return ValidationError(
        _("“%(value)s”不是金额(例如 12亿元、5.1亿、8000万、3,500万元;纯数字按万元计)。"),
        code="invalid_amount",
        params={"value": raw},
    )


def amount_error(amount: Decimal | None, *, shown=None) -> str | None:
    """Why an amount cannot be stored (beyond MAX_WAN), or None; `shown` is how it was written."""
    if amount is None:
        return None
    if isinstance(amount, Decimal) and not amount.is_finite():
        return _not_an_amount(amount).messages[0]
    if amount <= MAX_WAN:
        return None
    return _("金额“%(value)s”过大:每项金额最多 %(limit)s 万(即10万亿)。") % {
        "value": _shown(amount) if shown is None else shown,
        "limit": f"{MAX_WAN:,f}",
    }


def _shown(amount: Decimal) -> str:
    return f"{amount.normalize():f}" if amount.adjusted() < 40 else f"{amount:E}"


def _chinese_to_wan(cleaned: str, raw: str) -> Decimal:
    # Imported here: it takes longer to load than most commands take to run, and only amounts
    # written in Chinese numerals need it.
    import cn2an

    try:
        number = Decimal(str(cn2an.cn2an(cleaned, "smart")))
    except (ValueError, InvalidOperation) as exc:
        raise ValidationError(
            _("“%(value)s”不是金额。"), code="invalid_amount", params={"value": raw}
        ) from exc
    # With 亿 or 万 in it, cn2an reads the number in 元; a bare numeral means 万元.
    return number / YI if ("亿" in cleaned or "万" in cleaned) else number


def _checked(amount: Decimal, raw) -> Decimal:
    if amount < 0:
        raise ValidationError(
            _("金额“%(value)s”不能为负数。"), code="negative", params={"value": raw}
        )
    if too_large := amount_error(amount, shown=raw if isinstance(raw, str) else None):
        raise ValidationError(too_large, code="too_large")
    if amount != amount.quantize(CENT):
        raise ValidationError(
            _("金额“%(value)s”精确到0.01万元(100元)即可,请勿超过两位小数。"),
            code="too_precise",
            params={"value": raw},
        )
    return amount.quantize(CENT)


def format_wan(amount: Decimal | None, *, exact: bool = False) -> str:
    """12亿元 style: 亿元 (two decimals) from 1亿 up, 万元 below. exact keeps every digit.
    In an English interface: 1.20 billion yuan, 80.00 million yuan."""
    if amount is None:
        return ""
    if (get_language() or "").startswith("en") and not exact:
        if amount >= YI * 10:
            # To the million, as 13.95亿 is: 1.395 billion yuan, not 1.40; 1.20 stays 1.20.
            billions = f"{amount / 100000:,.3f}"
            return f"{billions[:-1] if billions.endswith('0') else billions} billion yuan"
        return f"{amount / 100:,.2f} million yuan"
    if amount >= YI:
        yi = amount / YI
        return f"{f'{yi.normalize():f}' if exact else f'{yi:,.2f}'}亿元"
    return f"{f'{amount.normalize():f}' if exact else f'{amount:,.2f}'}万元"


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part as a percentage of whole, one decimal; None where whole is zero (nothing to divide)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PERCENT_STEP)


def change_percent(now: Decimal | int, before: Decimal | int) -> Decimal | None:
    """Year-on-year change in percent, one decimal; None where last year had nothing."""
    return percent(now - before, before)
