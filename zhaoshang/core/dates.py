"""Business dates. "Today" is the date in Asia/Shanghai, whatever the server's clock zone."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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


# Dates in text are written by a Django date format (Y year, n month, j day, F month name, H:i the
# time) that the catalogue gives for the active language: Chinese as in official documents, in
# Arabic numerals, English "31 May 2026".


def format_date(value: dt.date) -> str:
    """2026年5月31日; in English 31 May 2026."""
    # Translators: a date, as Django date format characters (Y year, n month, j day, F the
    # month's name); English "j F Y" (31 May 2026).
    return dateformat.format(value, pgettext("日期格式", "Y年n月j日"))


def format_month_day(value: dt.date) -> str:
    """5月31日, the year understood; in English 31 May."""
    # Translators: a date without its year, as Django date format characters; English "j F".
    return dateformat.format(value, pgettext("日期格式：不写年份", "n月j日"))


def format_moment(moment: dt.datetime) -> str:
    """A point in time in Shanghai: 2026年6月2日09:30; in English 2 June 2026, 09:30."""
    # Translators: a date and time, as Django date format characters (H:i the hour and
    # minutes); English "j F Y, H:i".
    return dateformat.format(moment.astimezone(SHANGHAI), pgettext("日期格式", "Y年n月j日H:i"))
