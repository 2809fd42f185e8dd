"""Forms of the project pages. They only read input; every rule is the services'."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.companies.models import Channel, Company, Organisation
from zhaoshang.core.amounts import parse_wan
from zhaoshang.core.forms import DateField
from zhaoshang.org.models import Industry, Park, Unit, User, Zone
from zhaoshang.projects.models import (
    MILESTONES,
    AgreementType,
    FundsArrived,
    Project,
    ProjectType,
    Stage,
)


class AmountField(forms.CharField):
    """An amount typed the way people type it (12亿, 8000万, 3,500) read into Decimal 万元."""

    def to_python(self, value):
        return parse_wan(super().to_python(value), required=self.required)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal beside the fields it names, the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class VersionedForm(forms.Form):
    """A form that changes a record: it carries the version the record had when the form was
    opened, and the service refuses it if the record has changed since (StaleEdit)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def person_label(user) -> str:
    """A person as colleagues know them: the name, with the username when there is one."""
    name = user.get_full_name()
    return f"{name}({user.username})" if name else user.username


class ProjectForm(forms.Form):
    code = forms.CharField(
        label=_("项目编号"), required=False, max_length=40, help_text=_("留空则自动编号")
    )
    name = forms.CharField(label=_("项目名称"), max_length=200)
    company_name = forms.CharField(label=_("投资方"), required=False, max_length=200)
    industry = forms.ModelChoiceField(
        label=_("所属产业"), queryset=Industry.objects.none(), required=False
    )
    park = forms.ModelChoiceField(label=_("落户园区"), queryset=Park.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), required=False)
    channel = forms.ChoiceField(
        label=_("招商方式"), choices=[("", "—"), *Channel.choices], required=False
    )
    introduced_by = forms.ModelChoiceField(
        label=_("引荐企业(以商招商)"), queryset=Company.objects.none(), required=False
    )
    referrer_user = forms.ModelChoiceField(
        label=_("引荐人(全员招商)"), queryset=User.objects.none(), required=False
    )
    referrer_org = forms.ModelChoiceField(
        label=_("引荐机构"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("引荐企业、引荐人、引荐机构只填一项。"),
    )
    project_type = forms.ChoiceField(label=_("项目类型"), choices=ProjectType.choices)
    total_investment_wan = AmountField(
        label=_("总投资"), required=False, help_text=_("可填 12亿、8000万 或数字(万元)")
    )
    foreign_capital_usd_wan = AmountField(label=_("外资(万美元)"), required=False)
    agreement_type = forms.ChoiceField(
        label=_("协议类型"), choices=[("", "—"), *AgreementType.choices], required=False
    )
    note = forms.CharField(
        label=_("备注"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=Project._meta.get_field("note").max_length,
    )

    def __init__(self, *args, zone: Zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = Industry.objects.filter(zone=zone)
        self.fields["park"].queryset = Park.objects.filter(zone=zone)
        self.fields["unit"].queryset = Unit.objects.filter(zone=zone)
        self.fields["introduced_by"].queryset = Company.objects.filter(zone=zone, is_anchor=True)
        self.fields["referrer_user"].queryset = (
            User.objects.filter(memberships__zone=zone).distinct().order_by("username")
        )
        self.fields["referrer_user"].label_from_instance = person_label
        self.fields["referrer_org"].queryset = Organisation.objects.filter(zone=zone)

    @staticmethod
    def initial_from(project) -> dict:
        plain = ["code", "name", "channel", "project_type", "total_investment_wan"]
        plain += ["foreign_capital_usd_wan", "agreement_type", "note"]
        return {
            **{field: getattr(project, field) for field in plain},
            "company_name": project.company.name if project.company_id else "",
            "industry": project.industry_id,
            "park": project.park_id,
            "unit": project.unit_id,
            "introduced_by": project.introduced_by_id,
            "referrer_user": project.referrer_user_id,
            "referrer_org": project.referrer_org_id,
            "version": project.version,
        }


class EditProjectForm(VersionedForm, ProjectForm):
    pass


class NewProjectForm(ProjectForm):
    first_stage = forms.ChoiceField(
        label=_("当前节点"), choices=[(s.value, s.label) for s in MILESTONES], initial=Stage.LEAD
    )
    first_date = DateField(label=_("节点日期"), widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneForm(VersionedForm):
    stage = forms.ChoiceField(label=_("节点"), choices=[(s.value, s.label) for s in MILESTONES])
    on = DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    agreement_type = forms.ChoiceField(
        label=_("协议类型(签约时)"), choices=[("", "—"), *AgreementType.choices], required=False
    )
    reason = forms.CharField(label=_("说明"), required=False, max_length=500)


class CorrectForm(VersionedForm):
    stage = forms.ChoiceField(label=_("节点"), choices=Stage.choices)
    on = DateField(
        label=_("更正为(留空即清除)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(label=_("更正原因"), max_length=500)


class DropForm(VersionedForm):
    on = DateField(label=_("终止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("终止原因"), max_length=500)
    dropped_to = forms.CharField(label=_("流向(如已知)"), required=False, max_length=200)


class ReasonForm(VersionedForm):
    reason = forms.CharField(label=_("原因"), max_length=500)


class PauseForm(VersionedForm):
    on = DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("说明"), required=False, max_length=500)


class FundsForm(VersionedForm):
    on = DateField(label=_("到位日期"), widget=forms.DateInput(attrs={"type": "date"}))
    amount_wan = AmountField(label=_("到位金额"), help_text=_("可填 1.2亿、3000万 或数字(万元)"))
    source = forms.ChoiceField(label=_("资金来源"), choices=FundsArrived.Source.choices)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)
