"""Writes of the follow-up: each a typed keyword-only function, one transaction, its audit row
inside. Who may: org.permissions (a project's commitments, tickets and steps are changed by those
who may change the project; the zone's settings and holidays by its admins and directors)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core.amounts import amount_error
from zhaoshang.core.audit import record_change, snapshot
from zhaoshang.core.dates import date_error
from zhaoshang.core.versions import check_version
from zhaoshang.followup.models import (
    Commitment,
    FollowupSettings,
    Holiday,
    Notice,
    ResponseStep,
    Ticket,
)
from zhaoshang.followup.selectors import overdue_on, overdue_starts
from zhaoshang.org import permissions
from zhaoshang.org.models import Zone
from zhaoshang.org.services import mark_zone_changed
from zhaoshang.projects.models import Project

CLOSED = {Ticket.Status.RESOLVED, Ticket.Status.UNRESOLVABLE}


def _require_manage(actor, zone: Zone) -> None:
    if actor is not None and not permissions.can_manage(actor, zone):
        raise PermissionDenied(
            _("只有系统管理员和局长可以修改“%(zone)s”的跟踪服务设置。") % {"zone": zone}
        )


def _require_signed(project: Project, field: str) -> None:
    if project.signed_date is None:
        raise ValidationError(
            {field: _("项目 %(code)s 尚未签约，签约后才能登记。") % {"code": project.code}}
        )


def _check_date(errors: dict, field: str, label, day, *, today: dt.date, planned: bool):
    if day is not None and (
        message := date_error(day, today=today, subject=str(label), planned=planned)
    ):
        errors[field] = message


def _check_amount(errors: dict, field: str, amount: Decimal | None) -> None:
    if amount is None:
        return
    if amount < 0:
        errors[field] = _("金额不能为负数（%(value)s）。") % {"value": amount}
    elif message := amount_error(amount):
        errors[field] = message


# --- settings -------------------------------------------------------------------------------------

SETTING_FIELDS = [
    "start_due_days",
    "red_after_days",
    "escalate_after_days",
    "major_lead_wan",
    "answer_workdays",
    "assess_workdays",
    "tell_workdays",
    "report_every_days",
    "rules_from",
    "share_cap_percent",
    "overdue_penalty",
]


def save_settings(*, zone: Zone, actor, values: dict, source: str = "ui") -> FollowupSettings:
    """Set the zone's follow-up settings (those given; the others keep their value)."""
    _require_manage(actor, zone)
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError(_("未知的设置：%(names)s") % {"names": ", ".join(sorted(unknown))})
    with transaction.atomic():
        found = FollowupSettings.objects.select_for_update().filter(zone=zone).first()
        before = snapshot(found) if found else None
        settings = found or FollowupSettings(zone=zone)
        for name, value in values.items():
            setattr(settings, name, value)
        if settings.escalate_after_days < settings.red_after_days:
            raise ValidationError(
                {
                    "escalate_after_days": _(
                        "督办天数（%(escalate)s）不能少于标红天数（%(red)s）。"
                    )
                    % {"escalate": settings.escalate_after_days, "red": settings.red_after_days}
                }
            )
        if settings.share_cap_percent < 100:
            raise ValidationError(
                {
                    "share_cap_percent": _("完成率上限须不低于100%%（%(value)s）。")
                    % {"value": settings.share_cap_percent}
                }
            )
        settings.full_clean(exclude=["zone"])
        if found:
            settings.version += 1
        settings.save()
        record_change(
            actor=actor,
            instance=settings,
            action="update" if found else "create",
            before=before,
            after=snapshot(settings),
            source=source,
        )
        mark_zone_changed(zone.pk)
    return settings


def set_holiday(
    *, zone: Zone, actor, day: dt.date, is_workday: bool, name: str = "", source: str = "ui"
) -> Holiday:
    """Enter a holiday (is_workday False) or a 调休 working day for the zone's calendar."""
    _require_manage(actor, zone)
    with transaction.atomic():
        found = Holiday.objects.select_for_update().filter(zone=zone, day=day).first()
        before = snapshot(found) if found else None
        holiday = found or Holiday(zone=zone, day=day)
        holiday.is_workday, holiday.name = is_workday, name.strip()[:50]
        holiday.save()
        record_change(
            actor=actor,
            instance=holiday,
            action="update" if found else "create",
            before=before,
            after=snapshot(holiday),
            source=source,
        )
        mark_zone_changed(zone.pk)  # a holiday moves the due dates of steps
    return holiday


def delete_holiday(*, holiday: Holiday, actor, source: str = "ui") -> None:
    _require_manage(actor, holiday.zone)
    with transaction.atomic():
        record_change(
            actor=actor,
            instance=holiday,
            action="delete",
            before=snapshot(holiday),
            after=None,
            source=source,
        )
        holiday.delete()
        mark_zone_changed(holiday.zone_id)


# --- commitments --------------------------------------------------------------------------------


def set_commitment(
    *,
    project: Project,
    actor,
    start_date: dt.date | None,
    production_date: dt.date | None,
    investment_wan: Decimal | None,
    annual_output_wan: Decimal | None = None,
    annual_tax_wan: Decimal | None = None,
    note: str = "",
    today: dt.date,
    source: str = "ui",
    expected_version: int | None = None,
) -> Commitment:
    """Record or correct what the investor of a signed project promised. `expected_version`:
    the commitment's version the edit was based on (0: none recorded yet); StaleEdit if it
    moved on."""
    permissions.require_change(actor, project)
    _require_signed(project, "start_date")
    errors: dict[str, str] = {}
    labels = {f.name: f.verbose_name for f in Commitment._meta.fields}
    for name, day in (("start_date", start_date), ("production_date", production_date)):
        _check_date(errors, name, labels[name], day, today=today, planned=True)
    if start_date and production_date and production_date < start_date:
        errors["production_date"] = _(
            "项目 %(code)s：承诺投产日期 %(production)s 早于承诺开工日期 %(start)s。"
        ) % {"code": project.code, "production": production_date, "start": start_date}
    if start_date and project.signed_date and start_date < project.signed_date:
        errors["start_date"] = _(
            "项目 %(code)s：承诺开工日期 %(start)s 早于签约日期 %(signed)s。"
        ) % {"code": project.code, "start": start_date, "signed": project.signed_date}
    amounts = {
        "investment_wan": investment_wan,
        "annual_output_wan": annual_output_wan,
        "annual_tax_wan": annual_tax_wan,
    }
    for name, amount in amounts.items():
        _check_amount(errors, name, amount)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        found = Commitment.objects.select_for_update().filter(project=project).first()
        if expected_version is not None:
            check_version(found or Commitment(project=project, version=0), expected_version)
        before = snapshot(found) if found else None
        commitment = found or Commitment(zone=project.zone, project=project)
        commitment.start_date, commitment.production_date = start_date, production_date
        commitment.investment_wan = investment_wan
        commitment.annual_output_wan, commitment.annual_tax_wan = annual_output_wan, annual_tax_wan
        commitment.note = note.strip()
        if found:
            commitment.version += 1
        commitment.save()
        record_change(
            actor=actor,
            instance=commitment,
            action="update" if found else "create",
            before=before,
            after=snapshot(commitment),
            source=source,
        )
        mark_zone_changed(project.zone_id)
    return commitment


# --- tickets --------------------------------------------------------------------------------------


def open_ticket(
    *,
    project: Project,
    actor,
    category: str,
    title: str,
    department: str,
    opened_on: dt.date,
    deadline: dt.date,
    notes: str = "",
    today: dt.date,
    source: str = "ui",
) -> Ticket:
    """Raise an after-care ticket (要素保障) for a signed project."""
    permissions.require_change(actor, project)
    _require_signed(project, "title")
    errors: dict[str, str] = {}
    if category not in Ticket.Category.values:
        errors["category"] = _("未知的类别：%(value)s") % {"value": category}
    if not title.strip():
        errors["title"] = _("请填写问题。")
    if not department.strip():
        errors["department"] = _("请填写责任部门。")
    _check_date(errors, "opened_on", _("提出日期"), opened_on, today=today, planned=False)
    _check_date(errors, "deadline", _("办结时限"), deadline, today=today, planned=True)
    if "opened_on" not in errors and deadline < opened_on:
        errors["deadline"] = _("办结时限 %(deadline)s 早于提出日期 %(opened)s。") % {
            "deadline": deadline,
            "opened": opened_on,
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ticket = Ticket(
            zone=project.zone,
            project=project,
            category=category,
            title=title.strip()[:200],
            department=department.strip()[:100],
            opened_on=opened_on,
            deadline=deadline,
            notes=notes.strip(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        ticket.save()
        record_change(
            actor=actor,
            instance=ticket,
            action="create",
            before=None,
            after=snapshot(ticket),
            source=source,
        )
        mark_zone_changed(project.zone_id)
    return ticket


def update_ticket(
    *,
    ticket: Ticket,
    actor,
    status: str,
    closed_on: dt.date | None = None,
    resolution: str = "",
    notes: str | None = None,
    deadline: dt.date | None = None,
    department: str | None = None,
    version: int | None = None,
    today: dt.date,
    source: str = "ui",
) -> Ticket:
    """Move a ticket on: in progress, resolved or cannot be resolved (with the date and the
    result), or back open. `version`: as the form showed it; changed since → refused."""
    permissions.require_change(actor, ticket.project)
    errors: dict[str, str] = {}
    if status not in Ticket.Status.values:
        errors["status"] = _("未知的状态：%(value)s") % {"value": status}
    closing = status in CLOSED
    if closing:
        if closed_on is None:
            errors["closed_on"] = _("办结须填写办结日期。")
        else:
            _check_date(errors, "closed_on", _("办结日期"), closed_on, today=today, planned=False)
            if "closed_on" not in errors and closed_on < ticket.opened_on:
                errors["closed_on"] = _("办结日期 %(closed)s 早于提出日期 %(opened)s。") % {
                    "closed": closed_on,
                    "opened": ticket.opened_on,
                }
        if not resolution.strip():
            errors["resolution"] = _("办结须填写办理结果。")
    if deadline is not None:
        _check_date(errors, "deadline", _("办结时限"), deadline, today=today, planned=True)
        if "deadline" not in errors and deadline < ticket.opened_on:
            errors["deadline"] = _("办结时限 %(deadline)s 早于提出日期 %(opened)s。") % {
                "deadline": deadline,
                "opened": ticket.opened_on,
            }
    if department is not None and not department.strip():
        errors["department"] = _("请填写责任部门。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Ticket.objects.select_for_update().get(pk=ticket.pk)
        check_version(current, version)
        before = snapshot(current)
        current.status = status
        current.closed_on = closed_on if closing else None
        current.days_taken = (closed_on - current.opened_on).days if closing and closed_on else None
        current.resolution = resolution.strip() if closing else current.resolution
        if notes is not None:
            current.notes = notes.strip()
        if deadline is not None:
            current.deadline = deadline
        if department is not None:
            current.department = department.strip()[:100]
        current.version += 1
        current.save()
        record_change(
            actor=actor,
            instance=current,
            action="update",
            before=before,
            after=snapshot(current),
            source=source,
        )
        mark_zone_changed(current.zone_id)
    return current


# --- response steps -------------------------------------------------------------------------------


def record_step(
    *,
    project: Project,
    actor,
    step: str,
    done_on: dt.date,
    note: str = "",
    today: dt.date,
    source: str = "ui",
) -> ResponseStep:
    """Record that a step of the response to a lead was done on a day."""
    permissions.require_change(actor, project)
    errors: dict[str, str] = {}
    if step not in ResponseStep.Step.values:
        errors["step"] = _("未知的环节：%(value)s") % {"value": step}
    _check_date(errors, "done_on", _("完成日期"), done_on, today=today, planned=False)
    if "done_on" not in errors and project.lead_date and done_on < project.lead_date:
        errors["done_on"] = _("项目 %(code)s：完成日期 %(done)s 早于登记日期 %(lead)s。") % {
            "code": project.code,
            "done": done_on,
            "lead": project.lead_date,
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        found = ResponseStep.objects.create(
            zone=project.zone,
            project=project,
            step=step,
            done_on=done_on,
            note=note.strip()[:500],
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        record_change(
            actor=actor,
            instance=found,
            action="create",
            before=None,
            after=snapshot(found),
            source=source,
            version=project.version,
        )
        # The late steps counted on the dashboard and the unit pages are cached with the data.
        mark_zone_changed(project.zone_id)
    return found


# --- 督办 ---------------------------------------------------------------------------------------

# 提醒 → 督办单 → 约谈: each step needs the one before it on the same project (or ticket).
ESCALATION = {
    Notice.Kind.ORDER: Notice.Kind.REMINDER,
    Notice.Kind.INTERVIEW: Notice.Kind.ORDER,
}


def issue_notice(
    *,
    project: Project,
    actor,
    kind: str,
    content: str,
    issued_on: dt.date,
    deadline: dt.date | None = None,
    ticket: Ticket | None = None,
    today: dt.date,
    source: str = "ui",
) -> Notice:
    """Issue a 督办 notice on a late project or ticket (admins and directors), or a leader's
    instruction on a project (领导批示: leaders, directors, admins). Escalation keeps its order."""
    instruction = kind == Notice.Kind.INSTRUCTION
    allowed = permissions.can_instruct if instruction else permissions.can_manage
    if actor is not None and not allowed(actor, project.zone):
        raise PermissionDenied(
            _("您无权对“%(project)s”下发%(kind)s。")
            % {"project": project, "kind": Notice.Kind(kind).label}
        )
    if kind not in Notice.Kind.values:
        raise ValidationError({"kind": _("未知的类型：%(value)s") % {"value": kind}})
    errors = _notice_errors(project, content, issued_on, deadline, ticket, today=today)
    if errors:
        raise ValidationError(errors)
    if not instruction:
        _check_escalation(project, Notice.Kind(kind), issued_on, ticket)
    with transaction.atomic():
        notice = Notice.objects.create(
            zone=project.zone,
            project=project,
            ticket=ticket,
            unit_id=project.unit_id,
            kind=kind,
            content=content.strip(),
            issued_on=issued_on,
            deadline=deadline,
            issued_by=actor if getattr(actor, "pk", None) else None,
        )
        record_change(
            actor=actor,
            instance=notice,
            action="create",
            before=None,
            after=snapshot(notice),
            source=source,
        )
    return notice


def _notice_errors(project, content, issued_on, deadline, ticket, *, today) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not content.strip():
        errors["content"] = _("请填写内容。")
    _check_date(errors, "issued_on", _("下发日期"), issued_on, today=today, planned=False)
    if deadline is not None:
        _check_date(errors, "deadline", _("反馈时限"), deadline, today=today, planned=True)
        if "deadline" not in errors and deadline < issued_on:
            errors["deadline"] = _("反馈时限 %(deadline)s 早于下发日期 %(issued)s。") % {
                "deadline": deadline,
                "issued": issued_on,
            }
    if ticket is not None and ticket.project_id != project.pk:
        errors["ticket"] = _("事项“%(ticket)s”不属于项目 %(code)s。") % {
            "ticket": ticket,
            "code": project.code,
        }
    return errors


def _check_escalation(project, kind: Notice.Kind, issued_on, ticket) -> None:
    """Only what is late on the day is 督办'd, and each step after the one before it."""
    if ticket is not None:
        late = Ticket.objects.filter(pk=ticket.pk).filter(overdue_on(issued_on)).exists()
    else:
        late = overdue_starts(Project.objects.filter(pk=project.pk), issued_on).exists()
    if not late:
        raise ValidationError(
            {
                "kind": _("截至%(day)s，%(subject)s未逾期，不能督办。")
                % {"day": issued_on, "subject": ticket or project}
            }
        )
    before = ESCALATION.get(kind)
    if (
        before is not None
        and not Notice.objects.filter(project=project, ticket=ticket, kind=before).exists()
    ):
        raise ValidationError(
            {
                "kind": _("须先下发%(before)s，才能下发%(kind)s。")
                % {"before": before.label, "kind": kind.label}
            }
        )


def respond_notice(
    *,
    notice: Notice,
    actor,
    response: str,
    responded_on: dt.date,
    today: dt.date,
    source="ui",
    expected_version: int | None = None,
) -> Notice:
    """The unit's answer to a notice (落实情况), by whoever may change the project."""
    permissions.require_change(actor, notice.project)
    errors: dict[str, str] = {}
    if not response.strip():
        errors["response"] = _("请填写落实情况。")
    _check_date(errors, "responded_on", _("反馈日期"), responded_on, today=today, planned=False)
    if "responded_on" not in errors and responded_on < notice.issued_on:
        errors["responded_on"] = _("反馈日期 %(day)s 早于下发日期 %(issued)s。") % {
            "day": responded_on,
            "issued": notice.issued_on,
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Notice.objects.select_for_update().get(pk=notice.pk)
        check_version(current, expected_version)
        before = snapshot(current)
        current.response, current.responded_on = response.strip(), responded_on
        current.responded_by = actor if getattr(actor, "pk", None) else None
        current.version += 1
        current.save()
        record_change(
            actor=actor,
            instance=current,
            action="update",
            before=before,
            after=snapshot(current),
            source=source,
        )
    return current
