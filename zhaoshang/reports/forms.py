import datetime as dt

from django.utils.translation import gettext as _

from zhaoshang.reports.text import period_label
from zhaoshang.stats.forms import PeriodForm

ALL_ZONES = "all"


class BriefingForm(PeriodForm):
    """The period (?from=…&as_of=…, this year to date by default) and the zone (?zone=CODE, or
    ?zone=all for the roll-up of every zone where the user has a role)."""

    def __init__(self, data=None, *, today: dt.date | None = None):
        super().__init__(data, today=today)
        self.zone_choice = (data or {}).get("zone", "")


def periods(today: dt.date) -> list[dict]:
    """The periods a briefing is usually written for: this year to date, 1 January to the end of
    each past month of this year (1—5月…), each quarter so far, and last year."""
    year_start = today.replace(month=1, day=1)
    items = [{"label": _("本年至今"), "from": year_start, "as_of": today}]
    month_end = today.replace(day=1) - dt.timedelta(days=1)
    while month_end.year == today.year:
        items.append(
            {"label": period_label(year_start, month_end), "from": year_start, "as_of": month_end}
        )
        month_end = month_end.replace(day=1) - dt.timedelta(days=1)
    for quarter in range(4, 0, -1):
        start = dt.date(today.year, 3 * quarter - 2, 1)
        end_month = 3 * quarter
        end = dt.date(today.year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
        if end <= today:
            items.append(
                {
                    "label": _("%(year)s年第%(n)s季度") % {"year": today.year, "n": quarter},
                    "from": start,
                    "as_of": end,
                }
            )
    last_year = today.year - 1
    items.append(
        {
            "label": _("%(year)s年全年") % {"year": last_year},
            "from": dt.date(last_year, 1, 1),
            "as_of": dt.date(last_year, 12, 31),
        }
    )
    return items
