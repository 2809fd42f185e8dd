"""Helpers for the `zhaoshang` commands: argument types and errors users can act on."""

import argparse
import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.core.dates import check_happened, parse_date, today


def date_argument(text: str) -> dt.date:
    """argparse type for dates: 2026-05-31 (or the other forms parse_date reads). Every date the
    commands take is a day that has come (an as-of date, a period's start, "today" for a
    generator or an import): from the earliest the system holds to today."""
    try:
        return check_happened(parse_date(text), today=today())
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(" ".join(exc.messages)) from exc


def command_error(exc: ValidationError) -> CommandError:
    return CommandError(" ".join(exc.messages))


class DataCommand(BaseCommand):
    """A command that reads or writes a zone's data. Django's system checks import every URL
    module, and with them the whole web layer, before a command runs: three times what reading
    the figures of an empty zone takes. `migrate`, `runserver` and `check` still run them."""

    requires_system_checks: list[str] = []
