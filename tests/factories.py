"""Helpers for building test data in code."""

import datetime as dt

from zhaoshang.org.models import Role, User
from zhaoshang.org.services import grant_role

# Tests never depend on the real date: services and selectors get this as "today".
TODAY = dt.date(2026, 5, 31)


def make_user(username: str, zone, role: Role, unit=None) -> User:
    user = User.objects.create_user(username=username, password="pw")
    grant_role(user=user, zone=zone, role=role, unit=unit)
    return user


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
