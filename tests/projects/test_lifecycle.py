"""The life of a project (docs/lifecycle.md): every rule, and every refusal naming project,
milestone, dates."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TODAY, d
from zhaoshang.core.audit import history_of
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, Project, Stage, StageLog


def new_project(zone, actor=None, **fields):
    fields.setdefault("name", "水溶性复合肥项目")
    return services.create_project(zone=zone, actor=actor, today=TODAY, **fields)


def messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def test_it_assigns_a_code_unique_in_the_zone(zone):
    first = new_project(zone, milestones={Stage.LEAD: d("2026-01-05")})
    second = new_project(zone, name="液压机械项目", milestones={Stage.LEAD: d("2026-02-01")})
    assert first.code == "TESTZONE2026-001"  # the zone's default scheme
    assert second.code == "TESTZONE2026-002"


def test_it_refuses_a_code_already_used(zone):
    new_project(zone, code="YH-1")
    with pytest.raises(ValidationError) as caught:
        new_project(zone, code="YH-1", name="另一个项目")
    assert "YH-1" in messages(caught.value)
    assert Project.objects.count() == 1


def test_it_advances_and_logs_who_recorded_what(zone, company, people):
    project = new_project(zone, actor=people["alice"], milestones={Stage.LEAD: d("2026-01-05")})
    project = services.record_milestone(
        project=project,
        actor=people["alice"],
        stage=Stage.NEGOTIATING,
        on=d("2026-02-01"),
        today=TODAY,
    )
    assert project.stage == Stage.NEGOTIATING
    assert project.version == 2
    log = StageLog.objects.filter(project=project).order_by("id")
    assert [(e.milestone, e.new_date, e.actor) for e in log] == [
        ("lead", d("2026-01-05"), people["alice"]),
        ("negotiating", d("2026-02-01"), people["alice"]),
    ]
    assert history_of(project).filter(action="update").count() == 1


def test_a_later_milestone_may_skip_earlier_ones_which_stay_empty(zone, company):
    project = new_project(zone, company=company, total_investment_wan=Decimal(120000))
    services.record_milestone(
        project=project,
        actor=None,
        stage=Stage.SIGNED,
        on=d("2026-05-18"),
        agreement_type=AgreementType.CONTRACT,
        today=TODAY,
    )
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED
    assert project.lead_date is None and project.negotiating_date is None


def test_it_refuses_dates_out_of_order_naming_project_milestone_and_dates(zone, company):
    project = new_project(
        zone,
        code="YH-7",
        company=company,
        total_investment_wan=Decimal(50000),
        agreement_type=AgreementType.FRAMEWORK,
        milestones={Stage.SIGNED: d("2026-05-18")},
    )
    with pytest.raises(ValidationError) as caught:
        services.record_milestone(
            project=project, actor=None, stage=Stage.STARTED, on=d("2026-03-01"), today=TODAY
        )
    text = messages(caught.value)
    assert "YH-7" in text and "开工" in text and "2026-03-01" in text and "2026-05-18" in text
    project.refresh_from_db()
    assert project.started_date is None
    assert not StageLog.objects.filter(project=project, milestone="started").exists()


def test_it_refuses_a_date_in_the_future(zone):
    project = new_project(zone, code="YH-8")
    with pytest.raises(ValidationError) as caught:
        services.record_milestone(
            project=project, actor=None, stage=Stage.NEGOTIATING, on=d("2026-06-01"), today=TODAY
        )
    assert "2026-06-01" in messages(caught.value) and "YH-8" in messages(caught.value)


def test_signing_needs_company_investment_and_agreement_type(zone):
    project = new_project(zone, code="YH-9")
    with pytest.raises(ValidationError) as caught:
        services.record_milestone(
            project=project, actor=None, stage=Stage.SIGNED, on=d("2026-05-18"), today=TODAY
        )
    assert set(caught.value.message_dict) == {"company", "total_investment_wan", "agreement_type"}
    assert "YH-9" in messages(caught.value) and "2026-05-18" in messages(caught.value)


def test_the_rules_of_a_stage_hold_on_every_edit(zone, company):
    project = new_project(
        zone,
        company=company,
        total_investment_wan=Decimal(80000),
        agreement_type=AgreementType.CONTRACT,
        milestones={Stage.SIGNED: d("2026-04-01"), Stage.STARTED: d("2026-05-01")},
    )
    with pytest.raises(ValidationError) as caught:
        services.update_project(project=project, actor=None, company=None, today=TODAY)
    assert "company" in caught.value.message_dict
    assert "开工" in messages(caught.value)
    project.refresh_from_db()
    assert project.company == company


def test_a_started_project_without_signing_date_still_needs_company_and_amount(zone):
    with pytest.raises(ValidationError) as caught:
        new_project(zone, milestones={Stage.STARTED: d("2025-03-01")})
    assert {"company", "total_investment_wan"} <= set(caught.value.message_dict)
    assert Project.objects.count() == 0


def test_a_milestone_is_recorded_once_then_corrected(zone):
    project = new_project(zone, milestones={Stage.LEAD: d("2026-01-05")})
    with pytest.raises(ValidationError) as caught:
        services.record_milestone(
            project=project, actor=None, stage=Stage.LEAD, on=d("2026-01-09"), today=TODAY
        )
    assert "2026-01-05" in messages(caught.value)
    project = services.correct_milestone(
        project=project,
        actor=None,
        stage=Stage.LEAD,
        on=d("2026-01-09"),
        reason="登记有误",
        today=TODAY,
    )
    assert project.lead_date == d("2026-01-09")
    entry = StageLog.objects.filter(project=project).latest("id")
    assert (entry.old_date, entry.new_date, entry.reason) == (
        d("2026-01-05"),
        d("2026-01-09"),
        "登记有误",
    )


def test_a_correction_needs_a_reason_and_keeps_the_order(zone):
    project = new_project(
        zone, milestones={Stage.LEAD: d("2026-01-05"), Stage.NEGOTIATING: d("2026-02-01")}
    )
    with pytest.raises(ValidationError):
        services.correct_milestone(
            project=project,
            actor=None,
            stage=Stage.LEAD,
            on=d("2026-01-06"),
            reason=" ",
            today=TODAY,
        )
    with pytest.raises(ValidationError) as caught:
        services.correct_milestone(
            project=project,
            actor=None,
            stage=Stage.LEAD,
            on=d("2026-03-01"),
            reason="改",
            today=TODAY,
        )
    assert "2026-03-01" in messages(caught.value) and "2026-02-01" in messages(caught.value)
    project.refresh_from_db()
    assert project.lead_date == d("2026-01-05")


def test_clearing_a_date_is_a_correction(zone):
    project = new_project(
        zone, milestones={Stage.LEAD: d("2026-01-05"), Stage.NEGOTIATING: d("2026-02-01")}
    )
    project = services.correct_milestone(
        project=project, actor=None, stage=Stage.NEGOTIATING, on=None, reason="误录", today=TODAY
    )
    assert project.stage == Stage.LEAD


def test_drop_needs_a_reason_and_a_date_after_the_last_milestone(zone):
    project = new_project(zone, milestones={Stage.NEGOTIATING: d("2026-03-01")})
    with pytest.raises(ValidationError) as caught:
        services.drop_project(
            project=project, actor=None, on=d("2026-04-01"), reason="", today=TODAY
        )
    assert "drop_reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.drop_project(
            project=project, actor=None, on=d("2026-02-01"), reason="投资方战略调整", today=TODAY
        )
    assert "2026-02-01" in messages(caught.value) and "2026-03-01" in messages(caught.value)
    project = services.drop_project(
        project=project,
        actor=None,
        on=d("2026-04-01"),
        reason="投资方战略调整",
        dropped_to="江苏省南通市",
        today=TODAY,
    )
    assert project.stage == Stage.DROPPED and project.dropped_to == "江苏省南通市"


def test_a_dropped_project_takes_no_milestone_until_undropped(zone):
    project = new_project(zone, milestones={Stage.NEGOTIATING: d("2026-03-01")})
    services.drop_project(
        project=project, actor=None, on=d("2026-04-01"), reason="外迁", today=TODAY
    )
    with pytest.raises(ValidationError) as caught:
        services.record_milestone(
            project=project, actor=None, stage=Stage.SUBSTANTIVE, on=d("2026-05-01"), today=TODAY
        )
    assert "2026-04-01" in messages(caught.value)
    with pytest.raises(ValidationError):
        services.undrop_project(project=project, actor=None, reason="", today=TODAY)
    project = services.undrop_project(project=project, actor=None, reason="重新洽谈", today=TODAY)
    assert project.stage == Stage.NEGOTIATING and project.drop_reason == ""
    entry = StageLog.objects.filter(project=project, milestone="dropped").latest("id")
    assert (entry.old_date, entry.new_date, entry.reason) == (d("2026-04-01"), None, "重新洽谈")


def test_undropping_a_live_project_is_refused(zone):
    project = new_project(zone)
    with pytest.raises(ValidationError):
        services.undrop_project(project=project, actor=None, reason="x", today=TODAY)


def test_pause_is_a_flag_with_its_own_history(zone):
    project = new_project(zone, milestones={Stage.NEGOTIATING: d("2026-03-01")})
    project = services.set_paused(
        project=project, actor=None, paused=True, on=d("2026-04-01"), reason="等待环评", today=TODAY
    )
    assert project.is_paused and project.stage == Stage.NEGOTIATING
    with pytest.raises(ValidationError):
        services.set_paused(
            project=project, actor=None, paused=True, on=d("2026-04-02"), today=TODAY
        )
    project = services.set_paused(
        project=project, actor=None, paused=False, on=d("2026-05-01"), today=TODAY
    )
    assert not project.is_paused
    assert list(StageLog.objects.filter(project=project).values_list("milestone", flat=True)) == [
        "negotiating",
        "paused",
        "resumed",
    ]


def test_funds_arrived_must_be_positive_and_not_in_the_future(zone, company):
    project = new_project(zone)
    with pytest.raises(ValidationError):
        services.record_funds_arrived(
            project=project,
            actor=None,
            on=d("2026-06-01"),
            amount_wan=Decimal(100),
            source_of_funds="local",
            today=TODAY,
        )
    with pytest.raises(ValidationError):
        services.record_funds_arrived(
            project=project,
            actor=None,
            on=d("2026-05-01"),
            amount_wan=Decimal(0),
            source_of_funds="local",
            today=TODAY,
        )
    funds = services.record_funds_arrived(
        project=project,
        actor=None,
        on=d("2026-05-01"),
        amount_wan=Decimal("0.01"),
        source_of_funds="foreign",
        today=TODAY,
    )
    funds.refresh_from_db()
    assert funds.amount_wan == Decimal("0.01")


def test_references_must_belong_to_the_same_zone(zone, refs):
    from zhaoshang.org.services import create_zone

    other = create_zone(code="other", name="别的开发区")
    with pytest.raises(ValidationError) as caught:
        new_project(other, industry=refs["chem"])
    assert "industry" in caught.value.message_dict


def test_a_member_changes_only_their_own_units_projects(zone, refs, people):
    mine = new_project(zone, unit=refs["group1"], milestones={Stage.LEAD: d("2026-01-05")})
    theirs = new_project(zone, unit=refs["group2"], milestones={Stage.LEAD: d("2026-01-05")})
    services.record_milestone(
        project=mine, actor=people["bob"], stage=Stage.NEGOTIATING, on=d("2026-02-01"), today=TODAY
    )
    with pytest.raises(PermissionDenied):
        services.record_milestone(
            project=theirs,
            actor=people["bob"],
            stage=Stage.NEGOTIATING,
            on=d("2026-02-01"),
            today=TODAY,
        )
    with pytest.raises(PermissionDenied):
        services.update_project(project=mine, actor=people["bob"], unit=refs["group2"], today=TODAY)
    mine.refresh_from_db()
    assert mine.unit == refs["group1"]


def test_a_members_new_project_lands_in_their_unit(zone, refs, people):
    project = new_project(zone, actor=people["bob"])
    assert project.unit == refs["group1"] and project.submitted_by == people["bob"]
    with pytest.raises(PermissionDenied):
        new_project(zone, actor=people["bob"], unit=refs["group2"])


def test_a_leader_changes_nothing(zone, people):
    project = new_project(zone)
    with pytest.raises(PermissionDenied):
        services.update_project(project=project, actor=people["lee"], name="改名", today=TODAY)
    with pytest.raises(PermissionDenied):
        new_project(zone, actor=people["lee"])
    with pytest.raises(PermissionDenied):
        services.drop_project(
            project=project, actor=people["lee"], on=TODAY, reason="x", today=TODAY
        )


def test_a_contributor_submits_leads_but_changes_nothing(zone, people):
    lead = new_project(zone, actor=people["cody"], milestones={Stage.LEAD: d("2026-05-01")})
    assert lead.submitted_by == people["cody"]
    with pytest.raises(PermissionDenied):
        services.update_project(project=lead, actor=people["cody"], name="改名", today=TODAY)


def test_a_user_of_another_zone_changes_nothing(zone, people):
    from tests.factories import make_user
    from zhaoshang.org.models import Role
    from zhaoshang.org.services import create_zone

    outsider = make_user("olga", create_zone(code="far", name="远方开发区"), Role.DIRECTOR)
    project = new_project(zone)
    with pytest.raises(PermissionDenied):
        services.update_project(project=project, actor=outsider, name="改名", today=TODAY)
    with pytest.raises(PermissionDenied):
        new_project(zone, actor=outsider)
