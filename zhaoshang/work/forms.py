"""Forms of the work pages. They only read input; every rule is the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.companies.models import Company
from zhaoshang.core.forms import DateField
from zhaoshang.org.models import Unit, User, Zone
from zhaoshang.projects.models import Project
from zhaoshang.work.models import Activity, Event, Trip
from zhaoshang.work.services import destinations

_TEXTAREA = forms.Textarea(attrs={"rows": 3})


class QuickActivityForm(forms.Form):
    """What a member types on a phone after a visit: kind, date, what was discussed, what next.
    The project (and its investor) come from the page."""

    kind = forms.ChoiceField(label=_("类型"), choices=Activity.Kind.choices)
    date = DateField(label=_("日期"))
    summary = forms.CharField(label=_("洽谈内容"), max_length=2000, widget=_TEXTAREA)
    next_step = forms.CharField(label=_("下一步"), max_length=500, required=False)
    next_step_date = DateField(label=_("下一步日期"), required=False)


class ActivityForm(QuickActivityForm):
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none())
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    people = forms.ModelMultipleChoiceField(
        label=_("参加人员"), queryset=User.objects.none(), required=False
    )
    companies = forms.ModelMultipleChoiceField(
        label=_("客商"), queryset=Company.objects.none(), required=False
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("项目"), queryset=Project.objects.none(), required=False
    )
    trip = forms.ModelChoiceField(
        label=_("所属外出招商"), queryset=Trip.objects.none(), required=False
    )
    field_order = [
        "kind",
        "date",
        "unit",
        "place",
        "people",
        "companies",
        "projects",
        "summary",
        "next_step",
        "next_step_date",
        "trip",
    ]

    def __init__(self, *args, zone: Zone, units, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["trip"].queryset = (
            Trip.objects.filter(zone=zone, unit__in=units)
            .select_related("unit")
            .order_by("-start_date")
        )
        self.fields["people"].queryset = User.objects.filter(memberships__zone=zone).order_by(
            "username"
        )
        self.fields["companies"].queryset = Company.objects.filter(zone=zone).order_by("name")
        self.fields["projects"].queryset = projects.order_by("code")


class TripForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none())
    start_date = DateField(label=_("出发日期"))
    end_date = DateField(label=_("返回日期"))
    cities = forms.ModelMultipleChoiceField(
        label=_("目的地"),
        queryset=destinations().order_by("code"),
    )
    purpose = forms.CharField(label=_("事由"), max_length=200, required=False)
    people = forms.ModelMultipleChoiceField(
        label=_("出行人员"), queryset=User.objects.none(), required=False
    )
    leads = forms.ModelMultipleChoiceField(
        label=_("带回线索"), queryset=Project.objects.none(), required=False
    )
    note = forms.CharField(label=_("备注"), max_length=2000, required=False, widget=_TEXTAREA)

    def __init__(self, *args, zone: Zone, units, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["people"].queryset = User.objects.filter(memberships__zone=zone).order_by(
            "username"
        )
        self.fields["leads"].queryset = projects.order_by("code")


class EventForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=Event.Kind.choices)
    date = DateField(label=_("日期"))
    end_date = DateField(label=_("结束日期"), required=False)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    city = forms.ModelChoiceField(
        label=_("城市"),
        queryset=destinations().order_by("code"),
        required=False,
    )
    organiser = forms.CharField(label=_("主办单位"), max_length=200, required=False)
    organising_unit = forms.ModelChoiceField(
        label=_("承办单位"), queryset=Unit.objects.none(), required=False
    )
    companies = forms.ModelMultipleChoiceField(
        label=_("参会客商"), queryset=Company.objects.none(), required=False
    )
    signed_projects = forms.ModelMultipleChoiceField(
        label=_("现场签约项目"), queryset=Project.objects.none(), required=False
    )
    leads = forms.ModelMultipleChoiceField(
        label=_("活动产生的线索"), queryset=Project.objects.none(), required=False
    )
    note = forms.CharField(label=_("备注"), max_length=2000, required=False, widget=_TEXTAREA)

    def __init__(self, *args, zone: Zone, units, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organising_unit"].queryset = units
        self.fields["companies"].queryset = Company.objects.filter(zone=zone).order_by("name")
        self.fields["signed_projects"].queryset = projects.order_by("code")
        self.fields["leads"].queryset = projects.order_by("code")


class EditActivityForm(ActivityForm):
    """The full form with the version the activity had when it was opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @staticmethod
    def initial_from(activity: Activity) -> dict:
        return {
            "kind": activity.kind,
            "date": activity.date,
            "unit": activity.unit_id,
            "place": activity.place,
            "people": [u.pk for u in activity.people.all()],
            "companies": [c.pk for c in activity.companies.all()],
            "projects": [p.pk for p in activity.projects.all()],
            "summary": activity.summary,
            "next_step": activity.next_step,
            "next_step_date": activity.next_step_date,
            "trip": activity.trip_id,
            "version": activity.version,
        }
