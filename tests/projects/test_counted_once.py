"""Each signing counted once: a later agreement of a signed project changes no figure; a capital
increase (增资扩产) is its own project, linked to the original, counted by its increment."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import TODAY, d
from zhaoshang.org.services import create_zone
from zhaoshang.projects import services
from zhaoshang.projects.models import Project, Stage, StageLog
from zhaoshang.stats.selectors import zone_figures
from zhaoshang.stats.services import update_counting_rules

pytestmark = pytest.mark.django_db

ALL_TYPES = ["industrial", "services", "culture_tourism", "logistics", "infrastructure", "other"]


def figures(zone, start: str, end: str):
    return zone_figures(zone=zone, period_from=d(start), as_of=d(end), today=TODAY)


def resign(project, on: str, agreement_type="contract", reason="签订正式合同"):
    return services.record_resigning(
        project=project,
        actor=None,
        on=d(on),
        agreement_type=agreement_type,
        reason=reason,
        today=TODAY,
    )


def increase(original, build, code: str, amount: str, signed: str) -> Project:
    project = build(code, amount, signed=signed)
    return services.update_project(project=project, actor=None, expands=original, today=TODAY)


def test_a_formal_contract_after_a_framework_agreement_changes_no_figure(zone, build):
    project = build("P1", "15000", signed="2026-03-01")
    services.update_project(project=project, actor=None, agreement_type="framework", today=TODAY)
    before = figures(zone, "2026-01-01", "2026-05-31")
    resign(project, "2026-05-10")
    project.refresh_from_db()
    assert project.signed_date == d("2026-03-01") and project.agreement_type == "contract"
    after = figures(zone, "2026-01-01", "2026-05-31")
    assert after["signed"] == before["signed"] and after["signed"].count == 1
    assert figures(zone, "2026-05-01", "2026-05-31")["signed"].count == 0
    log = {(row.milestone, row.new_date) for row in project.stage_log.all()}
    assert {("signed", d("2026-03-01")), (StageLog.RESIGNED, d("2026-05-10"))} <= log


def test_signing_twice_is_refused_with_the_way_to_record_it(zone, build):
    project = build("P1", "15000", signed="2026-03-01")
    with pytest.raises(ValidationError) as caught:
        services.record_milestone(
            project=project, actor=None, stage=Stage.SIGNED, on=d("2026-05-01"), today=TODAY
        )
    assert "再次签约" in str(caught.value)


@pytest.mark.parametrize(
    ("signed", "on", "reason", "expected"),
    [
        (None, "2026-05-01", "补充协议", "尚未签约"),
        ("2026-03-01", "2026-02-01", "补充协议", "早于首次签约日期 2026-03-01"),
        ("2026-03-01", "2099-01-01", "补充协议", "不能登记未来的日期"),
        ("2026-03-01", "2026-05-01", " ", "请说明再次签约的内容"),
    ],
)
def test_a_resigning_that_cannot_be_is_refused(zone, build, signed, on, reason, expected):
    dates = {"signed": signed} if signed else {"negotiating": "2026-02-01"}
    project = build("P1", "15000", **dates)
    with pytest.raises(ValidationError) as caught:
        resign(project, on, reason=reason)
    assert expected in str(caught.value)
    assert not project.stage_log.filter(milestone=StageLog.RESIGNED).exists()


def test_a_capital_increase_counts_its_increment_against_the_thresholds(zone, build):
    original = build("P1", "30000", signed="2025-06-01")
    small = increase(original, build, "P1-A", "8000", "2026-02-01")
    year = figures(zone, "2026-01-01", "2026-05-31")
    assert year["signed"].projects == ["P1-A"] and year["signed"].amount_wan == Decimal("8000")
    assert year["signed_major"].count == 0  # 8,000万元 of increase: not a 1亿 signing
    large = build("P2-A", "60000", signed="2026-04-01")
    services.update_project(project=large, actor=None, expands=original, today=TODAY)
    year = figures(zone, "2026-01-01", "2026-05-31")
    assert year["signed_major"].projects == ["P2-A"] and year["signed_over_5yi"].projects == [
        "P2-A"
    ]
    # The original was counted once, in its own year, with its own amount.
    last_year = figures(zone, "2025-01-01", "2025-12-31")
    assert last_year["signed"].projects == ["P1"]
    assert last_year["signed"].amount_wan == Decimal("30000")
    assert small.expands == original


def test_a_zone_may_leave_capital_increases_out_from_a_date(zone, build):
    original = build("P1", "30000", signed="2025-06-01")
    increase(original, build, "P1-A", "12000", "2026-02-01")
    update_counting_rules(
        zone=zone,
        actor=None,
        major_threshold_wan=Decimal(10000),
        tier_threshold_wan=Decimal(50000),
        minimum_amount_wan=Decimal(0),
        counted_project_types=ALL_TYPES,
        counts_capital_increases=False,
        effective_from=d("2026-05-01"),
        today=TODAY,
    )
    assert figures(zone, "2026-01-01", "2026-04-30")["signed_major"].projects == ["P1-A"]
    assert figures(zone, "2026-01-01", "2026-05-31")["signed_major"].count == 0
    # The original counts as before whatever the setting.
    assert figures(zone, "2025-01-01", "2025-12-31")["signed_major"].projects == ["P1"]


@pytest.mark.parametrize("case", ["unsigned", "chain", "self", "other_zone"])
def test_a_capital_increase_of_what_cannot_be_increased_is_refused(zone, build, case):
    original = build("P1", "30000", signed="2025-06-01")
    project = build("P1-A", "8000", signed="2026-02-01")
    target = {
        "unsigned": lambda: build("P0", "5000", negotiating="2026-01-05"),
        "chain": lambda: services.update_project(
            project=build("P1-B", "100", signed="2026-01-10"),
            actor=None,
            expands=original,
            today=TODAY,
        ),
        "self": lambda: project,
        "other_zone": lambda: services.create_project(
            zone=create_zone(code="east", name="东城经济开发区"),
            actor=None,
            name="外区项目",
            company_name="外区投资方",
            total_investment_wan=Decimal(100),
            agreement_type="contract",
            milestones={Stage.SIGNED: d("2025-01-01")},
            today=TODAY,
        ),
    }[case]()
    with pytest.raises(ValidationError) as caught:
        services.update_project(project=project, actor=None, expands=target, today=TODAY)
    assert "expands" in caught.value.message_dict
    project.refresh_from_db()
    assert project.expands_id is None


# code, total investment (万元), first signing, later agreements, the code it increases
LEDGER = [
    ("A", "15000", "2025-03-01", ["2025-09-01"], None),
    ("B", "9000", "2025-11-20", ["2026-01-15", "2026-04-02"], None),
    ("C", "60000", "2026-02-10", [], None),
    ("C-1", "12000", "2026-03-05", ["2026-05-20"], "C"),
    ("A-1", "7000", "2026-04-18", [], "A"),
    ("D", "20000", "2026-05-30", [], None),
    ("A-2", "55000", "2025-12-01", [], "A"),
]
PERIODS = [
    ("2025-01-01", "2025-06-30"),
    ("2025-07-01", "2025-12-31"),
    ("2026-01-01", "2026-03-31"),
    ("2026-04-01", "2026-05-31"),
    ("2025-01-01", "2026-05-31"),
]


def independent_count(start: str, end: str, threshold: int) -> tuple[list[str], int]:
    """Signings in the period counted from the table above: once each, at the first signing;
    an increase by its own amount; later agreements never."""
    counted = [
        (code, int(amount))
        for code, amount, first, _later, _of in LEDGER
        if start <= first <= end and int(amount) >= threshold
    ]
    return sorted(code for code, _ in counted), sum(amount for _, amount in counted)


def test_signings_match_an_independent_count_over_several_periods(zone, build):
    made: dict[str, Project] = {}
    for code, amount, first, later, of in LEDGER:
        made[code] = build(code, amount, signed=first)
        if of:
            made[code] = services.update_project(
                project=made[code], actor=None, expands=made[of], today=TODAY
            )
        for on in later:
            made[code] = resign(made[code], on)
    for start, end in PERIODS:
        found = figures(zone, start, end)
        for key, threshold in (("signed", 0), ("signed_major", 10000), ("signed_over_5yi", 50000)):
            codes, amount = independent_count(start, end, threshold)
            assert found[key].projects == codes, (start, end, key)
            assert found[key].amount_wan == Decimal(amount), (start, end, key)


def test_the_project_page_links_an_increase_and_its_original(client, zone, people, build):
    original = build("P1", "30000", signed="2025-06-01")
    client.force_login(people["alice"])
    page = client.post(
        "/projects/new/",
        {
            "name": "二期扩产",
            "company_name": original.company.name,
            "project_type": "industrial",
            "expands": "P1",
            "total_investment_wan": "8000",
            "agreement_type": "contract",
            "first_stage": "signed",
            "first_date": "2026-03-01",
        },
    )
    assert page.status_code == 302, page.content.decode()[:3000]
    increase = Project.objects.get(name="二期扩产")
    assert increase.expands == original
    shown = client.get(f"/projects/{increase.pk}/").content.decode()
    assert "增资扩产·原项目" in shown and "P1 " in shown and "增资额" in shown
    back = client.get(f"/projects/{original.pk}/").content.decode()
    assert "增资扩产项目" in back and increase.code in back
    refused = client.post(
        "/projects/new/",
        {
            "name": "三期",
            "project_type": "industrial",
            "expands": "NO-SUCH",
            "first_stage": "lead",
            "first_date": "2026-03-01",
        },
    )
    assert refused.status_code == 200 and "没有编号为“NO-SUCH”的项目" in refused.content.decode()
    assert not Project.objects.filter(name="三期").exists()


def test_a_resigning_from_the_page_keeps_the_figures(client, zone, people, build):
    project = build("P1", "15000", signed="2026-03-01")
    client.force_login(people["alice"])
    assert "再次签约" in client.get(f"/projects/{project.pk}/").content.decode()
    response = client.post(
        f"/projects/{project.pk}/resign/",
        {"on": "2026-05-10", "agreement_type": "contract", "reason": "补充协议", "version": 1},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.signed_date == d("2026-03-01") and project.version == 2
    assert figures(zone, "2026-05-01", "2026-05-31")["signed"].count == 0
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "补充协议" in page and "2026-05-10" in page
