"""Money fields. Amounts are Decimal 万元 in Python and integer hundredths of 万元 in the database.

SQLite sums decimal columns in floating point (55026557.3399999); integers sum exactly on every
backend, so totals of any size stay exact to the cent of 万元.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

from zhaoshang.core.amounts import amount_error

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def validate_wan(value) -> None:
    if message := amount_error(value):
        raise ValidationError(message, code="too_large")


class WanField(models.BigIntegerField):
    description = "Amount in 万元 (stored as integer hundredths of 万元)"
    # What the type checker's Django plugin takes a model's attribute of this field to be: Decimal
    # 万元, not the integer hundredths BigIntegerField declares (hence the ignores).
    _pyi_private_set_type: Decimal | int | str | None  # type: ignore[assignment]
    _pyi_private_get_type: Decimal  # type: ignore[assignment]
    default_validators = [validate_wan]

    @cached_property
    def validators(self):
        # Not BigIntegerField's range, which it would compare with 万元 rather than the stored
        # hundredths: the bound that keeps every sum of amounts within 64 bits.
        return [*self.default_validators, *self._validators]

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return (Decimal(value) / HUNDRED).quantize(CENT)

    def to_python(self, value):
        if value is None or isinstance(value, Decimal):
            return value
        return Decimal(str(value)).quantize(CENT)

    def get_prep_value(self, value):
        if value is None:
            return None
        amount = Decimal(str(value))
        hundredths = amount * HUNDRED
        if hundredths != hundredths.to_integral_value():
            raise ValueError(f"{value} 万元 has more than two decimals")
        return int(hundredths)

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        return value

    def formfield(self, **kwargs):
        return models.Field.formfield(
            self, **{"form_class": forms.DecimalField, "decimal_places": 2, **kwargs}
        )
