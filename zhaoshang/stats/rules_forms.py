from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.amounts import parse_wan
from zhaoshang.core.versions import StaleEdit, check_version
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


class CountingRulesForm(forms.ModelForm):
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
    # The rules' version when the form was opened: saving refuses if they changed since (not
    # named `version`, which the admin would take for the model's field).
    opened_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    counted_project_types = forms.MultipleChoiceField(
        label=_("计入统计的项目类型"),
        choices=ProjectType.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def clean(self):
        """The service's rules, shown beside the fields' own errors, all at once."""
        cleaned = super().clean()
        errors = rules_errors(
            major_threshold_wan=cleaned.get("major_threshold_wan"),
            tier_threshold_wan=cleaned.get("tier_threshold_wan"),
            minimum_amount_wan=cleaned.get("minimum_amount_wan"),
            counted_project_types=cleaned.get("counted_project_types"),
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        if self.instance.pk and "opened_version" in cleaned:
            try:
                check_version(self.instance, cleaned["opened_version"])
            except StaleEdit as exc:
                self.stale = exc  # the page shows it on the current rules; the admin as an error
                self.add_error(None, exc)
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale = None
        self.fields["opened_version"].initial = self.instance.version

    class Meta:
        model = CountingRules
        fields = [
            "major_threshold_wan",
            "tier_threshold_wan",
            "minimum_amount_wan",
            "counted_project_types",
        ]
