"""Forms of the project pages. They only read input; every rule is the services'."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.companies.models import Channel, Company, Organisation
from zhaoshang.core.amounts import parse_wan
from zhaoshang.core.forms import DateField, choose_from
from zhaoshang.org.forms import PersonChoiceField
from zhaoshang.org.models import Industry, Park, Unit, User, Zone
from zhaoshang.org.regions import find_region
from zhaoshang.org.selectors import people_of
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


class VersionedForm(forms.Form):
    """A form that changes a record: it carries the version the record had when the form was
    opened, and the service refuses it if the record has changed since (StaleEdit)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RegionField(forms.CharField):
    """A place as people write it (河北, 德州市, 日本) read into a Region, or None when empty. (No
    max_length: its validators would run on the Region; an overlong name is simply not found.)"""

    widget = forms.TextInput(attrs={"maxlength": 50})

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        region = find_region(text)
        if region is None:
            raise ValidationError(
                _("找不到地区“%(value)s”:请填写省、地级市或国家的名称。"), params={"value": text}
            )
        return region

    def prepare_value(self, value):
        return getattr(value, "name", value)


class ProjectForm(forms.Form):
    # The order is the page's, two or three to a row: the project, its investor, where it belongs
    # in the zone, its money, its stage (当前节点 beside 节点日期), the note last and full width.
    # Each empty choice says what it means for its field.
    name = forms.CharField(label=_("项目名称"), max_length=200)
    code = forms.CharField(
        label=_("项目编号"), required=False, max_length=40, help_text=_("留空则自动编号")
    )
    project_type = forms.ChoiceField(label=_("项目类型"), choices=ProjectType.choices)
    company_name = forms.CharField(label=_("投资方"), required=False, max_length=200)
    origin_region = RegionField(
        label=_("投资方所在地"),
        required=False,
        help_text=_("投资来自的省、市或国家,如 河北、德州市、日本;留空取投资方的所在地"),
    )
    channel = forms.ChoiceField(
        label=_("招商方式"), choices=[("", _("未填写")), *Channel.choices], required=False
    )
    introduced_by = forms.ModelChoiceField(
        label=_("引荐企业(以商招商)"),
        queryset=Company.objects.none(),
        required=False,
        empty_label=_("无"),
    )
    referred_by = PersonChoiceField(
        label=_("引荐人(全员招商)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("无"),
        help_text=_("引荐方只填一个:引荐企业、引荐人或引荐机构"),
    )
    referrer_org = forms.ModelChoiceField(
        label=_("引荐机构"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("无"),
    )
    industry = forms.ModelChoiceField(
        label=_("所属产业"), queryset=Industry.objects.none(), required=False, empty_label=_("未定")
    )
    park = forms.ModelChoiceField(
        label=_("落户园区"), queryset=Park.objects.none(), required=False, empty_label=_("未定")
    )
    unit = forms.ModelChoiceField(
        label=_("责任单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("未分配"),
    )
    expands = forms.ModelChoiceField(
        label=_("增资的原项目(编号)"),
        queryset=Project.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.TextInput,
        help_text=_("增资扩产项目填写所增资的已签约项目的编号,总投资填增资额;其他项目留空。"),
        error_messages={"invalid_choice": _("没有编号为“%(value)s”的项目(或您无权查看)。")},
    )
    total_investment_wan = AmountField(
        label=_("总投资"), required=False, help_text=_("可填 12亿、8000万 或数字(万元)")
    )
    foreign_capital_usd_wan = AmountField(label=_("外资(万美元)"), required=False)
    agreement_type = forms.ChoiceField(
        label=_("协议类型"),
        choices=[("", _("未签约")), *AgreementType.choices],
        required=False,
        help_text=_("签约后填写"),
    )
    note = forms.CharField(
        label=_("备注"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=Project._meta.get_field("note").max_length,
    )

    def __init__(self, *args, zone: Zone, projects=None, **kwargs):
        """`projects`: those the user sees, among which a capital increase names its original."""
        super().__init__(*args, **kwargs)
        choose_from(
            self,
            industry=Industry.objects.filter(zone=zone),
            park=Park.objects.filter(zone=zone),
            unit=Unit.objects.filter(zone=zone),
            introduced_by=Company.objects.filter(zone=zone, is_anchor=True),
            referred_by=people_of(zone),
            referrer_org=Organisation.objects.filter(zone=zone),
        )
        if projects is not None:
            choose_from(self, expands=projects)

    @staticmethod
    def initial_from(project) -> dict:
        plain = ["code", "name", "channel", "project_type", "total_investment_wan"]
        plain += ["foreign_capital_usd_wan", "agreement_type", "note"]
        return {
            **{field: getattr(project, field) for field in plain},
            "company_name": project.company.name if project.company_id else "",
            "origin_region": project.origin_region.name if project.origin_region_id else "",
            "industry": project.industry_id,
            "park": project.park_id,
            "unit": project.unit_id,
            "introduced_by": project.introduced_by_id,
            "referred_by": project.referred_by_id,
            "referrer_org": project.referrer_org_id,
            "expands": project.expands.code if project.expands_id else "",
            "version": project.version,
        }


class EditProjectForm(VersionedForm, ProjectForm):
    pass


class InvestorFields(forms.Form):
    """A new investor's 统一社会信用代码, given where the project names it (an investor already on
    record keeps its own: the service finds it by name or code). Its region is the project's
    投资方所在地."""

    company_uscc = forms.CharField(
        label=_("统一社会信用代码"),
        required=False,
        max_length=30,
        help_text=_("新投资方可填,18位"),
    )


class StageFields(forms.Form):
    first_stage = forms.ChoiceField(
        label=_("当前节点"), choices=[(s.value, s.label) for s in MILESTONES], initial=Stage.LEAD
    )
    first_date = DateField(label=_("节点日期"), widget=forms.DateInput(attrs={"type": "date"}))


NEW_PROJECT_ORDER = [
    "name",
    "code",
    "project_type",
    "company_name",
    "company_uscc",
    "origin_region",
    "industry",
    "park",
    "unit",
    "channel",
    "introduced_by",
    "referred_by",
    "referrer_org",
    "expands",
    "total_investment_wan",
    "foreign_capital_usd_wan",
    "agreement_type",
    "first_stage",
    "first_date",
    "note",
]


class NewProjectForm(InvestorFields, StageFields, ProjectForm):
    field_order = NEW_PROJECT_ORDER


class LeadForm(InvestorFields, StageFields, forms.Form):
    """全员招商: a contributor's short lead form, at the same URL with the same field names. What a
    contributor may not set (unit, agreement, a later stage, foreign capital…) is not on it and
    is ignored if posted; the service refuses a lead that claims more."""

    name = ProjectForm.base_fields["name"]
    company_name = ProjectForm.base_fields["company_name"]
    origin_region = ProjectForm.base_fields["origin_region"]
    industry = ProjectForm.base_fields["industry"]
    total_investment_wan = ProjectForm.base_fields["total_investment_wan"]
    note = ProjectForm.base_fields["note"]
    field_order = [
        "name",
        "company_name",
        "company_uscc",
        "origin_region",
        "industry",
        "total_investment_wan",
        "first_stage",
        "first_date",
        "note",
    ]

    def __init__(self, *args, zone: Zone, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self, industry=Industry.objects.filter(zone=zone))
        first_stage = self.fields["first_stage"]
        assert isinstance(first_stage, forms.ChoiceField)
        first_stage.choices = [(Stage.LEAD.value, Stage.LEAD.label)]
        self.fields["first_date"].label = _("发现线索的日期")


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


class ResignForm(VersionedForm):
    on = DateField(label=_("签订日期"), widget=forms.DateInput(attrs={"type": "date"}))
    agreement_type = forms.ChoiceField(
        label=_("协议类型"), choices=[("", "—"), *AgreementType.choices], required=False
    )
    reason = forms.CharField(
        label=_("说明"),
        max_length=500,
        help_text=_("如:签订正式合同、补充协议、重新签约。签约日期和统计不变。"),
    )


class FundsForm(VersionedForm):
    on = DateField(label=_("到位日期"), widget=forms.DateInput(attrs={"type": "date"}))
    amount_wan = AmountField(label=_("到位金额"), help_text=_("可填 1.2亿、3000万 或数字(万元)"))
    source = forms.ChoiceField(label=_("资金来源"), choices=FundsArrived.Source.choices)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)
