import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.amounts import parse_wan
from zhaoshang.core.forms import DateField
from zhaoshang.projects.models import ProjectType
from zhaoshang.stats.models import CountingRules
from zhaoshang.stats.services import rules_errors


class WanAmountField(forms.CharField):
    """An amount typed the way people type it (1亿, 50000, 5,000万): Decimal 万元."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_wan(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return f"{value.normalize():f}"


RULE_FIELDS = [
    "major_threshold_wan",
    "tier_threshold_wan",
    "minimum_amount_wan",
    "counted_project_types",
    "counts_capital_increases",
]


class CountingRulesForm(forms.Form):
    """A new set of rules, from a date; opened on the set in force. Not a model form: saving
    may add a set rather than change the one shown (the service decides)."""

    major_threshold_wan = WanAmountField(
        label=_("亿元以上项目门槛（万元）"),
        help_text=_("总投资达到此额（含本数）即为“亿元以上项目”；可写 10000 或 1亿。"),
    )
    tier_threshold_wan = WanAmountField(
        label=_("5亿元以上项目门槛（万元）"),
        help_text=_("“5亿元以上项目”的门槛，不低于上一项。"),
    )
    minimum_amount_wan = WanAmountField(
        label=_("计入统计的最低投资额（万元）"),
        help_text=_("总投资低于此额的项目不计入任何统计；0 为不设。"),
    )
    effective_from = DateField(
        label=_("执行日期"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}),
        help_text=_("新口径从这一天起计算；以前各期仍按当时的口径。留空为今天。"),
    )
    # The version of the zone's rules when the form was opened: saving refuses if any set
    # changed since (the service checks it).
    opened_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    counted_project_types = forms.MultipleChoiceField(
        label=_("计入统计的项目类型"),
        choices=ProjectType.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    field_order = [*RULE_FIELDS, "effective_from"]

    counts_capital_increases = forms.BooleanField(
        label=_("计入增资扩产项目"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text=_("增资扩产项目按增资额计为新签约，门槛按增资额判断；不勾选则不计入任何统计。"),
    )

    def __init__(self, data=None, *, rules: CountingRules, history_version: int, today: dt.date):
        initial = {name: getattr(rules, name) for name in RULE_FIELDS}
        initial |= {"effective_from": today, "opened_version": history_version}
        super().__init__(data, initial=initial)
        self.rules, self.today = rules, today

    def clean(self):
        """The service's rules, shown beside the fields' own errors, all at once."""
        cleaned = super().clean()
        errors = rules_errors(
            major_threshold_wan=cleaned.get("major_threshold_wan"),
            tier_threshold_wan=cleaned.get("tier_threshold_wan"),
            minimum_amount_wan=cleaned.get("minimum_amount_wan"),
            counted_project_types=cleaned.get("counted_project_types"),
            effective_from=cleaned.get("effective_from"),
            today=self.today,
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned
