"""A briefing as of D depends only on what is dated on or before D (issue 5, item 4)."""

from decimal import Decimal

import pytest

from tests.factories import TODAY, d
from tests.reports.conftest import NOW
from zhaoshang.org.models import Zone
from zhaoshang.projects import services
from zhaoshang.projects.models import FundsArrived, Stage
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.reports.writers import FORMATS

pytestmark = pytest.mark.django_db

AS_OF = "2026-03-31"


def briefing(zone):
    return build_briefing(zones=[zone], as_of=d(AS_OF), today=TODAY, now=NOW)


def markdown_without_closing(document) -> str:
    text = FORMATS["md"].write(document).decode()
    assert document.closing in text
    return text.replace(document.closing, "")


def funds(project, on: str, amount: str):
    return services.record_funds_arrived(
        project=project,
        actor=None,
        on=d(on),
        amount_wan=Decimal(amount),
        source_of_funds=FundsArrived.Source.LOCAL,
        today=TODAY,
    )


def test_what_is_dated_after_the_as_of_date_changes_nothing_but_back_dated_entries_do(zone, build):
    talking = build("TALK", "30000", negotiating="2026-01-05")
    signed = build("SIGN", "20000", signed="2026-02-01")
    waiting = build("WAIT", "8000", signed="2025-06-01")
    building = build("BUILD", "15000", signed="2026-01-10", started="2026-02-10")
    funds(building, "2026-03-01", "500")
    before = briefing(zone)
    stamp = Zone.objects.get(pk=zone.pk).data_changed_at

    # Everything below is dated after 31 March.
    services.record_milestone(
        project=signed, actor=None, stage=Stage.STARTED, on=d("2026-04-10"), today=TODAY
    )
    services.record_milestone(
        project=talking, actor=None, stage=Stage.SUBSTANTIVE, on=d("2026-04-20"), today=TODAY
    )
    services.set_paused(project=talking, actor=None, paused=True, on=d("2026-04-21"), today=TODAY)
    services.record_milestone(
        project=waiting, actor=None, stage=Stage.STARTED, on=d("2026-05-10"), today=TODAY
    )
    funds(building, "2026-05-01", "900")
    build("NEW", "50000", negotiating="2026-04-02", signed="2026-05-05")
    build("NEWLEAD", "50000", lead="2026-04-01")
    build("LATESTART", "12000", started="2026-04-15")  # a data gap, but after the date

    after = briefing(zone)
    assert Zone.objects.get(pk=zone.pk).data_changed_at > stamp
    assert after.blocks == before.blocks
    assert after.title == before.title
    assert markdown_without_closing(after) == markdown_without_closing(before)
    for kind in ("html", "xlsx", "docx"):
        FORMATS[kind].write(after)  # still writes

    # A back-dated entry, typed today but dated on or before 31 March, changes it.
    funds(building, "2026-03-15", "700")
    backdated = briefing(zone)
    assert backdated.blocks != before.blocks
    assert backdated.figures[zone.code]["funds_arrived"].amount_wan == Decimal("1200.00")
    assert "实际到位资金1,200.00万元" in backdated.text()
    assert "实际到位资金500.00万元" in before.text()
