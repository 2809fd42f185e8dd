"""The project pages: library, project, new project, stage changes, pipeline board.

Views stay thin: the policy decides who sees and changes what, services do every write, and a
refusal (a ValidationError from a service) is shown to the user with nothing saved."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.companies.models import Company
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.forms import add_service_errors
from zhaoshang.core.versions import StaleEdit
from zhaoshang.org import permissions
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.projects import selectors, services
from zhaoshang.projects.filters import ProjectFilterForm
from zhaoshang.projects.forms import (
    CorrectForm,
    DropForm,
    EditProjectForm,
    FundsForm,
    LeadForm,
    MilestoneForm,
    NewProjectForm,
    PauseForm,
    ReasonForm,
    ResignForm,
)
from zhaoshang.projects.models import DATE_FIELD, Project, Stage

PAGE_SIZE = 50


def _project(request, pk: int) -> Project:
    """A project the user may see; any other is 404, as if it did not exist."""
    return get_object_or_404(selectors.visible_projects(request.user, zone_or_404(request)), pk=pk)


def _changeable(request, pk: int) -> Project:
    project = _project(request, pk)
    if not permissions.can_change(request.user, project):
        raise PermissionDenied(_("您无权修改此项目。"))
    return project


def project_list(request):
    zone = zone_or_404(request)
    form = ProjectFilterForm(request.GET, zone=zone)
    projects = form.filter(selectors.visible_projects(request.user, zone)).select_related(
        "company", "unit", "industry", "park"
    )
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "sort": request.GET.get("sort", "code"),
            "today": shanghai_today(),
        },
    )


def project_detail(request, pk: int):
    project = _project(request, pk)
    return render(request, "projects/project_detail.html", _detail_context(request, project))


def _detail_context(request, project: Project, **forms) -> dict:
    today = shanghai_today()
    can_change = permissions.can_change(request.user, project)
    context = {
        "project": project,
        "can_change": can_change,
        "timeline": selectors.timeline(project),
        "stage_log": project.stage_log.select_related("actor").order_by("-created_at", "-id"),
        "funds": project.funds.order_by("arrived_date", "id"),
        "company_projects": selectors.company_projects(request.user, project),
        "capital_increase_links": selectors.capital_increase_links(request.user, project),
        "today": today,
    }
    if can_change:
        initial = {"on": today, "version": project.version}
        context.update(
            {
                "milestone_form": forms.get("milestone")
                or MilestoneForm(initial={**initial, "stage": _next_stage(project)}),
                "correct_form": forms.get("correct") or CorrectForm(initial=initial),
                "drop_form": forms.get("drop") or DropForm(initial=initial),
                "undrop_form": forms.get("undrop") or ReasonForm(initial=initial),
                "pause_form": forms.get("pause") or PauseForm(initial=initial),
                "funds_form": forms.get("funds") or FundsForm(initial=initial),
                "resign_form": forms.get("resign") or ResignForm(initial=initial),
                "open_dialog": next(iter(forms), None),
            }
        )
    return context


def _next_stage(project: Project) -> str:
    current = project.stage
    milestones = [s for s in Stage if s != Stage.DROPPED]
    if current is None:
        return Stage.LEAD.value
    if current in milestones and current != milestones[-1]:
        return milestones[milestones.index(current) + 1].value
    return current.value


@require_POST
def project_action(request, pk: int, action: str):
    """One stage change: record a milestone, correct a date, drop, undrop, pause or resume, or
    record funds arrived. A refusal re-opens the dialog with the service's message, or — for the
    board's drag and drop — answers 422 with it as JSON (409 when the project changed after the
    page was opened: the card snaps back with what changed)."""
    project = _changeable(request, pk)
    forms_by_action = {
        "milestone": MilestoneForm,
        "correct": CorrectForm,
        "drop": DropForm,
        "undrop": ReasonForm,
        "pause": PauseForm,
        "funds": FundsForm,
        "resign": ResignForm,
    }
    if action not in forms_by_action:
        raise Http404
    form = forms_by_action[action](request.POST)
    wants_json = request.headers.get("Accept") == "application/json"
    stale = False
    if form.is_valid():
        try:
            _apply(action, project, request.user, form.cleaned_data)
        except StaleEdit as exc:
            stale = True
            project.refresh_from_db()
            # The dialog comes back with what the user typed, now at the current version: they
            # read what changed and confirm again (or not).
            form = forms_by_action[action]({**request.POST.dict(), "version": project.version})
            form.is_valid()
            add_service_errors(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        if wants_json:
            return JsonResponse(
                {"ok": False, "message": " ".join(_messages(form)), "version": project.version},
                status=409 if stale else 422,
            )
        context = _detail_context(request, project, **{action: form})
        return render(
            request, "projects/project_detail.html", context, status=409 if stale else 422
        )
    if wants_json:
        project.refresh_from_db()
        return JsonResponse(
            {
                "ok": True,
                "stage": project.stage.value if project.stage else "",
                "version": project.version,
            }
        )
    return redirect("project-detail", pk=project.pk)


def _apply(action: str, project: Project, actor, data: dict) -> None:
    common = {"project": project, "actor": actor, "expected_version": data["version"]}
    if action == "milestone":
        services.record_milestone(
            **common,
            stage=Stage(data["stage"]),
            on=data["on"],
            agreement_type=data["agreement_type"],
            reason=data["reason"],
        )
    elif action == "correct":
        services.correct_milestone(
            **common, stage=Stage(data["stage"]), on=data["on"], reason=data["reason"]
        )
    elif action == "drop":
        services.drop_project(
            **common, on=data["on"], reason=data["reason"], dropped_to=data["dropped_to"]
        )
    elif action == "undrop":
        services.undrop_project(**common, reason=data["reason"])
    elif action == "pause":
        services.set_paused(
            **common, paused=not project.is_paused, on=data["on"], reason=data["reason"]
        )
    elif action == "resign":
        services.record_resigning(
            **common, on=data["on"], agreement_type=data["agreement_type"], reason=data["reason"]
        )
    elif action == "funds":
        services.record_funds_arrived(
            **common,
            on=data["on"],
            amount_wan=data["amount_wan"],
            source_of_funds=data["source"],
            note=data["note"],
        )


def _messages(form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


def project_edit(request, pk: int):
    project = _changeable(request, pk)
    originals = selectors.visible_projects(request.user, project.zone).exclude(pk=project.pk)
    form = EditProjectForm(
        request.POST or None,
        zone=project.zone,
        projects=originals,
        initial=EditProjectForm.initial_from(project),
    )
    form.fields["code"].disabled = True  # the code is the project's identity in every ledger
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(
                project=project,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **_project_fields(form.cleaned_data),
            )
        except StaleEdit as exc:
            # Shown on the project as it is now, so the user re-applies their edit to it.
            project.refresh_from_db()
            form = EditProjectForm(
                zone=project.zone, projects=originals, initial=EditProjectForm.initial_from(project)
            )
            form.fields["code"].disabled = True
            context = {"form": form, "project": project, "stale": exc}
            return render(request, "projects/project_form.html", context, status=409)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("project-detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


def project_new(request):
    zone = zone_or_404(request)
    if not permissions.can_create(request.user, zone):
        raise PermissionDenied(_("您无权新建项目。"))
    # 全员招商: a contributor reports a lead on a short form; the bureau fills in the rest (the
    # service refuses anything more, whatever is posted: the form only keeps it short).
    lead_only = permissions.submits_only(request.user, zone)
    initial = {"first_date": shanghai_today()}
    if lead_only:
        form = LeadForm(request.POST or None, zone=zone, initial=initial)
    else:
        form = NewProjectForm(
            request.POST or None,
            zone=zone,
            projects=selectors.visible_projects(request.user, zone),
            initial=initial,
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.create_project(
                zone=zone,
                actor=request.user,
                milestones={Stage(data["first_stage"]): data["first_date"]},
                **_project_fields(data),
            )
        except ValidationError as exc:
            add_service_errors(form, _at_form_fields(exc))
        else:
            return redirect("project-detail", pk=project.pk)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "project": None, "lead_only": lead_only},
    )


def _at_form_fields(error: ValidationError) -> ValidationError:
    """A service's refusal named by the model's fields, renamed to the form's: a milestone's date
    (signed_date…) is the form's 节点日期, the company its 投资方; so each message shows at the
    field it is about, not in a banner."""
    if not hasattr(error, "error_dict"):
        return error
    renamed = {**{field: "first_date" for field in DATE_FIELD.values()}, "company": "company_name"}
    messages: dict[str, list] = {}
    for field, errors in error.message_dict.items():
        messages.setdefault(renamed.get(field, field), []).extend(errors)
    return ValidationError(messages)


def _project_fields(data: dict) -> dict:
    """The form's values as service arguments: the investor by the name typed (the service finds
    or creates it in its transaction), the rest as chosen; what the form lacks is left out."""
    keys = [
        "code",
        "name",
        "industry",
        "park",
        "unit",
        "channel",
        "introduced_by",
        "referred_by",
        "referrer_org",
        "expands",
        "origin_region",
        "project_type",
        "total_investment_wan",
        "foreign_capital_usd_wan",
        "agreement_type",
        "note",
    ]
    fields = {key: data[key] for key in keys if key in data}
    if "version" in data:  # an edit: the code is the project's and stays
        fields.pop("code", None)
    investor = {"company_name": data["company_name"]}
    if data.get("company_uscc"):
        investor["company_uscc"] = data["company_uscc"]
    if fields.get("origin_region"):
        # A new investor's home is where the project says its investment comes from.
        investor["company_region"] = fields["origin_region"]
    return {**fields, **investor}


def company_lookup(request):
    """Investor names for the project form's type-ahead (htmx), from the zone's companies."""
    zone = zone_or_404(request)
    query = request.GET.get("company_name", "").strip()
    companies = (
        Company.objects.filter(zone=zone, name__icontains=query).order_by("name")[:15]
        if query
        else []
    )
    return render(request, "projects/company_options.html", {"companies": companies})


def pipeline(request):
    zone = zone_or_404(request)
    today = shanghai_today()
    form = ProjectFilterForm(request.GET, zone=zone)
    projects = form.filter(selectors.visible_projects(request.user, zone))
    columns = selectors.board_columns(projects, today=today)
    return render(
        request,
        "projects/pipeline.html",
        {
            "form": form,
            "columns": columns,
            "today": today,
            "can_drag": permissions.can_change_some(request.user, zone),
            "cards_per_column": selectors.BOARD_CARDS_PER_COLUMN,
        },
    )


def my_leads(request):
    """我的线索和引荐: what became of the leads the viewer submitted or referred — their stage,
    signed or not — for everyone, and a contributor's own page (全员招商)."""
    zone = zone_or_404(request)
    projects, hidden = selectors.my_leads(request.user, zone)
    signed = [p for p in projects if p.signed_date]
    return render(
        request,
        "projects/my_leads.html",
        {
            "projects": projects,
            "hidden": hidden,
            "signed_count": len(signed),
            "signed_amount": sum((p.total_investment_wan or 0 for p in signed), Decimal(0)),
        },
    )
