"""The API's tests: the zone, people and projects of the attack suite (tests/security/roles.py),
and tokens for them."""

import pytest

from tests.factories import TODAY
from tests.security.roles import elsewhere, everyone, projects  # noqa: F401
from zhaoshang.api.tokens import create_token


@pytest.fixture(autouse=True)
def api_today(monkeypatch):
    for module in (
        "zhaoshang.projects.services",
        "zhaoshang.projects.filters",
        "zhaoshang.stats.selectors",
        "zhaoshang.stats.api",
        "zhaoshang.targets.api",
        "zhaoshang.reports.api",
        "zhaoshang.fieldwork.services",
        "zhaoshang.followup.api",
    ):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


@pytest.fixture
def bearer():
    """bearer(user, read_only=False) → the headers of a request with a new token of theirs."""

    def make(user, **options):
        _token, secret = create_token(user=user, actor=None, **options)
        return {"Authorization": f"Bearer {secret}"}

    return make
