"""Business dates. "Today" is the date in Asia/Shanghai, whatever the server's clock zone."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

SHANGHAI = ZoneInfo("Asia/Shanghai")
_DATE_TEXT = re.compile(
    r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*$"
)


def today() -> dt.date:
    return timezone.now().astimezone(SHANGHAI).date()


def parse_date(text: str) -> dt.date:
    """Read 2026-05-18, 2026/5/18, 2026.5.18 or 2026年5月18日."""
    match = _DATE_TEXT.match(text or "")
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise ValidationError(
        _("“%(value)s”不是有效日期(应如 2026-05-18、2026/5/18、2026年5月18日)。"),
        code="invalid_date",
        params={"value": text},
    )


def format_date(value: dt.date) -> str:
    """Dates in Arabic numerals, the way official documents write them: 2026年5月31日."""
    return f"{value.year}年{value.month}月{value.day}日"
