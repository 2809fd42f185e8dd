"""Counting rules keep their history: a change applies from a date, figures as of a day use the
rules in force that day, so a briefing as of a past day reads the same after a later change."""

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import TODAY, d
from tests.reports.conftest import NOW
from zhaoshang.core.dates import EARLIEST
from zhaoshang.core.models import ChangeLog
from zhaoshang.core.versions import StaleEdit
from zhaoshang.org.models import Zone
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.reports.writers import FORMATS
from zhaoshang.stats.models import CountingRules
from zhaoshang.stats.selectors import cached_figures, rules_of, zone_figures
from zhaoshang.stats.services import update_counting_rules

pytestmark = pytest.mark.django_db

ALL_TYPES = ["industrial", "services", "culture_tourism", "logistics", "infrastructure", "other"]


def change(zone, *, major, actor=None, **kwargs):
    return update_counting_rules(
        zone=zone,
        actor=actor,
        major_threshold_wan=Decimal(major),
        tier_threshold_wan=Decimal(50000),
        minimum_amount_wan=Decimal(0),
        counted_project_types=ALL_TYPES,
        today=TODAY,
        **kwargs,
    )


def briefing(zone, as_of):
    return build_briefing(zones=[zone], as_of=d(as_of), today=TODAY, now=NOW)


def without_closing(document) -> str:
    """The briefing's text but for its last line (generated at, data last changed)."""
    return document.text().removesuffix(document.closing)


@pytest.fixture
def signed(build):
    build("BIG", "15000", signed="2026-03-01")
    build("MID", "8000", signed="2026-04-01")


def major_signed(zone, as_of: str) -> int:
    return zone_figures(zone=zone, as_of=d(as_of), today=TODAY)["signed_major"].count


def test_a_past_briefing_reads_the_same_after_a_later_change(zone, signed):
    before = briefing(zone, "2026-04-30")
    before_docx = FORMATS["docx"].write(before)
    change(zone, major=5000, effective_from=d("2026-05-01"))
    after = briefing(zone, "2026-04-30")
    assert without_closing(after) == without_closing(before)
    paragraphs = [
        [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
        for content in (before_docx, FORMATS["docx"].write(after))
    ]
    assert paragraphs[0][:-1] == paragraphs[1][:-1]
    assert "新签约亿元以上投资项目1个" in before.text()
    # From the rules' date on, the new threshold counts the 8,000万元 signing too.
    assert major_signed(zone, "2026-04-30") == 1
    assert major_signed(zone, "2026-05-31") == 2
    latest = briefing(zone, "2026-05-31").text()
    assert "新签约亿元以上投资项目2个" in latest
    assert "亿元以上项目指总投资5,000.00万元及以上" in latest
    assert "以上口径自2026年5月1日起执行。" in latest
    assert "以上为默认口径。" in before.text() and "以上为默认口径。" in after.text()


def test_a_change_takes_effect_today_unless_a_date_is_given(zone, signed):
    assert (
        cached_figures(zone=zone, as_of=TODAY, period_from=d("2026-01-01"))["signed_major"].count
        == 1
    )
    stamp = Zone.objects.get(pk=zone.pk).data_changed_at
    rules = change(zone, major=5000)
    assert rules.effective_from == TODAY
    assert Zone.objects.get(pk=zone.pk).data_changed_at != stamp
    # The cache follows the zone's stamp: as of today the new rules count at once.
    assert (
        cached_figures(zone=zone, as_of=TODAY, period_from=d("2026-01-01"))["signed_major"].count
        == 2
    )
    yesterday = TODAY - dt.timedelta(days=1)
    assert major_signed(zone, yesterday.isoformat()) == 1


def test_each_day_uses_the_set_in_force_that_day(zone, signed):
    change(zone, major=12000, effective_from=EARLIEST)
    change(zone, major=5000, effective_from=d("2026-05-01"))
    change(zone, major=16000, effective_from=d("2026-04-15"))  # between the two
    assert [r.effective_from for r in CountingRules.objects.filter(zone=zone)] == [
        d("2026-05-01"),
        d("2026-04-15"),
        EARLIEST,
    ]
    assert major_signed(zone, "2026-04-10") == 1  # 12,000: BIG only
    assert major_signed(zone, "2026-04-20") == 0  # 16,000: neither
    assert major_signed(zone, "2026-05-20") == 2  # 5,000: both
    assert rules_of(zone, d("2026-04-20")).major_threshold_wan == Decimal("16000.00")


def test_a_second_change_the_same_day_corrects_that_days_set(zone, signed):
    first = change(zone, major=5000, effective_from=d("2026-05-01"))
    second = change(zone, major=6000, effective_from=d("2026-05-01"))
    assert second.pk == first.pk and second.version == first.version + 1
    assert CountingRules.objects.filter(zone=zone).count() == 1
    audit = ChangeLog.objects.filter(object_id=first.pk, action="update").order_by("id")
    assert [row.after["major_threshold_wan"] for row in audit] == ["5000.00", "6000.00"]


def test_a_change_to_what_is_in_force_that_day_writes_nothing(zone, signed):
    change(zone, major=5000, effective_from=d("2026-05-01"))
    stamp = Zone.objects.get(pk=zone.pk).data_changed_at
    unchanged = change(zone, major=5000, effective_from=d("2026-05-20"))
    assert unchanged.effective_from == d("2026-05-01")
    assert CountingRules.objects.filter(zone=zone).count() == 1
    assert Zone.objects.get(pk=zone.pk).data_changed_at == stamp


@pytest.mark.parametrize("effective_from", ["1989-12-31", "2099-01-01"])
def test_a_date_out_of_range_is_refused_naming_it(zone, effective_from):
    with pytest.raises(ValidationError) as caught:
        change(zone, major=5000, effective_from=d(effective_from))
    assert "执行日期" in caught.value.message_dict["effective_from"][0]
    assert not CountingRules.objects.filter(zone=zone).exists()


def test_a_form_opened_before_someone_elses_change_is_refused_with_it(zone, people):
    change(zone, major=5000, effective_from=d("2026-03-01"), actor=people["alice"])
    with pytest.raises(StaleEdit) as caught:
        change(zone, major=7000, expected_version=1)
    assert "5000.00" in str(caught.value)
    assert CountingRules.objects.get(zone=zone).major_threshold_wan == Decimal("5000.00")
    # Opened at the current version of the history, the save goes through.
    change(zone, major=7000, expected_version=2, effective_from=d("2026-04-01"))
    assert CountingRules.objects.filter(zone=zone).count() == 2


def test_the_page_changes_the_rules_from_a_date_and_shows_the_history(client, zone, people):
    client.force_login(people["alice"])
    page = client.get("/briefings/rules/").content.decode()
    assert "尚无修改记录" in page and 'type="date"' in page
    posted = {
        "major_threshold_wan": "8000",
        "tier_threshold_wan": "50000",
        "minimum_amount_wan": "0",
        "counted_project_types": ALL_TYPES,
        "effective_from": "2026-02-01",
        "opened_version": 1,
    }
    assert client.post("/briefings/rules/", posted).status_code == 302
    stale = client.post("/briefings/rules/", {**posted, "major_threshold_wan": "9000"})
    assert stale.status_code == 409 and "8000.00" in stale.content.decode()
    history = client.get("/briefings/rules/").content.decode()
    assert "2026-02-01" in history and "口径历史" in history
    assert rules_of(zone, d("2026-01-31")).pk is None  # the defaults before that day
    client.force_login(people["bob"])
    assert client.post("/briefings/rules/", {**posted, "opened_version": 2}).status_code == 403
    assert "2026-02-01" in client.get("/briefings/rules/").content.decode()


def test_the_english_briefing_says_since_when_its_rules_apply(zone, signed):
    change(zone, major=5000, effective_from=d("2026-05-01"))
    with translation.override("en"):
        text = briefing(zone, "2026-05-31").text()
        older = briefing(zone, "2026-04-30").text()
    assert "These rules took effect on 1 May 2026." in text
    assert "These are the default rules." in older
