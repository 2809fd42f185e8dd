"""One filter for the project library: the list, its export and the API all use it, so a
bookmarked or shared URL always means the same projects."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zhaoshang.companies.models import Channel, Company, Organisation
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.forms import DateField
from zhaoshang.org.models import Industry, Park, Region, RegionGroup, Unit, User, Zone
from zhaoshang.projects.models import DATE_FIELD, ProjectType, Stage
from zhaoshang.projects.search import normalise_query
from zhaoshang.projects.selectors import stage_as_of

AMOUNT_BANDS = {
    "1yi": (_("1亿元以上"), Decimal(10000)),
    "5yi": (_("5亿元以上"), Decimal(50000)),
    "10yi": (_("10亿元以上"), Decimal(100000)),
}
STATUS = {
    "active": _("进行中(不含终止)"),
    "paused": _("搁置中"),
    "dropped": _("已终止"),
    "all": _("全部"),
}
SORTS = {
    "code": "code",
    "name": "name",
    "amount": "total_investment_wan",
    "signed": "signed_date",
    "started": "started_date",
    "updated": "updated_at",
}
DATE_CHOICES = [(stage.value, stage.label) for stage in Stage]


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    stage = forms.ChoiceField(
        label=_("阶段"), required=False, choices=[("", _("全部阶段")), *list(Stage.choices)]
    )
    stage_on = DateField(label=_("阶段截至"), required=False)
    industry = forms.ModelChoiceField(
        label=_("产业"), queryset=Industry.objects.none(), required=False
    )
    park = forms.ModelChoiceField(label=_("园区"), queryset=Park.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), required=False)
    region_group = forms.ModelChoiceField(
        label=_("来源板块"),
        queryset=RegionGroup.objects.all(),
        required=False,
        to_field_name="code",
    )
    province = forms.ModelChoiceField(
        label=_("来源省份"),
        queryset=Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.COUNTRY]),
        required=False,
        empty_label=_("全部"),
    )
    channel = forms.ChoiceField(
        label=_("招商方式"), required=False, choices=[("", _("全部")), *list(Channel.choices)]
    )
    referrer = forms.ChoiceField(
        label=_("引荐方"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    project_type = forms.ChoiceField(
        label=_("项目类型"), required=False, choices=[("", _("全部")), *list(ProjectType.choices)]
    )
    amount = forms.ChoiceField(
        label=_("投资额"),
        required=False,
        choices=[("", _("不限"))] + [(key, label) for key, (label, _min) in AMOUNT_BANDS.items()],
    )
    date_field = forms.ChoiceField(
        label=_("节点"), required=False, choices=[("", "—"), *DATE_CHOICES]
    )
    date_from = DateField(label=_("从"), required=False)
    date_to = DateField(label=_("至"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=list(STATUS.items()))
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS],
    )

    def __init__(self, data=None, *, zone: Zone, today: dt.date | None = None):
        super().__init__(data or None)
        self.today = today or shanghai_today()
        self.fields["industry"].queryset = Industry.objects.filter(zone=zone)
        self.fields["park"].queryset = Park.objects.filter(zone=zone)
        self.fields["unit"].queryset = Unit.objects.filter(zone=zone)
        self.fields["referrer"].choices = referrer_choices(zone)

    def filter(self, projects: QuerySet) -> QuerySet:
        """The projects that match; an invalid field is ignored rather than emptying the list
        (its error is shown beside it)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if query := normalise_query(data.get("q") or ""):
            projects = projects.filter(Q(search_text__contains=query) | Q(code__icontains=query))
        if stage := data.get("stage"):
            on = data.get("stage_on") or self.today
            projects = projects.alias(stage_on=stage_as_of(on)).filter(stage_on=stage)
        for field in ("industry", "park", "unit"):
            if data.get(field):
                projects = projects.filter(**{field: data[field]})
        if group := data.get("region_group"):
            projects = projects.filter(company__region__groups=group)
        if province := data.get("province"):
            projects = projects.filter(company__region__province=province)
        for field in ("channel", "project_type"):
            if data.get(field):
                projects = projects.filter(**{field: data[field]})
        if referrer := data.get("referrer"):
            projects = projects.filter(referrer_filter(referrer))
        if band := data.get("amount"):
            projects = projects.filter(total_investment_wan__gte=AMOUNT_BANDS[band][1])
        if field := data.get("date_field"):
            column = DATE_FIELD[Stage(field)]
            if data.get("date_from"):
                projects = projects.filter(**{f"{column}__gte": data["date_from"]})
            if data.get("date_to"):
                projects = projects.filter(**{f"{column}__lte": data["date_to"]})
        status = data.get("status") or "active"
        if status == "active":
            projects = projects.filter(dropped_date__isnull=True)
        elif status == "paused":
            projects = projects.filter(is_paused=True, dropped_date__isnull=True)
        elif status == "dropped":
            projects = projects.filter(dropped_date__isnull=False)
        sort = data.get("sort") or "code"
        descending = sort.startswith("-")
        column = SORTS[sort.lstrip("-")]
        return projects.order_by(f"{'-' if descending else ''}{column}", "code")


# 引荐方 in the library's filter: any of a kind, none, or one referrer ("c12", "u3", "o7").
REFERRER_FIELD = {"c": "introduced_by", "u": "referrer_user", "o": "referrer_org"}
REFERRER_KINDS = {
    "company": ("c", _("引荐企业(以商招商)")),
    "user": ("u", _("引荐人(全员招商)")),
    "org": ("o", _("引荐机构")),
}


def referrer_choices(zone: Zone) -> list:
    """The kinds, then the zone's referrers who have brought a project, one group per kind."""
    choices = [("", _("全部")), ("none", _("无引荐方"))]
    choices += [(kind, label) for kind, (_prefix, label) in REFERRER_KINDS.items()]
    companies = Company.objects.filter(zone=zone, introduced_projects__isnull=False)
    people = User.objects.filter(referred_projects__zone=zone)
    organisations = Organisation.objects.filter(zone=zone)
    for prefix, label, items in (
        ("c", REFERRER_KINDS["company"][1], companies.distinct().order_by("name")),
        ("u", REFERRER_KINDS["user"][1], people.distinct().order_by("username")),
        ("o", REFERRER_KINDS["org"][1], organisations.order_by("kind", "name")),
    ):
        group = [(f"{prefix}{item.pk}", _referrer_name(item)) for item in items]
        if group:
            choices.append((label, group))
    return choices


def _referrer_name(item) -> str:
    if isinstance(item, User):
        return item.get_full_name() or item.username
    return item.name


def referrer_filter(value: str) -> Q:
    if value == "none":
        return Q(introduced_by__isnull=True, referrer_user__isnull=True, referrer_org__isnull=True)
    if value in REFERRER_KINDS:
        return Q(**{f"{REFERRER_FIELD[REFERRER_KINDS[value][0]]}__isnull": False})
    return Q(**{f"{REFERRER_FIELD[value[0]]}_id": int(value[1:])})
