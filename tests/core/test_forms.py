"""The one mapping of a service's refusal onto a form, used by every view."""

from django import forms
from django.core.exceptions import ValidationError

from zhaoshang.core.forms import add_service_errors


class NameForm(forms.Form):
    name = forms.CharField()


def _form():
    form = NameForm({"name": "甲"})
    assert form.is_valid()
    return form


def test_an_error_keyed_by_a_field_of_the_form_goes_beside_that_field():
    form = _form()
    add_service_errors(form, ValidationError({"name": "名称重复。"}))
    assert form.errors["name"] == ["名称重复。"]
    assert form.non_field_errors() == []


def test_an_error_keyed_by_a_field_the_form_lacks_goes_above_the_form():
    form = _form()
    add_service_errors(form, ValidationError({"uscc": "信用代码不符。"}))
    assert form.non_field_errors() == ["信用代码不符。"]
    assert "uscc" not in form.errors


def test_an_error_keyed_by_no_field_goes_above_the_form():
    form = _form()
    add_service_errors(form, ValidationError(["一。", "二。"]))
    assert form.non_field_errors() == ["一。", "二。"]
