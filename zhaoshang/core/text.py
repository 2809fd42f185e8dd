"""The limits every stored text keeps, wherever it comes from (forms, the ledger, the CLI).

A text may be as long as its model field allows (TextFields carry a max_length too, for this).
Control characters are refused rather than stripped: PostgreSQL cannot store NUL, an .xlsx cannot
hold the other C0 characters (an export would fail), and nothing a person types contains them —
a cell pasted from another system that does is better fixed where it came from than changed here
without a word. Tab, line feed and carriage return are ordinary text.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def text_error(value: str, *, limit: int | None, subject: str) -> str | None:
    """Why `value` cannot be stored as `subject` (a field's name), or None."""
    if found := CONTROL_CHARACTERS.search(value):
        return _("%(subject)s含有不可见的控制字符(%(character)s),请删除后再提交。") % {
            "subject": subject,
            "character": f"U+{ord(found.group()):04X}",
        }
    if limit is not None and len(value) > limit:
        return _("%(subject)s过长:%(length)s 个字符,最多 %(limit)s 个。") % {
            "subject": subject,
            "length": len(value),
            "limit": limit,
        }
    return None


def check_text(value: str, *, limit: int | None, subject: str) -> str:
    """`value` if it may be stored as `subject`; else ValidationError saying why."""
    if message := text_error(value, limit=limit, subject=subject):
        raise ValidationError(message)
    return value


def field_text_error(model: type[models.Model], name: str, value: str) -> str | None:
    """text_error() with the model field's own limit and name."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a field of the model's own, not a relation's reverse
    return text_error(value, limit=field.max_length, subject=str(field.verbose_name))


def check_field_text(model: type[models.Model], name: str, value: str) -> str:
    """`value` if it fits the model field; else ValidationError keyed by the field's name."""
    if message := field_text_error(model, name, value):
        raise ValidationError({name: message})
    return value


def shown(value: str, *, limit: int) -> str:
    """`value` as a message may quote it: cut to `limit` characters, control characters written
    out (\\x00), so that the quote can itself be stored (PostgreSQL refuses NUL even in JSON)."""
    if len(value) > limit:
        value = value[:limit] + "…"
    return CONTROL_CHARACTERS.sub(lambda found: f"\\x{ord(found.group()):02x}", value)
