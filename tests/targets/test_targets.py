"""Annual targets: set by admins and directors (service, /targets/), read by every role in the
zone, progress computed by the figures engine from 1 January to the day."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TODAY, d, make_user
from zhaoshang.core.models import ChangeLog
from zhaoshang.org.models import Role, Unit
from zhaoshang.org.services import create_zone, ensure_reference
from zhaoshang.stats.selectors import zone_figures
from zhaoshang.targets.models import Target
from zhaoshang.targets.selectors import time_percent, year_progress
from zhaoshang.targets.services import TargetValue, set_targets

pytestmark = pytest.mark.django_db

AS_OF = "as_of=2026-05-31"


def wan(text: str) -> Decimal:
    return Decimal(text)


@pytest.fixture
def signings(build):
    """Signed this year: P1 (2亿, 招商一组) in March, P2 (3亿, 招商二组) in May; P3 (5000万) in
    April; P0 (8亿) last December — before the year of the targets."""
    build("P0", "80000", signed="2025-12-20")
    build("P1", "20000", signed="2026-03-01", started="2026-05-10")
    build("P2", "30000", unit="group2", signed="2026-05-20")
    build("P3", "5000", signed="2026-04-02")


def zone_targets(zone, actor=None, **values):
    return set_targets(
        zone=zone,
        actor=actor,
        year=2026,
        values={metric: TargetValue(*value) for metric, value in values.items()},
    )


# --- the service ------------------------------------------------------------------------------


def test_a_director_sets_changes_and_clears_targets_each_audited(zone, people):
    alice = people["alice"]
    zone_targets(zone, alice, signed_major=(10, wan("500000")), started=(8, None))
    signed = Target.objects.get(zone=zone, year=2026, metric="signed_major", unit=None)
    assert (signed.count, signed.amount_wan, signed.version) == (10, wan("500000.00"), 1)

    zone_targets(zone, alice, signed_major=(12, wan("500000")))
    signed.refresh_from_db()
    assert (signed.count, signed.version) == (12, 2)
    assert Target.objects.filter(metric="started").exists()  # not given: kept

    zone_targets(zone, alice, started=(None, None))
    assert not Target.objects.filter(metric="started").exists()
    actions = list(
        ChangeLog.objects.filter(content_type__model="target")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "create", "update", "delete"]


def test_setting_the_same_values_again_writes_nothing(zone, people):
    zone_targets(zone, people["alice"], signed=(20, None))
    before = ChangeLog.objects.count()
    zone_targets(zone, people["alice"], signed=(20, None))
    assert ChangeLog.objects.count() == before
    assert Target.objects.get(metric="signed").version == 1


@pytest.mark.parametrize("who", ["bob", "lee", "cody"])
def test_members_leaders_and_contributors_may_not_set_targets(zone, people, who):
    with pytest.raises(PermissionDenied, match="只有系统管理员和局长"):
        zone_targets(zone, people[who], signed=(5, None))
    assert not Target.objects.exists()


def test_a_director_of_another_zone_may_not_set_this_zones_targets(zone, people):
    other = create_zone(code="other", name="另一开发区")
    with pytest.raises(PermissionDenied):
        zone_targets(other, people["alice"], signed=(5, None))


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"signed": (0, None)}, "count_signed", "新签约项目"),
        ({"signed_major": (-3, None)}, "count_signed_major", "须为正整数"),
        ({"started": (None, wan("0"))}, "amount_started", "须大于零"),
        ({"funds_arrived": (3, wan("1000"))}, "count_funds_arrived", "只设金额目标"),
        ({"visits": (3, None)}, "count_visits", "未知的指标"),
    ],
)
def test_bad_targets_are_refused_naming_the_field_and_nothing_is_saved(
    zone, people, values, field, words
):
    with pytest.raises(ValidationError) as refused:
        zone_targets(zone, people["alice"], signed_over_5yi=(5, None), **values)
    assert field in refused.value.message_dict
    assert words in " ".join(refused.value.message_dict[field])
    assert not Target.objects.exists()  # the good value beside the bad one is not saved either


def test_a_unit_of_another_zone_is_refused(zone, people):
    other = create_zone(code="other", name="另一开发区")
    foreign = ensure_reference(zone=other, model=Unit, name="外区招商组")
    with pytest.raises(ValidationError, match="不属于本开发区"):
        set_targets(
            zone=zone,
            actor=people["alice"],
            year=2026,
            unit=foreign,
            values={"signed": TargetValue(3)},
        )


def test_a_year_out_of_range_is_refused(zone, people):
    with pytest.raises(ValidationError, match="年度 1999 无效"):
        set_targets(zone=zone, actor=people["alice"], year=1999, values={})


# --- progress ---------------------------------------------------------------------------------


def test_progress_counts_from_1_january_to_the_day_by_the_engine(zone, refs, signings):
    zone_targets(zone, signed_major=(4, wan("100000")), signed=(10, None), started=(4, None))
    set_targets(
        zone=zone,
        actor=None,
        year=2026,
        unit=refs["group2"],
        values={"signed_major": TargetValue(2)},
    )
    progress = year_progress(zone=zone, as_of=TODAY, today=TODAY)
    engine = zone_figures(zone=zone, as_of=TODAY, period_from=d("2026-01-01"), today=TODAY)
    rows = {(row.unit, row.metric): row for row in progress.rows}

    signed_major = rows[(None, "signed_major")]
    assert signed_major.actual == engine["signed_major"]
    assert (signed_major.actual.count, signed_major.actual.amount_wan) == (2, wan("50000.00"))
    assert (signed_major.count_percent, signed_major.amount_percent) == (
        Decimal("50.0"),
        Decimal("50.0"),
    )
    assert rows[(None, "signed")].actual.count == 3  # P0 signed last year is not this year's
    assert rows[(refs["group2"], "signed_major")].actual.count == 1
    assert rows[(refs["group2"], "signed_major")].count_percent == Decimal("50.0")
    # 31 May is day 151 of 365: the year's pace.
    assert progress.time_percent == Decimal("41.4")
    assert not signed_major.behind
    started = rows[(None, "started")]
    assert started.count_percent == Decimal("25.0") and started.behind and not started.done


def test_a_period_that_starts_later_does_not_shorten_the_year(zone, signings):
    zone_targets(zone, signed_major=(2, None))
    quarter = zone_figures(zone=zone, as_of=TODAY, period_from=d("2026-04-01"), today=TODAY)
    progress = year_progress(zone=zone, as_of=TODAY, figures=quarter, today=TODAY)
    assert quarter["signed_major"].count == 1
    assert progress.rows[0].actual.count == 2 and progress.rows[0].done


def test_a_level_target_is_the_state_on_the_day(zone, build):
    build("B1", "15000", started="2025-08-01")
    build("B2", "25000", started="2026-02-01", completed="2026-05-01")
    zone_targets(zone, under_construction_major=(4, None))
    row = year_progress(zone=zone, as_of=TODAY, today=TODAY).rows[0]
    assert row.actual.count == 1 and row.count_percent == Decimal("25.0")
    assert row.level and not row.behind  # no pace for a level


def test_figures_of_the_year_are_not_asked_for_twice(zone, signings, django_assert_num_queries):
    zone_targets(zone, signed_major=(4, None))
    year = zone_figures(zone=zone, as_of=TODAY, period_from=d("2026-01-01"), today=TODAY)
    with django_assert_num_queries(1):  # the targets only
        year_progress(zone=zone, as_of=TODAY, figures=year, today=TODAY)


def test_unit_targets_are_not_read_from_rows_that_hold_only_some_figures(zone, refs, signings):
    """The dashboard's figures hold the signings alone in their unit rows: a unit's target of
    another figure is counted by the engine, not read as zero from those rows."""
    set_targets(
        zone=zone, actor=None, year=2026, unit=refs["group1"], values={"started": TargetValue(2)}
    )
    charted = zone_figures(
        zone=zone,
        as_of=TODAY,
        period_from=d("2026-01-01"),
        today=TODAY,
        breakdowns=("unit",),
        row_keys=("signed",),
    )
    assert all(set(row.figures) == {"signed"} for row in charted.by["unit"])
    row = year_progress(zone=zone, as_of=TODAY, figures=charted, today=TODAY).rows[0]
    assert (row.unit, row.metric, row.actual.count) == (refs["group1"], "started", 1)


def test_no_targets_no_progress(zone, signings):
    zone_targets(zone, signed=(5, None))
    assert year_progress(zone=zone, as_of=d("2025-05-31"), today=TODAY) is None


def test_time_percent_of_a_leap_year():
    assert time_percent(dt.date(2028, 12, 31)) == Decimal("100.0")
    assert time_percent(dt.date(2028, 2, 29)) == Decimal("16.4")  # day 60 of 366


# --- the page ---------------------------------------------------------------------------------


def test_the_page_shows_progress_linked_to_the_projects(client, zone, people, signings):
    zone_targets(zone, signed_major=(4, wan("100000")))
    client.force_login(people["lee"])
    page = client.get(f"/targets/?{AS_OF}").content.decode()
    assert 'data-metric="signed_major">2<' in page
    assert "50.0%" in page and "序时进度 41.4%" in page
    assert "/figures/signed_major/?from=2026-01-01&amp;as_of=2026-05-31" in page
    # A leader reads the targets but the form is not theirs.
    assert "只有系统管理员和局长可以设定年度目标" in page
    assert "disabled" in page


def test_a_director_saves_the_zones_targets_from_the_page(client, zone, people):
    client.force_login(people["alice"])
    response = client.post(
        f"/targets/?{AS_OF}",
        {"count_signed_major": "12", "amount_signed_major": "60亿", "amount_funds_arrived": ""},
    )
    assert response.status_code == 302 and response["Location"] == f"/targets/?{AS_OF}"
    target = Target.objects.get(zone=zone, metric="signed_major")
    assert (target.count, target.amount_wan) == (12, wan("600000.00"))
    assert Target.objects.count() == 1


def test_a_directors_unit_targets_go_to_that_unit(client, zone, refs, people):
    client.force_login(people["alice"])
    unit = refs["group1"]
    client.post(f"/targets/?year=2026&unit={unit.pk}", {"count_signed": "3"})
    assert Target.objects.get(metric="signed").unit == unit


def test_bad_input_on_the_page_names_the_field_and_saves_nothing(client, zone, people):
    client.force_login(people["alice"])
    page = client.post(
        f"/targets/?{AS_OF}",
        {"count_signed_major": "12", "count_started": "0", "amount_started": "很多"},
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "“新开工项目”的目标项目数须为正整数" in text
    assert "很多" in text  # the typed value stays for correction
    assert not Target.objects.exists()


@pytest.mark.parametrize("who", ["bob", "lee", "cody"])
def test_only_admins_and_directors_may_post_targets(client, zone, people, who):
    client.force_login(people[who])
    response = client.post(f"/targets/?{AS_OF}", {"count_signed": "3"})
    assert response.status_code == 403
    assert not Target.objects.exists()


def test_a_user_without_a_role_gets_404(client, zone, django_user_model):
    client.force_login(django_user_model.objects.create_user("stranger", password="pw"))
    assert client.get(f"/targets/?{AS_OF}").status_code == 404


@pytest.mark.parametrize("query", ["year=abc", "year=1900", "unit=999999"])
def test_bad_queries_are_404(client, zone, people, query):
    client.force_login(people["alice"])
    assert client.get(f"/targets/?{query}").status_code == 404


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("as_of=2099-01-01", "晚于今天"),
        ("as_of=yesterday", "不是有效日期"),
        ("as_of=1999-12-31", "不在"),
    ],
)
def test_a_bad_as_of_date_shows_the_year_with_the_reason(client, zone, people, query, reason):
    client.force_login(people["alice"])
    response = client.get(f"/targets/?{query}")
    assert response.status_code == 200
    assert reason in response.content.decode()


def test_the_page_reads_in_english(client, zone, people, signings):
    zone_targets(zone, signed_major=(6, None))
    client.force_login(people["lee"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/targets/?{AS_OF}").content.decode()
    assert "Annual targets" in page and "Behind the year's pace" in page
    assert "Newly signed, 100M yuan or more" in page


def test_the_dashboard_shows_each_figures_share_of_its_target(client, zone, people, signings):
    zone_targets(zone, signed_major=(4, None), started=(4, None))
    client.force_login(people["bob"])
    page = client.get("/?from=2026-01-01&as_of=2026-05-31").content.decode()
    assert 'data-target-share="50.0"' in page  # signed_major: 2 of 4
    assert 'zs-behind" data-target-share="25.0"' in page  # started: behind the pace
    assert page.count("data-target-share") == 2
    # A quarter's dashboard still shows the year's progress.
    quarter = client.get("/?from=2026-04-01&as_of=2026-05-31").content.decode()
    assert 'data-target-share="50.0"' in quarter


def test_the_admin_lists_the_zones_targets_to_its_staff_and_changes_nothing(
    client, zone, refs, people
):
    zone_targets(zone, signed=(20, None))
    set_targets(
        zone=zone, actor=None, year=2026, unit=refs["group2"], values={"started": TargetValue(2)}
    )
    bob = people["bob"]
    bob.is_staff = True
    bob.save()
    client.force_login(bob)
    listing = client.get("/admin/targets/target/")
    assert listing.status_code == 200 and "招商二组" in listing.text and "全区" in listing.text
    target = Target.objects.get(metric="signed")
    assert (
        client.post(f"/admin/targets/target/{target.pk}/change/", {"count": 1}).status_code == 403
    )
    target.refresh_from_db()
    assert target.count == 20

    outsider_zone = create_zone(code="far", name="远方开发区")
    olga = make_user("olga", outsider_zone, Role.DIRECTOR)
    olga.is_staff = True
    olga.save()
    client.force_login(olga)
    assert "招商二组" not in client.get("/admin/targets/target/").text


def test_pages_count_the_year_once_through_the_zones_cache(
    zone, refs, signings, django_assert_num_queries
):
    zone_targets(zone, signed_major=(4, None))
    set_targets(
        zone=zone, actor=None, year=2026, unit=refs["group1"], values={"signed": TargetValue(2)}
    )
    first = year_progress(zone=zone, as_of=TODAY, cached=True)
    with django_assert_num_queries(2):  # the targets and the zone's data stamp: no recount
        again = year_progress(zone=zone, as_of=TODAY, cached=True)
    assert [row.actual for row in again.rows] == [row.actual for row in first.rows]
    zone_only = year_progress(zone=zone, as_of=TODAY, units=False, cached=True)
    assert [row.unit for row in zone_only.rows] == [None]


def test_a_refusal_that_names_no_field_is_shown_above_the_form(client, zone, people, monkeypatch):
    """The service may refuse as a whole (no field named): the page says why instead of failing."""

    def refuse(**kwargs):
        raise ValidationError("本年度目标已锁定。")

    monkeypatch.setattr("zhaoshang.targets.views.set_targets", refuse)
    client.force_login(people["alice"])
    page = client.post(f"/targets/?{AS_OF}", {"count_signed_major": "12"})
    assert page.status_code == 200
    assert "本年度目标已锁定。" in page.content.decode()


def test_events_held_is_a_count_target_of_the_zone_only(zone, refs):
    with pytest.raises(ValidationError) as refused:
        set_targets(
            zone=zone,
            actor=None,
            year=2026,
            values={"events_held": TargetValue(count=4, amount_wan=Decimal(100))},
        )
    assert "amount_events_held" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        set_targets(
            zone=zone,
            actor=None,
            year=2026,
            unit=refs["group1"],
            values={"events_held": TargetValue(count=2)},
        )
    assert "全区" in refused.value.message_dict["count_events_held"][0]
    saved = set_targets(
        zone=zone, actor=None, year=2026, values={"events_held": TargetValue(count=4)}
    )
    assert [(t.metric, t.count) for t in saved] == [("events_held", 4)]
