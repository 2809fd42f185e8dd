"""Forms of the directory of referring organisations. They only read input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.companies.models import Organisation
from zhaoshang.org.forms import PlaceField


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("机构名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=Organisation.Kind.choices)
    region = PlaceField(label=_("所在地"), required=False, help_text=_("如 上海、深圳市、日本"))
    contact = forms.CharField(label=_("联系人及电话"), max_length=100, required=False)
    note = forms.CharField(
        label=_("备注"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=500
    )

    @staticmethod
    def initial_from(organisation: Organisation) -> dict:
        return {
            "name": organisation.name,
            "kind": organisation.kind,
            "region": organisation.region.name if organisation.region else "",
            "contact": organisation.contact,
            "note": organisation.note,
        }
