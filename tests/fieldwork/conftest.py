"""Field work test data: the conftest's zone and people (alice directs, bob works in 招商一组,
carol in 招商二组, lee leads, cody contributes) and a project of each group."""

import pytest

from tests.factories import TODAY
from zhaoshang.fieldwork import services


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    for module in ("zhaoshang.fieldwork.views", "zhaoshang.fieldwork.services"):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


@pytest.fixture
def ours(build):
    """招商一组's project in negotiation since 1 February."""
    return build("P1", "12000", unit="group1", negotiating="2026-02-01")


@pytest.fixture
def theirs(build):
    """招商二组's project in negotiation."""
    return build("P2", "30000", unit="group2", negotiating="2026-02-01")


@pytest.fixture
def visit(people, ours):
    """bob's visit to his group's project."""

    def make(on="2026-05-20", actor=None, **values):
        return services.record_activity(
            zone=ours.zone,
            actor=actor or people["bob"],
            kind=values.pop("kind", "visit"),
            date=TODAY.fromisoformat(on),
            participants=values.pop("participants", "鲍勃"),
            summary=values.pop("summary", "登门拜访,洽谈用地。"),
            project=values.pop("project", ours),
            today=TODAY,
            **values,
        )

    return make
