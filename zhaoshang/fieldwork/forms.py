"""Forms of the team's work records. They only read input: names of cities, companies and
project codes typed in one box become records (an unknown one is an error naming it); the
services decide everything else."""

import datetime as dt
import re

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.companies.models import Company
from zhaoshang.companies.services import find_company
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.forms import DateField
from zhaoshang.fieldwork.models import Activity, Event
from zhaoshang.fieldwork.services import MAX_STALE_DAYS
from zhaoshang.org.models import Region, Unit
from zhaoshang.org.regions import find_region
from zhaoshang.projects.models import Project

SEPARATORS = re.compile(r"[、,，;；\n\r]+")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def split_names(text: str) -> list[str]:
    """What people type for a list: 北京、上海 / 北京,上海 / one per line."""
    return [part.strip() for part in SEPARATORS.split(text or "") if part.strip()]


def find_cities(names: list[str]) -> tuple[list[Region], list[str]]:
    """The regions named, and the names that name none (or several)."""
    found, unknown = [], []
    for name in names:
        region = find_region(name)
        if region is None:
            unknown.append(name)
        elif region not in found:
            found.append(region)
    return found, unknown


def find_projects(projects: QuerySet[Project], codes: list[str]) -> tuple[list[Project], list[str]]:
    """The projects of those codes among `projects` (what the user may name), and the codes
    that are not there."""
    by_code = {p.code: p for p in projects.filter(code__in=codes)}
    return [by_code[c] for c in dict.fromkeys(codes) if c in by_code], [
        c for c in codes if c not in by_code
    ]


def find_companies(zone, names: list[str]) -> tuple[list[Company], list[str]]:
    found, unknown = [], []
    for name in names:
        company = find_company(zone=zone, name=name)
        if company is None:
            unknown.append(name)
        elif company not in found:
            found.append(company)
    return found, unknown


class PeriodForm(forms.Form):
    """?from=YYYY-MM-DD&to=YYYY-MM-DD: this year to date unless given."""

    start = DateField(label=gettext_lazy("起始日期"), required=False, widget=DATE_INPUT)
    end = DateField(label=gettext_lazy("截止日期"), required=False, widget=DATE_INPUT)

    def __init__(self, data=None, *, today: dt.date | None = None):
        data = data or {}
        super().__init__({"start": data.get("from", ""), "end": data.get("to", "")})
        self.today = today or shanghai_today()

    def period(self) -> tuple[dt.date, dt.date]:
        start, end = self.today.replace(month=1, day=1), self.today
        if self.is_valid():
            end = self.cleaned_data["end"] or end
            start = self.cleaned_data["start"] or end.replace(month=1, day=1)
        if start > end:
            start = end.replace(month=1, day=1)
        return start, end


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=Activity.Kind.choices)
    date = DateField(label=gettext_lazy("日期"), widget=DATE_INPUT)
    project = forms.ModelChoiceField(
        label=gettext_lazy("项目"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=gettext_lazy("(不关联项目)"),
    )
    company = forms.ModelChoiceField(
        label=gettext_lazy("客商"),
        queryset=Company.objects.none(),
        required=False,
        empty_label=gettext_lazy("(默认为项目的投资方)"),
    )
    participants = forms.CharField(label=gettext_lazy("参加人员"), max_length=200)
    place = forms.CharField(label=gettext_lazy("地点"), max_length=200, required=False)
    summary = forms.CharField(
        label=gettext_lazy("洽谈内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_step = forms.CharField(label=gettext_lazy("下一步"), max_length=500, required=False)
    next_step_date = DateField(label=gettext_lazy("下一步日期"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, projects: QuerySet[Project], companies: QuerySet[Company], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]

    def values(self) -> dict:
        return dict(self.cleaned_data)


class TripForm(forms.Form):
    participants = forms.CharField(label=gettext_lazy("外出人员"), max_length=200)
    cities = forms.CharField(
        label=gettext_lazy("前往城市"),
        max_length=500,
        help_text=gettext_lazy("城市名,多个用顿号分开,如 上海、苏州"),
    )
    start_date = DateField(label=gettext_lazy("出发日期"), widget=DATE_INPUT)
    end_date = DateField(label=gettext_lazy("返回日期"), widget=DATE_INPUT)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("责任单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("(本人所在单位)"),
    )
    purpose = forms.CharField(
        label=gettext_lazy("事由与成果"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    leads = forms.CharField(
        label=gettext_lazy("带回线索(项目编号)"),
        max_length=2000,
        required=False,
        help_text=gettext_lazy("先在项目库登记线索,再在此填写其项目编号,多个用顿号分开"),
    )

    def __init__(self, *args, zone, units: QuerySet[Unit], projects: QuerySet[Project], **kwargs):
        super().__init__(*args, **kwargs)
        self.zone, self.projects = zone, projects
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean_cities(self) -> list[Region]:
        found, unknown = find_cities(split_names(self.cleaned_data["cities"]))
        if unknown:
            raise forms.ValidationError(
                _("找不到这些地区:%(names)s") % {"names": "、".join(unknown)}
            )
        if not found:
            raise forms.ValidationError(_("请填写前往的城市。"))
        return found

    def clean_leads(self) -> list[Project]:
        found, unknown = find_projects(self.projects, split_names(self.cleaned_data["leads"]))
        if unknown:
            raise forms.ValidationError(
                _("找不到这些项目编号(或不属于您的单位):%(codes)s") % {"codes": "、".join(unknown)}
            )
        return found

    def values(self) -> dict:
        return dict(self.cleaned_data)


class EventForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("活动名称"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=Event.Kind.choices)
    date = DateField(label=gettext_lazy("日期"), widget=DATE_INPUT)
    city = forms.CharField(label=gettext_lazy("城市"), max_length=50, required=False)
    place = forms.CharField(label=gettext_lazy("地点"), max_length=200, required=False)
    organiser = forms.CharField(label=gettext_lazy("主办单位"), max_length=200, required=False)
    organiser_unit = forms.ModelChoiceField(
        label=gettext_lazy("承办单位"), queryset=Unit.objects.none(), required=False
    )
    companies = forms.CharField(
        label=gettext_lazy("参会客商"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("客商名称,每行一个或用顿号分开"),
    )
    signed_projects = forms.CharField(
        label=gettext_lazy("现场签约项目(项目编号)"), max_length=2000, required=False
    )
    leads = forms.CharField(
        label=gettext_lazy("活动产生线索(项目编号)"), max_length=2000, required=False
    )
    note = forms.CharField(
        label=gettext_lazy("备注"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, zone, units: QuerySet[Unit], projects: QuerySet[Project], **kwargs):
        super().__init__(*args, **kwargs)
        self.zone, self.projects = zone, projects
        self.fields["organiser_unit"].queryset = units  # type: ignore[attr-defined]

    def clean_city(self) -> Region | None:
        name = self.cleaned_data["city"].strip()
        if not name:
            return None
        region = find_region(name)
        if region is None:
            raise forms.ValidationError(_("找不到地区“%(name)s”。") % {"name": name})
        return region

    def clean_companies(self) -> list[Company]:
        found, unknown = find_companies(self.zone, split_names(self.cleaned_data["companies"]))
        if unknown:
            raise forms.ValidationError(
                _("本开发区没有这些客商:%(names)s(请先在项目中登记)")
                % {"names": "、".join(unknown)}
            )
        return found

    def _codes(self, name: str) -> list[Project]:
        found, unknown = find_projects(self.projects, split_names(self.cleaned_data[name]))
        if unknown:
            raise forms.ValidationError(
                _("找不到这些项目编号:%(codes)s") % {"codes": "、".join(unknown)}
            )
        return found

    def clean_signed_projects(self) -> list[Project]:
        return self._codes("signed_projects")

    def clean_leads(self) -> list[Project]:
        return self._codes("leads")

    def values(self) -> dict:
        return dict(self.cleaned_data)


class StaleDaysForm(forms.Form):
    stale_after_days = forms.IntegerField(
        label=gettext_lazy("无更新提醒天数"), min_value=1, max_value=MAX_STALE_DAYS
    )


def initial_codes(projects) -> str:
    return "、".join(p.code for p in projects)


def initial_names(items) -> str:
    return "、".join(str(item) for item in items)
