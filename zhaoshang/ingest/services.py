"""Writes of the news reader. Reading a text stores it and its candidates and writes no project;
a candidate becomes a lead (projects.services.create_project) or a milestone
(projects.services.record_milestone) only when a person accepts it, or is set aside when they
reject it. Each decision is one transaction with its audit row, refused when the candidate
changed after the page was opened (its version) or was decided already."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import record_change, snapshot
from zhaoshang.core.text import text_error
from zhaoshang.core.versions import check_version
from zhaoshang.ingest.extract import read_text
from zhaoshang.ingest.models import MAX_TEXT_CHARS, Candidate, IngestedText
from zhaoshang.org import permissions
from zhaoshang.org.models import Zone
from zhaoshang.projects import services as project_services
from zhaoshang.projects.models import Project, Stage

NOTE_QUOTE = 300  # characters of the source sentence written into a new lead's note


def ingest_text(
    *,
    zone: Zone,
    actor,
    original: str,
    title: str = "",
    year: int | None = None,
    source: str = "ui",
) -> IngestedText:
    """Clean the text, read it, and keep it with its candidates for people to decide on."""
    if actor is not None and not permissions.can_create(actor, zone):
        raise PermissionDenied(_("您无权在“%(zone)s”采集信息。") % {"zone": zone})
    if message := text_error(original, limit=MAX_TEXT_CHARS, subject=_("原文")):
        raise ValidationError({"text": message})
    if not original.strip():
        raise ValidationError({"text": _("没有可读取的文字。")})
    extraction = read_text(original, year=year)
    findings = extraction.as_json()
    for key in ("clean_text", "candidates", "year", "published"):
        findings.pop(key)
    title = (title.strip() or _first_line(extraction.clean.text))[:200]
    with transaction.atomic():
        text = IngestedText.objects.create(
            zone=zone,
            title=title,
            original=original,
            clean_text=extraction.clean.text,
            year=extraction.year,
            published=extraction.published,
            findings=findings,
            submitted_by=actor if getattr(actor, "pk", None) else None,
        )
        Candidate.objects.bulk_create(
            Candidate(
                text=text,
                position=position,
                name=found.name[:200],
                companies=found.companies,
                amount_wan=found.amount_wan,
                amount_text=(found.amount_text or "")[:40],
                stage=found.stage,
                milestone=found.milestone or "",
                event=(found.event or "")[:200],
                date_text=found.date or "",
                sentence=found.sentence,
                start=found.start,
                end=found.end,
                sentence_start=found.sentence_start,
                sentence_end=found.sentence_end,
                original_start=found.original_start,
                original_end=found.original_end,
            )
            for position, found in enumerate(extraction.candidates, 1)
        )
        after = {
            "title": text.title,
            "characters": len(original),
            "candidates": len(extraction.candidates),
        }
        record_change(
            actor=actor, instance=text, action="create", before=None, after=after, source=source
        )
    return text


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), _("(无标题)"))


def accept_as_lead(
    *,
    candidate: Candidate,
    actor,
    name: str,
    on: dt.date,
    company_name: str = "",
    amount_wan: Decimal | None = None,
    expected_version: int | None = None,
    source: str = "ui",
    today: dt.date | None = None,
) -> Project:
    """A new lead (线索) dated `on`, registered through the projects' service with the sentence it
    came from in its note: a member's in their unit, a contributor's with no unit (the bureau
    assigns it), as any lead they register."""
    with transaction.atomic():
        candidate = _open(candidate, actor, expected_version)
        text = candidate.text
        note = _("据“%(title)s”:%(sentence)s") % {
            "title": text.title,
            "sentence": _quoted(candidate.sentence),
        }
        project = project_services.create_project(
            zone=text.zone,
            actor=actor,
            name=name,
            company_name=company_name,
            total_investment_wan=amount_wan,
            milestones={Stage.LEAD: on},
            note=note,
            source=source,
            today=today,
        )
        _decide(candidate, actor, Candidate.Status.LEAD, project=project, source=source)
    return project


def accept_as_milestone(
    *,
    candidate: Candidate,
    actor,
    project: Project,
    stage: Stage,
    on: dt.date,
    agreement_type: str = "",
    expected_version: int | None = None,
    source: str = "ui",
    today: dt.date | None = None,
) -> Project:
    """A milestone of an existing project of the text's zone, through the lifecycle service (which
    asks the policy: only someone who may change the project records it)."""
    with transaction.atomic():
        candidate = _open(candidate, actor, expected_version)
        if project.zone_id != candidate.text.zone_id:
            raise PermissionDenied(_("该项目不属于此开发区。"))
        reason = _("据“%(title)s”:%(sentence)s") % {
            "title": candidate.text.title,
            "sentence": _quoted(candidate.sentence),
        }
        project = project_services.record_milestone(
            project=project,
            actor=actor,
            stage=stage,
            on=on,
            agreement_type=agreement_type,
            reason=reason[:500],
            source=source,
            today=today,
        )
        _decide(candidate, actor, Candidate.Status.MILESTONE, project=project, source=source)
    return project


def reject_candidate(
    *,
    candidate: Candidate,
    actor,
    reason: str = "",
    expected_version: int | None = None,
    source: str = "ui",
) -> Candidate:
    """Set a candidate aside (not a project, or one already known): on record, nothing else."""
    if message := text_error(reason, limit=500, subject=_("说明")):
        raise ValidationError({"reason": message})
    with transaction.atomic():
        candidate = _open(candidate, actor, expected_version)
        return _decide(
            candidate, actor, Candidate.Status.REJECTED, note=reason.strip(), source=source
        )


def _open(candidate: Candidate, actor, expected_version: int | None) -> Candidate:
    """The candidate, locked, at the version the page showed and still undecided; the actor must
    be someone who registers projects in the zone (not a leader)."""
    candidate = (
        Candidate.objects.select_for_update().select_related("text__zone").get(pk=candidate.pk)
    )
    zone = candidate.text.zone
    if actor is not None and not permissions.can_create(actor, zone):
        raise PermissionDenied(_("您无权处理“%(zone)s”采集的信息。") % {"zone": zone})
    if (
        actor is not None
        and not permissions.visible(
            actor, IngestedText.objects.filter(pk=candidate.text_id), zone
        ).exists()
    ):
        raise PermissionDenied(_("您无权处理这篇文字的候选项目。"))
    check_version(candidate, expected_version)
    if candidate.status != Candidate.Status.OPEN:
        raise ValidationError(
            _("候选项目“%(name)s”已处理(%(status)s),不能再次处理。")
            % {"name": candidate.name, "status": candidate.get_status_display()}
        )
    return candidate


def _decide(
    candidate: Candidate,
    actor,
    status: str,
    *,
    project: Project | None = None,
    note: str = "",
    source: str,
) -> Candidate:
    before = snapshot(candidate)
    candidate.status = status
    candidate.project = project
    candidate.note = note
    candidate.decided_by = actor if getattr(actor, "pk", None) else None
    candidate.decided_at = timezone.now()
    candidate.version += 1
    candidate.save()
    record_change(
        actor=actor,
        instance=candidate,
        action="update",
        before=before,
        after=snapshot(candidate),
        source=source,
    )
    return candidate


def _quoted(sentence: str) -> str:
    return sentence if len(sentence) <= NOTE_QUOTE else sentence[:NOTE_QUOTE] + "…"
