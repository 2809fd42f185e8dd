"""One filter for the project library: the list, its export and the API all use it, so a
bookmarked or shared URL always means the same projects."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zhaoshang.companies.models import Channel
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.forms import DateField, choose_from
from zhaoshang.org.models import Industry, Park, Region, RegionGroup, Unit, Zone
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
    # A filter's empty choice reads 全部 (all), whatever the field.
    industry = forms.ModelChoiceField(
        label=_("产业"), queryset=Industry.objects.none(), required=False, empty_label=_("全部")
    )
    park = forms.ModelChoiceField(
        label=_("园区"), queryset=Park.objects.none(), required=False, empty_label=_("全部")
    )
    unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=Unit.objects.none(), required=False, empty_label=_("全部")
    )
    region_group = forms.ModelChoiceField(
        label=_("来源板块"),
        queryset=RegionGroup.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("全部"),
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
    project_type = forms.ChoiceField(
        label=_("项目类型"), required=False, choices=[("", _("全部")), *list(ProjectType.choices)]
    )
    amount = forms.ChoiceField(
        label=_("投资额"),
        required=False,
        choices=[("", _("不限"))] + [(key, label) for key, (label, _min) in AMOUNT_BANDS.items()],
    )
    date_field = forms.ChoiceField(
        label=_("节点"), required=False, choices=[("", _("任一节点")), *DATE_CHOICES]
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
        choose_from(
            self,
            industry=Industry.objects.filter(zone=zone),
            park=Park.objects.filter(zone=zone),
            unit=Unit.objects.filter(zone=zone),
        )

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
            projects = projects.filter(origin_region__groups=group)
        if province := data.get("province"):
            projects = projects.filter(origin_region__province=province)
        for field in ("channel", "project_type"):
            if data.get(field):
                projects = projects.filter(**{field: data[field]})
        if band := data.get("amount"):
            projects = projects.filter(total_investment_wan__gte=AMOUNT_BANDS[band][1])
        if stage := data.get("date_field"):
            column = DATE_FIELD[Stage(stage)]
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
