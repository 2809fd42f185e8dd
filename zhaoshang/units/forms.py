"""The unit's form: kind, head, and a resident office's city and period. It only reads input;
org.services.update_unit decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.forms import DateField
from zhaoshang.org.models import Unit, User, Zone
from zhaoshang.work.services import destinations


class UnitForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Unit.Kind.choices)
    head = forms.ModelChoiceField(label=_("负责人"), queryset=User.objects.none(), required=False)
    city = forms.ModelChoiceField(
        label=_("驻点城市"), queryset=destinations().order_by("code"), required=False
    )
    period_from = DateField(label=_("驻点起始日期"), required=False)
    period_to = DateField(label=_("驻点结束日期"), required=False)

    def __init__(self, *args, zone: Zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = User.objects.filter(memberships__zone=zone).order_by(
            "username"
        )
