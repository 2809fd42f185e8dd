import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.forms import DateField
from zhaoshang.core.typing import Text
from zhaoshang.stats.selectors import check_period


class PeriodForm(forms.Form):
    """The period in the URL (?from=YYYY-MM-DD&as_of=YYYY-MM-DD): this year to date by default."""

    period_from = DateField(label=_("起始日期"), required=False)
    as_of = DateField(label=_("截止日期"), required=False)

    def __init__(self, data=None, *, today: dt.date | None = None):
        data = data or {}
        super().__init__({"period_from": data.get("from", ""), "as_of": data.get("as_of", "")})
        self.today = today or shanghai_today()

    def clean(self):
        cleaned = super().clean()
        as_of = cleaned.get("as_of") or self.today
        try:
            cleaned["period_from"] = check_period(
                as_of, cleaned.get("period_from"), today=self.today
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        cleaned["as_of"] = as_of
        return cleaned

    def period(self) -> tuple[dt.date, dt.date]:
        """The valid period, or this year to date when the one asked for is not valid."""
        if self.is_valid():
            return self.cleaned_data["period_from"], self.cleaned_data["as_of"]
        return self.today.replace(month=1, day=1), self.today


def shortcuts(today: dt.date) -> list[dict]:
    """Month and quarter shortcuts for the period picker; none reaches past today."""
    year_start = today.replace(month=1, day=1)
    month_start = today.replace(day=1)
    last_month_end = month_start - dt.timedelta(days=1)
    items: list[tuple[Text, dt.date, dt.date]] = [
        (_("本年至今"), year_start, today),
        (_("本月"), month_start, today),
        (_("上月"), last_month_end.replace(day=1), last_month_end),
    ]
    for quarter in range(1, 5):
        start = dt.date(today.year, 3 * quarter - 2, 1)
        if start > today:
            break
        end_month = 3 * quarter
        end = dt.date(today.year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
        items.append((_("第%(n)s季度") % {"n": quarter}, start, min(end, today)))
    last_year = today.year - 1
    items.append((_("上年全年"), dt.date(last_year, 1, 1), dt.date(last_year, 12, 31)))
    return [{"label": label, "from": start, "as_of": end} for label, start, end in items]
