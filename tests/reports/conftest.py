"""Shared by the briefing's tests (tests.factories.TODAY is 2026-05-31)."""

import datetime as dt

NOW = dt.datetime(2026, 6, 2, 1, 30, tzinfo=dt.UTC)  # the generated-at time tests pass
