from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.stats.rules_forms import WanAmountField
from zhaoshang.targets.models import AMOUNT_ONLY, COUNT_ONLY, Metric, Target
from zhaoshang.targets.services import TargetValue, scope_versions, target_errors


class TargetsForm(forms.Form):
    """One year's targets of one scope (the zone or a unit): per metric a count and an amount,
    either left blank. Blank both: no target."""

    # The scope's targets as this form shows them (metric:id:version, …): saving refuses if
    # they changed after it was opened.
    versions = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, year: int, targets: list[Target], **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["versions"].initial = ",".join(
            f"{metric}:{pk}:{version}" for metric, (pk, version) in scope_versions(targets).items()
        )
        current = {t.metric: t for t in targets}
        for metric in Metric:
            target = current.get(metric.value)
            if metric not in AMOUNT_ONLY:
                self.fields[f"count_{metric.value}"] = forms.IntegerField(
                    label=_("%(metric)s（个）") % {"metric": metric.label},
                    required=False,
                    initial=target.count if target else None,
                )
            if metric in COUNT_ONLY:
                continue
            self.fields[f"amount_{metric.value}"] = WanAmountField(
                label=_("%(metric)s（万元）") % {"metric": metric.label},
                required=False,
                initial=target.amount_wan if target else None,
            )

    def rows(self) -> list[dict]:
        """The fields by metric, for a table with a count and an amount column."""
        return [
            {
                "metric": metric,
                "count": self[f"count_{metric.value}"] if metric not in AMOUNT_ONLY else None,
                "amount": self[f"amount_{metric.value}"] if metric not in COUNT_ONLY else None,
            }
            for metric in Metric
        ]

    def values(self) -> dict[str, TargetValue]:
        return {
            metric.value: TargetValue(
                count=self.cleaned_data.get(f"count_{metric.value}"),
                amount_wan=self.cleaned_data.get(f"amount_{metric.value}"),  # none: COUNT_ONLY
            )
            for metric in Metric
        }

    def clean_versions(self) -> dict[str, tuple[int, int]]:
        expected = {}
        for item in filter(None, self.cleaned_data["versions"].split(",")):
            metric, _sep, rest = item.partition(":")
            pk, _sep, version = rest.partition(":")
            if not (pk.isdigit() and version.isdigit()):
                raise forms.ValidationError(_("页面已过期,请刷新后重新填写。"))
            expected[metric] = (int(pk), int(version))
        return expected

    def clean(self):
        """The service's rules, beside the fields' own errors, all at once."""
        cleaned = super().clean()
        for field, message in target_errors(year=self.year, values=self.values()).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned
