"""The follow-up pages (/followup/): the after-care board, a ticket, a project's commitment and
new ticket, the clocks on major leads, the overdue starts, and the zone's settings. Contributors
(全员招商) have none of it; leaders read; members read and change their unit's (org.permissions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhaoshang.core.dates import date_error, parse_date
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.forms import add_service_errors
from zhaoshang.followup import selectors, services
from zhaoshang.followup.forms import (
    CommitmentForm,
    HolidayForm,
    NoticeForm,
    ResponseForm,
    SettingsForm,
    StepForm,
    TicketForm,
    TicketUpdateForm,
)
from zhaoshang.followup.models import Commitment, Holiday, Notice, Ticket
from zhaoshang.org import permissions
from zhaoshang.org.models import Unit, Zone
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.projects.models import Project


def _zone(request) -> Zone:
    zone = zone_or_404(request)
    if not permissions.can_follow_up(request.user, zone):
        raise PermissionDenied(_("全员招商不查看项目跟踪服务。"))
    return zone


def _as_of(request):
    """The as-of date of the query (?as_of=), today by default; a bad one is said and ignored."""
    today = shanghai_today()
    text = request.GET.get("as_of", "").strip()
    if not text:
        return today, None
    try:
        day = parse_date(text)
    except ValidationError as exc:
        return today, " ".join([*exc.messages, _("已按今天显示。")])
    if message := date_error(day, today=today, subject=_("截止日期")):
        return today, message
    return day, None


def _project(request, zone: Zone, pk: int) -> Project:
    return get_object_or_404(permissions.visible(request.user, Project.objects.all(), zone), pk=pk)


def _require_change(request, project: Project) -> None:
    if not permissions.can_change(request.user, project):
        raise PermissionDenied(_("您无权修改“%(object)s”。") % {"object": project})


def board(request):
    zone = _zone(request)
    as_of, as_of_error = _as_of(request)
    department = request.GET.get("department", "").strip()
    status = request.GET.get("status", "").strip()
    if status and status != "overdue" and status not in Ticket.Status.values:
        status = ""
    found = selectors.tickets(zone, request.user, department=department, status=status, as_of=as_of)
    rows = [
        {
            "ticket": ticket,
            "overdue": ticket.opened_on <= as_of
            and ticket.deadline < as_of
            and (ticket.closed_on is None or ticket.closed_on > as_of),
        }
        for ticket in found
    ]
    return render(
        request,
        "followup/board.html",
        {
            "rows": rows,
            "as_of": as_of,
            "as_of_error": as_of_error,
            "department": department,
            "status": status,
            "departments": selectors.departments(zone),
            "statuses": Ticket.Status.choices,
            "records": selectors.department_records(zone, as_of),
            "can_manage": permissions.can_manage(request.user, zone),
        },
    )


def ticket_detail(request, pk: int):
    zone = _zone(request)
    visible = permissions.visible(request.user, Ticket.objects.all(), zone, via="project__")
    ticket = get_object_or_404(visible.select_related("project", "project__unit"), pk=pk)
    can_change = permissions.can_change(request.user, ticket.project)
    if request.method == "POST":
        _require_change(request, ticket.project)
        form = TicketUpdateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_ticket(
                    ticket=ticket,
                    actor=request.user,
                    status=data["status"],
                    closed_on=data["closed_on"],
                    resolution=data["resolution"],
                    notes=data["notes"],
                    deadline=data["deadline"],
                    department=data["department"],
                    version=data["version"],
                    today=shanghai_today(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("事项已保存。"))
                return redirect("followup-ticket", pk=ticket.pk)
    else:
        form = TicketUpdateForm(
            initial={
                "status": ticket.status,
                "department": ticket.department,
                "deadline": ticket.deadline,
                "closed_on": ticket.closed_on or shanghai_today(),
                "notes": ticket.notes,
                "resolution": ticket.resolution,
                "version": ticket.version,
            }
        )
    return render(
        request,
        "followup/ticket.html",
        {"ticket": ticket, "form": form, "can_change": can_change, "today": shanghai_today()},
    )


def ticket_new(request, project_id: int):
    zone = _zone(request)
    project = _project(request, zone, project_id)
    _require_change(request, project)
    today = shanghai_today()
    if request.method == "POST":
        form = TicketForm(request.POST)
        if form.is_valid():
            try:
                ticket = services.open_ticket(
                    project=project, actor=request.user, today=today, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("要素保障事项已登记。"))
                return redirect("followup-ticket", pk=ticket.pk)
    else:
        form = TicketForm(initial={"opened_on": today})
    return render(request, "followup/ticket_new.html", {"project": project, "form": form})


def commitment(request, project_id: int):
    zone = _zone(request)
    project = _project(request, zone, project_id)
    _require_change(request, project)
    found = Commitment.objects.filter(project=project).first()
    if request.method == "POST":
        form = CommitmentForm(request.POST)
        if form.is_valid():
            try:
                services.set_commitment(
                    project=project, actor=request.user, today=shanghai_today(), **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("履约承诺已保存。"))
                return redirect("project-detail", pk=project.pk)
    else:
        initial = {}
        if found:
            initial = {name: getattr(found, name) for name in CommitmentForm.base_fields}
        form = CommitmentForm(initial=initial)
    return render(request, "followup/commitment.html", {"project": project, "form": form})


def step_new(request, project_id: int):
    zone = _zone(request)
    project = _project(request, zone, project_id)
    _require_change(request, project)
    if request.method != "POST":
        return redirect("followup-responses")
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.record_step(
                project=project, actor=request.user, today=shanghai_today(), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{project.code}: {error}")
    else:
        messages.success(request, _("项目 %(code)s 的环节已登记。") % {"code": project.code})
    return redirect(request.POST.get("next") or "followup-responses")


def responses(request):
    zone = _zone(request)
    as_of, as_of_error = _as_of(request)
    overdue_only = request.GET.get("overdue") == "1"
    leads = selectors.lead_clocks(zone, as_of, request.user, overdue_only=overdue_only)
    return render(
        request,
        "followup/responses.html",
        {
            "leads": leads,
            "as_of": as_of,
            "as_of_error": as_of_error,
            "overdue_only": overdue_only,
            "settings": selectors.settings_of(zone),
            "step_form": StepForm(initial={"done_on": shanghai_today()}),
            "can_change_some": permissions.can_change_some(request.user, zone),
        },
    )


def overdue(request):
    zone = _zone(request)
    as_of, as_of_error = _as_of(request)
    units = {unit.pk: unit for unit in Unit.objects.filter(zone=zone)}
    unit_id = request.GET.get("unit", "")
    unit = units.get(int(unit_id)) if unit_id.isdigit() else None
    rows = selectors.overdue_list(zone, as_of, request.user, unit_id=unit.pk if unit else None)
    summary = selectors.overdue_summary(zone, as_of)
    return render(
        request,
        "followup/overdue.html",
        {
            "rows": rows,
            "as_of": as_of,
            "as_of_error": as_of_error,
            "summary": summary,
            "unit": unit,
            "hidden": (summary.by_unit.get(unit.pk, 0) if unit else summary.count) - len(rows),
            "settings": selectors.settings_of(zone),
        },
    )


def settings_page(request):
    zone = zone_or_404(request)
    if not permissions.can_manage(request.user, zone):
        raise PermissionDenied(_("只有系统管理员和局长可以修改跟踪服务设置。"))
    current = selectors.settings_of(zone)
    form = SettingsForm(instance=current)
    holiday_form = HolidayForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "settings":
                form = SettingsForm(request.POST, instance=selectors.settings_of(zone))
                if form.is_valid():
                    values = {name: form.cleaned_data[name] for name in services.SETTING_FIELDS}
                    services.save_settings(zone=zone, actor=request.user, values=values)
                    messages.success(request, _("跟踪服务设置已保存。"))
                    return redirect("followup-settings")
            elif action == "holiday":
                holiday_form = HolidayForm(request.POST)
                if holiday_form.is_valid():
                    services.set_holiday(zone=zone, actor=request.user, **holiday_form.cleaned_data)
                    messages.success(request, _("节假日与调休已保存。"))
                    return redirect("followup-settings")
            elif action == "delete-holiday":
                holiday = get_object_or_404(Holiday, zone=zone, pk=request.POST.get("holiday"))
                services.delete_holiday(holiday=holiday, actor=request.user)
                messages.success(request, _("已删除。"))
                return redirect("followup-settings")
        except ValidationError as exc:
            add_service_errors(form if action == "settings" else holiday_form, exc)
    return render(
        request,
        "followup/settings.html",
        {
            "form": form,
            "holiday_form": holiday_form,
            "holidays": Holiday.objects.filter(zone=zone).order_by("-day"),
        },
    )


def supervision(request):
    """督办: the unanswered notices by unit, and the list (members: their unit's)."""
    zone = _zone(request)
    units = {unit.pk: unit for unit in Unit.objects.filter(zone=zone)}
    unit_id = request.GET.get("unit", "")
    unit = units.get(int(unit_id)) if unit_id.isdigit() else None
    show_all = request.GET.get("all") == "1"
    found = selectors.notices(
        zone, request.user, unit_id=unit.pk if unit else None, open_only=not show_all
    )
    today = shanghai_today()
    late_leads = selectors.lead_clocks(
        zone, today, request.user, overdue_only=True, unit_id=unit.pk if unit else None
    )
    return render(
        request,
        "followup/supervision.html",
        {
            "late_steps": selectors.overdue_steps_by_unit(zone, today),
            "late_leads": late_leads,
            "notices": found,
            "summary": selectors.open_notices_by_unit(zone),
            "kinds": Notice.Kind.choices,
            "unit": unit,
            "show_all": show_all,
            "today": today,
        },
    )


def notice_new(request, project_id: int):
    zone = _zone(request)
    project = _project(request, zone, project_id)
    if not permissions.can_instruct(request.user, zone):
        raise PermissionDenied(_("您无权下发督办或批示。"))
    kinds = Notice.Kind.choices
    if not permissions.can_manage(request.user, zone):  # a leader: instructions only
        kinds = [(Notice.Kind.INSTRUCTION.value, Notice.Kind.INSTRUCTION.label)]
    if request.method == "POST" and request.POST.get("kind") not in dict(kinds):
        raise PermissionDenied(_("您无权下发督办或批示。"))
    tickets = [(None, "—"), *[(t.pk, str(t)) for t in project.tickets.all()]]
    today = shanghai_today()
    form = NoticeForm(request.POST or None, initial={"issued_on": today})
    form.set_choices(kinds=kinds, tickets=tickets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.issue_notice(
                project=project,
                actor=request.user,
                kind=data["kind"],
                content=data["content"],
                issued_on=data["issued_on"],
                deadline=data["deadline"],
                ticket=project.tickets.filter(pk=data["ticket"]).first()
                if data["ticket"]
                else None,
                today=today,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已下发。"))
            return redirect("project-detail", pk=project.pk)
    return render(request, "followup/notice_new.html", {"project": project, "form": form})


def notice_detail(request, pk: int):
    zone = _zone(request)
    notice = get_object_or_404(
        permissions.visible(request.user, Notice.objects.all(), zone).select_related(
            "project", "ticket", "unit", "issued_by", "responded_by"
        ),
        pk=pk,
    )
    can_respond = permissions.can_change(request.user, notice.project)
    form = ResponseForm(request.POST or None, initial={"responded_on": shanghai_today()})
    if request.method == "POST":
        _require_change(request, notice.project)
        if form.is_valid():
            try:
                services.respond_notice(
                    notice=notice, actor=request.user, today=shanghai_today(), **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("落实情况已反馈。"))
                return redirect("followup-notice", pk=notice.pk)
    return render(
        request,
        "followup/notice.html",
        {"notice": notice, "form": form, "can_respond": can_respond},
    )
