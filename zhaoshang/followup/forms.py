"""Forms of the follow-up pages: they take what people type; the services decide what is allowed
(add_service_errors shows their refusals beside the fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.forms import DateField
from zhaoshang.followup.models import FollowupSettings, Notice, ResponseStep, Ticket
from zhaoshang.followup.services import SETTING_FIELDS


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


def amount(label) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=16, decimal_places=2, required=False)


class CommitmentForm(forms.Form):
    start_date = DateField(label=_("承诺开工日期"), required=False, widget=date_input())
    production_date = DateField(label=_("承诺投产日期"), required=False, widget=date_input())
    investment_wan = amount(_("承诺投资额(万元)"))
    annual_output_wan = amount(_("承诺年产值(万元)"))
    annual_tax_wan = amount(_("承诺年税收(万元)"))
    note = forms.CharField(
        label=_("备注"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TicketForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=Ticket.Category.choices)
    title = forms.CharField(label=_("问题"), max_length=200)
    department = forms.CharField(label=_("责任部门"), max_length=100)
    opened_on = DateField(label=_("提出日期"), widget=date_input())
    deadline = DateField(label=_("办结时限"), widget=date_input())
    notes = forms.CharField(
        label=_("情况说明"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TicketUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=Ticket.Status.choices)
    department = forms.CharField(label=_("责任部门"), max_length=100)
    deadline = DateField(label=_("办结时限"), widget=date_input())
    closed_on = DateField(label=_("办结日期"), required=False, widget=date_input())
    notes = forms.CharField(
        label=_("情况说明"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resolution = forms.CharField(
        label=_("办理结果"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("环节"), choices=ResponseStep.Step.choices)
    done_on = DateField(label=_("完成日期"), widget=date_input())
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class SettingsForm(forms.ModelForm):
    rules_from = DateField(
        label=_("时限管理起始日期"),
        required=False,
        widget=date_input(),
        help_text=_("此日期及以后登记的线索适用时限;空为全部线索。"),
    )

    class Meta:
        model = FollowupSettings
        fields = SETTING_FIELDS


class HolidayForm(forms.Form):
    day = DateField(label=_("日期"), widget=date_input())
    is_workday = forms.BooleanField(label=_("调休上班"), required=False)
    name = forms.CharField(label=_("名称"), max_length=50, required=False)


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Notice.Kind.choices)
    ticket = forms.TypedChoiceField(
        label=_("要素保障事项"), coerce=int, required=False, empty_value=None
    )
    content = forms.CharField(
        label=_("内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    issued_on = DateField(label=_("下发日期"), widget=date_input())
    deadline = DateField(label=_("反馈时限"), required=False, widget=date_input())

    def set_choices(self, *, kinds: list, tickets: list) -> None:
        """The kinds the user may issue, and the project's tickets."""
        kind, ticket = self.fields["kind"], self.fields["ticket"]
        assert isinstance(kind, forms.ChoiceField) and isinstance(ticket, forms.ChoiceField)
        kind.choices, ticket.choices = kinds, tickets


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("落实情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    responded_on = DateField(label=_("反馈日期"), widget=date_input())
