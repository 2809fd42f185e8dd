"""The news reader's pages (/ingest/): paste a text or upload a file; review what was read from it
— the clean text with its findings marked, each candidate beside its sentence and the zone's
projects and investors it may be — and accept a candidate as a new lead or as a milestone of a
project, or reject it; the figures the text reports beside the zone's own.

Views stay thin: the policy decides who reads and decides, the services write."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.forms import add_service_errors
from zhaoshang.core.versions import StaleEdit
from zhaoshang.ingest import selectors, services
from zhaoshang.ingest.forms import IngestForm, LeadForm, MilestoneForm, RejectForm
from zhaoshang.ingest.labels import garble_label, stage_label
from zhaoshang.ingest.models import Candidate, IngestedText
from zhaoshang.org import permissions
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.projects.models import Stage
from zhaoshang.projects.selectors import visible_projects
from zhaoshang.stats.forms import PeriodForm
from zhaoshang.stats.selectors import LABELS

RECENT = 50  # texts listed on the page


def ingest(request):
    zone = zone_or_404(request)
    may_paste = permissions.can_create(request.user, zone)
    form = IngestForm()
    status = 200
    if request.method == "POST":
        if not may_paste:
            raise PermissionDenied(_("您无权在此开发区采集信息。"))
        form = IngestForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                text = services.ingest_text(
                    zone=zone,
                    actor=request.user,
                    original=form.cleaned_data["text"],
                    title=form.cleaned_data["title"],
                    year=form.cleaned_data["year"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("ingest-text", pk=text.pk)
        status = 422
    texts = (
        selectors.visible_texts(request.user, zone)
        .select_related("submitted_by")
        .annotate(
            total=Count("candidates"),
            waiting=Count("candidates", filter=Q(candidates__status=Candidate.Status.OPEN)),
        )[:RECENT]
    )
    return render(
        request,
        "ingest/ingest.html",
        {"form": form, "texts": texts, "may_paste": may_paste},
        status=status,
    )


def _text(request, pk: int) -> IngestedText:
    """A text the user may read; any other is 404, as if it did not exist."""
    zone = zone_or_404(request)
    return get_object_or_404(
        selectors.visible_texts(request.user, zone).select_related("zone", "submitted_by"), pk=pk
    )


def text_review(request, pk: int):
    text = _text(request, pk)
    return render(request, "ingest/text.html", _context(request, text))


def _context(request, text: IngestedText, *, bound=None, stale=None) -> dict:
    """The review page; `bound`: (candidate id, action, form) of a decision refused."""
    today = shanghai_today()
    zone = text.zone
    candidates = list(text.candidates.select_related("project", "decided_by"))
    may_decide = permissions.can_create(request.user, zone)
    reviews = selectors.reviews(request.user, zone, candidates)
    for review in reviews:
        candidate = review.candidate
        review.stage_label = stage_label(candidate.stage)
        if not may_decide or candidate.status != Candidate.Status.OPEN:
            continue
        review.forms = _decision_forms(request, review, zone=zone, today=today)
        if bound and bound[0] == candidate.pk:
            review.forms[bound[1]] = bound[2]
            review.open_form = bound[1]
    default_from, default_as_of = selectors.text_period(text, today=today)
    period = PeriodForm(
        {
            "from": request.GET.get("from") or default_from.isoformat(),
            "as_of": request.GET.get("as_of") or default_as_of.isoformat(),
        },
        today=today,
    )
    period_from, as_of = period.period()
    findings = text.findings or {}
    return {
        "text": text,
        "pieces": selectors.pieces(text, candidates),
        "reviews": reviews,
        "may_decide": may_decide,
        "period_form": period,
        "period_from": period_from,
        "as_of": as_of,
        "default_from": default_from,
        "default_as_of": default_as_of,
        "rows": selectors.reconciliation(
            request.user, text, period_from=period_from, as_of=as_of, today=today
        ),
        "targets": [
            {**target, "label": LABELS.get(target["metric"], target["metric"])}
            for target in findings.get("targets") or []
        ],
        "garbled": [
            {**segment, "label": garble_label(segment["reason"])}
            for segment in findings.get("garbled_segments") or []
        ],
        "dropped": findings.get("dropped_lines") or [],
        "stale": stale,
        "open_count": sum(1 for c in candidates if c.status == Candidate.Status.OPEN),
    }


def _decision_forms(request, review: selectors.Review, *, zone, today: dt.date) -> dict:
    """The forms of an open candidate: as a lead, as a milestone of a project the viewer may
    change, or rejected."""
    candidate = review.candidate
    on = _full_date(candidate.date_text)
    company = candidate.companies[0] if candidate.companies else ""
    known = review.companies[0].record.name if review.companies else company
    forms = {
        "lead": LeadForm(
            initial={
                "version": candidate.version,
                "name": candidate.name,
                "company_name": known,
                "amount_wan": candidate.amount_wan,
                "on": on if on and on <= today else today,
            },
            prefix=f"c{candidate.pk}-lead",
        ),
        "reject": RejectForm(
            initial={"version": candidate.version}, prefix=f"c{candidate.pk}-reject"
        ),
    }
    if review.changeable:
        forms["milestone"] = MilestoneForm(
            initial={
                "version": candidate.version,
                "project": review.changeable[0].pk,
                "stage": candidate.milestone or Stage.SIGNED,
                "on": on,
            },
            projects=visible_projects(request.user, zone).filter(
                pk__in=[p.pk for p in review.changeable]
            ),
            shown=review.changeable,
            prefix=f"c{candidate.pk}-milestone",
        )
    return forms


def _full_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


FORMS = {"lead": LeadForm, "milestone": MilestoneForm, "reject": RejectForm}


@require_POST
def decide(request, pk: int, candidate_pk: int, action: str):
    """Accept a candidate as a new lead or as a milestone, or reject it. A refusal shows the page
    again with the service's message beside the form (422; 409 when the candidate was decided
    or changed after the page was opened)."""
    if action not in FORMS:
        raise Http404
    text = _text(request, pk)
    candidate = get_object_or_404(text.candidates, pk=candidate_pk)
    if not permissions.can_create(request.user, text.zone):
        raise PermissionDenied(_("您无权处理此开发区采集的信息。"))
    prefix = f"c{candidate.pk}-{action}"
    if action == "milestone":
        form = MilestoneForm(
            request.POST, projects=visible_projects(request.user, text.zone), prefix=prefix
        )
    else:
        form = FORMS[action](request.POST, prefix=prefix)
    stale = None
    if form.is_valid():
        data = form.cleaned_data
        common = {
            "candidate": candidate,
            "actor": request.user,
            "expected_version": data["version"],
        }
        try:
            if action == "lead":
                project = services.accept_as_lead(
                    **common,
                    name=data["name"],
                    company_name=data["company_name"],
                    amount_wan=data["amount_wan"],
                    on=data["on"],
                )
                done = _("已作为新线索登记:%(project)s") % {"project": project}
            elif action == "milestone":
                project = services.accept_as_milestone(
                    **common,
                    project=data["project"],
                    stage=Stage(data["stage"]),
                    on=data["on"],
                    agreement_type=data["agreement_type"],
                )
                done = _("已为 %(project)s 登记%(stage)s节点。") % {
                    "project": project,
                    "stage": Stage(data["stage"]).label,
                }
            else:
                services.reject_candidate(**common, reason=data["reason"])
                done = _("已忽略候选项目“%(name)s”。") % {"name": candidate.name}
        except StaleEdit as exc:
            stale = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(reverse("ingest-text", args=[text.pk]) + f"#c{candidate.pk}")
    if stale is not None:
        context = _context(request, text, stale=stale)
        return render(request, "ingest/text.html", context, status=409)
    context = _context(request, text, bound=(candidate.pk, action, form))
    return render(request, "ingest/text.html", context, status=422)
