"""Business dates. "Today" is the date in Asia/Shanghai, whatever the server's clock zone.

The range of every date the system takes, in one place: nothing before EARLIEST; what happened
(a milestone, funds arriving, a period's end) never after today; what is planned (a promised
start, a deadline) at most PLANNED_YEARS ahead. Forms, services, the ledger and the CLI all ask
date_error() (or check_happened / check_planned), so each refuses the same dates the same way.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The zones' ledgers start in the 1990s (the first development zones of most cities); an earlier
# date is a typing slip (0001-01-01, 1900-01-00 from a blank Excel cell), and arithmetic on it
# (the same period a year before) must never leave the calendar.
EARLIEST = dt.date(1990, 1, 1)
PLANNED_YEARS = 10
_DATE_TEXT = re.compile(
    r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*$"
)


def today() -> dt.date:
    return timezone.now().astimezone(SHANGHAI).date()


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (earlier when negative); 29 February falls back to the 28th,
    and the result stays within the calendar Python can hold."""
    year = min(max(day.year + years, dt.MINYEAR), dt.MAXYEAR)
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def latest_planned(today: dt.date) -> dt.date:
    return add_years(today, PLANNED_YEARS)


def date_error(
    on: dt.date, *, today: dt.date, subject: str = "", planned: bool = False
) -> str | None:
    """Why `on` cannot be taken, or None. `subject` names the date in the message (项目 P-1:签约日期);
    `planned` for dates of what is still to come, which may be up to PLANNED_YEARS ahead."""
    latest = latest_planned(today) if planned else today
    if EARLIEST <= on <= latest:
        return None
    params = {"subject": subject or _("日期"), "date": on, "earliest": EARLIEST, "today": today}
    if on < EARLIEST:
        return (
            _("%(subject)s %(date)s 早于 %(earliest)s,系统只接受 %(earliest)s 及以后的日期。")
            % params
        )
    if planned:
        return _("%(subject)s %(date)s 晚于 %(latest)s:计划日期最多在今后%(years)s年内。") % {
            **params,
            "latest": latest,
            "years": PLANNED_YEARS,
        }
    return _("%(subject)s %(date)s 晚于今天(%(today)s),不能登记未来的日期。") % params


def check_happened(on: dt.date, *, today: dt.date, subject: str = "") -> dt.date:
    """`on` as the date of something that happened: EARLIEST to today; else ValidationError."""
    return _checked(on, date_error(on, today=today, subject=subject))


def check_planned(on: dt.date, *, today: dt.date, subject: str = "") -> dt.date:
    """`on` as the date of something planned: EARLIEST to PLANNED_YEARS ahead of today."""
    return _checked(on, date_error(on, today=today, subject=subject, planned=True))


def _checked(on: dt.date, message: str | None) -> dt.date:
    if message:
        raise ValidationError(message, code="date_out_of_range")
    return on


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
