"""Form fields every app shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from zhaoshang.core.dates import date_error, today


def choose_from(form: forms.BaseForm, **querysets: QuerySet) -> None:
    """Let each named choice field of the form offer only its queryset (the zone's own rows)."""
    for name, queryset in querysets.items():
        field = form.fields[name]
        assert isinstance(field, forms.ModelChoiceField), name
        field.queryset = queryset


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: beside the fields it names, and above the form
    what names no field of the form (or no field at all). Every view maps refusals so."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class DateField(forms.DateField):
    """A date within the range the system holds (core.dates): never before EARLIEST, never
    beyond what may be planned. Whether it may be after today is for the service to say (a
    milestone may not be, a deadline may); so no date a form takes can break a computation."""

    def validate(self, value):
        super().validate(value)
        if value is not None and (
            message := date_error(value, today=today(), subject=str(self.label or ""), planned=True)
        ):
            raise ValidationError(message, code="date_out_of_range")
