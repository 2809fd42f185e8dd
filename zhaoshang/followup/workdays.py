"""Working days (工作日) for the response time limits, in this order:
1. a day the zone's admins entered (Holiday: a holiday, or a 调休 working day on a weekend);
2. the chinese-calendar package, for the years it has data (it raises NotImplementedError for a
   later year: its newest release knows none after 2026);
3. Monday to Friday.
So a deadline past the package's data is still computed, and admins make it right by entering
the State Council's holidays once they are published."""

import datetime as dt

import chinese_calendar

from zhaoshang.followup.models import Holiday
from zhaoshang.org.models import Zone

# A deadline is at most this many working days away; the loop below is bounded by it.
MAX_WORKDAYS = 366


class Calendar:
    """Working days of one zone, with the entered days read once."""

    def __init__(self, zone: Zone, entered: dict[dt.date, bool] | None = None):
        self.zone = zone
        if entered is None:
            entered = dict(Holiday.objects.filter(zone=zone).values_list("day", "is_workday"))
        # The package's own check costs tens of microseconds a day (it scans its whole table to
        # validate the date); a zone's thousands of leads ask about the same few hundred days.
        self.known = dict(entered)

    def is_workday(self, day: dt.date) -> bool:
        found = self.known.get(day)
        if found is None:
            try:
                found = bool(chinese_calendar.is_workday(day))
            except NotImplementedError:  # a year the package has no data for
                found = day.weekday() < 5
            self.known[day] = found
        return found

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (count 0: start itself). A limit of one
        working day on a lead registered on Friday ends on Monday, or later after a holiday."""
        if not 0 <= count <= MAX_WORKDAYS:
            raise ValueError(f"{count} working days is out of range")
        day = start
        while count:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day

    def latest_start_due_before(self, day: dt.date, count: int) -> dt.date:
        """The last start date whose `count`-th working day after it falls before `day`: a step
        of a lead registered on or before it is late on `day` if not done. The due date only
        moves forward with the start, so every earlier start is late too."""
        if not 0 <= count <= MAX_WORKDAYS:
            raise ValueError(f"{count} working days is out of range")
        start = day - dt.timedelta(days=1)
        while count:
            if self.is_workday(start):
                count -= 1
            start -= dt.timedelta(days=1)
        return start
