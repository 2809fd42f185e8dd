"""Forms of the chain pages. They only read input; the services decide and refuse."""

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from zhaoshang.chains.models import Chain, Node, TagRole, Target, Tier
from zhaoshang.chains.services import MAX_ORDER
from zhaoshang.core.amounts import parse_wan
from zhaoshang.core.forms import DateField

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT_AREA = forms.Textarea(attrs={"rows": 3})


class AsOfForm(forms.Form):
    """?as_of=YYYY-MM-DD: the day the chain is shown as of (default today)."""

    as_of = DateField(label=gettext_lazy("截止日期"), required=False, widget=DATE_INPUT)


class VersionedForm(forms.Form):
    """An edit carries the version the record had when the form opened: the service refuses it
    (StaleEdit, shown above the form) when someone saved in between."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ChainForm(VersionedForm):
    name = forms.CharField(label=gettext_lazy("产业链名称"), max_length=100)
    industry = forms.ModelChoiceField(
        label=gettext_lazy("所属产业"), queryset=Chain.objects.none(), required=False
    )
    note = forms.CharField(label=gettext_lazy("说明"), required=False, widget=TEXT_AREA)
    sort_order = forms.IntegerField(
        label=gettext_lazy("排序"), min_value=0, max_value=MAX_ORDER, initial=0
    )


class NodeForm(VersionedForm):
    name = forms.CharField(label=gettext_lazy("节点名称"), max_length=100)
    tier = forms.ChoiceField(label=pgettext_lazy("产业链", "环节"), choices=Tier.choices)
    parent = forms.ModelChoiceField(
        label=gettext_lazy("上级节点"), queryset=Node.objects.none(), required=False
    )
    order = forms.IntegerField(
        label=gettext_lazy("排序"), min_value=0, max_value=MAX_ORDER, initial=0
    )


class LinkForm(forms.Form):
    from_node = forms.ModelChoiceField(
        label=gettext_lazy("供应方节点"), queryset=Node.objects.none()
    )
    to_node = forms.ModelChoiceField(label=gettext_lazy("需求方节点"), queryset=Node.objects.none())


class EnterpriseForm(forms.Form):
    company_name = forms.CharField(
        label=gettext_lazy("企业名称"),
        max_length=200,
        help_text=gettext_lazy("客商库中没有的企业会新建。"),
    )
    is_anchor = forms.BooleanField(label=gettext_lazy("龙头企业"), required=False)
    linked_on = DateField(label=gettext_lazy("关联日期"), widget=DATE_INPUT)


class TagForm(forms.Form):
    project = forms.ModelChoiceField(label=gettext_lazy("项目"), queryset=Node.objects.none())
    role = forms.ChoiceField(label=gettext_lazy("作用"), choices=TagRole.choices)
    tagged_on = DateField(label=gettext_lazy("标注日期"), widget=DATE_INPUT)


class TargetForm(VersionedForm):
    company_name = forms.CharField(
        label=gettext_lazy("目标企业"),
        max_length=200,
        help_text=gettext_lazy("客商库中没有的企业会新建。"),
    )
    reason = forms.CharField(label=gettext_lazy("推荐理由"), max_length=500, widget=TEXT_AREA)
    unit = forms.ModelChoiceField(label=gettext_lazy("责任单位"), queryset=Node.objects.none())
    next_step = forms.CharField(label=gettext_lazy("下一步"), max_length=500, required=False)
    next_step_date = DateField(label=gettext_lazy("下一步日期"), required=False, widget=DATE_INPUT)
    status = forms.ChoiceField(label=gettext_lazy("状态"), choices=Target.Status.choices)


class ConvertForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("项目名称"), max_length=200)
    role = forms.ChoiceField(label=gettext_lazy("作用"), choices=TagRole.choices)
    total_investment = forms.CharField(
        label=gettext_lazy("总投资(万元)"),
        required=False,
        help_text=gettext_lazy("可留空;可写 12000 或 1.2亿。"),
    )

    def clean_total_investment(self):
        return parse_wan(self.cleaned_data["total_investment"].strip(), required=False)
