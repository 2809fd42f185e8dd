"""A briefing as of D depends only on what is dated on or before D (issue 5, item 4)."""

import dataclasses
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from pypdf import PdfReader

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


def content(kind: str, data: bytes) -> list:
    """What a reader of the written file sees: every sheet's cells, every paragraph and table
    cell of the document, every page's text, the page's markup."""
    if kind == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
        return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book]
    if kind == "docx":
        document = docx.Document(io.BytesIO(data))
        cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
        return [p.text for p in document.paragraphs] + cells
    if kind == "pdf":
        return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    return [data.decode()]


def written(document, kind: str, *, closing: str) -> list:
    """The briefing written in `kind`, its closing line (when the data last changed) set aside."""
    return content(kind, FORMATS[kind].write(dataclasses.replace(document, closing=closing)))


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
    for kind in ("html", "xlsx", "docx", "pdf"):
        seen = written(before, kind, closing="…")
        assert seen, kind
        assert written(after, kind, closing="…") == seen, kind
    assert any("实际到位资金500.00万元" in page for page in written(before, "pdf", closing=""))

    # A back-dated entry, typed today but dated on or before 31 March, changes it.
    funds(building, "2026-03-15", "700")
    backdated = briefing(zone)
    assert backdated.blocks != before.blocks
    assert backdated.figures[zone.code]["funds_arrived"].amount_wan == Decimal("1200.00")
    assert "实际到位资金1,200.00万元" in backdated.text()
    assert "实际到位资金500.00万元" in before.text()
    for kind in ("xlsx", "docx", "pdf"):
        assert written(backdated, kind, closing="…") != written(before, kind, closing="…"), kind
