"""Forms of the organisations directory. They only read input; the rules are the services'."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.companies.models import Organisation
from zhaoshang.org.regions import find_region


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=Organisation.Kind.choices)
    city = forms.CharField(
        label=_("所在城市"), required=False, max_length=50, help_text=_("如 上海市、苏州、北京。")
    )
    contact = forms.CharField(label=_("联系人及方式"), required=False, max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def clean_city(self):
        text = self.cleaned_data["city"].strip()
        if not text:
            return None
        region = find_region(text)
        if region is None:
            raise ValidationError(_("找不到地区“%(value)s”。") % {"value": text})
        return region

    @staticmethod
    def initial_from(found: Organisation) -> dict:
        return {
            "name": found.name,
            "kind": found.kind,
            "city": found.city.name if found.city_id else "",
            "contact": found.contact,
            "version": found.version,
        }
