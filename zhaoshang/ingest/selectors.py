"""Reads of the news reader, scoped to the viewer: the texts they may read, a text's clean text
cut into highlighted pieces, the zone's investors and projects each candidate may be, and the
figures a text reports beside the figures engine's for the same zone and period."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from zhaoshang.companies.models import Company
from zhaoshang.ingest.matching import Match, matching_companies, matching_projects
from zhaoshang.ingest.models import Candidate, IngestedText
from zhaoshang.org import permissions
from zhaoshang.org.models import Zone
from zhaoshang.projects.models import Project
from zhaoshang.projects.selectors import visible_projects
from zhaoshang.stats.selectors import KEYS, LABELS, zone_figures

CANDIDATE, FIGURE, TARGET, GARBLED = "candidate", "figure", "target", "garbled"


def visible_texts(user, zone: Zone) -> QuerySet[IngestedText]:
    return permissions.visible(user, IngestedText.objects.all(), zone)


# --- the clean text, highlighted --------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A stretch of the clean text: plain (kind "") or a finding of one kind."""

    text: str
    kind: str = ""
    ref: str = ""  # the id of what it stands for on the page (c12: candidate 12)
    title: str = ""


def pieces(text: IngestedText, candidates: list[Candidate]) -> list[Piece]:
    """The clean text cut at its findings, for the page to show each as text in its own
    element (never as markup). Where findings overlap, the earlier one is shown."""
    marks = []
    for candidate in candidates:
        marks.append((candidate.start, candidate.end, CANDIDATE, f"c{candidate.pk}", ""))
    findings = text.findings or {}
    for key, figure in (findings.get("reported_figures") or {}).items():
        start, end = figure["span"]
        marks.append((start, end, FIGURE, f"f-{key}", str(LABELS.get(key, key))))
    for index, target in enumerate(findings.get("targets") or []):
        start, end = target["span"]
        label = str(LABELS.get(target["metric"], target["metric"]))
        marks.append((start, end, TARGET, f"t{index}", label))
    for index, segment in enumerate(findings.get("garbled_segments") or []):
        if segment["start"] is not None:
            marks.append((segment["start"], segment["end"], GARBLED, f"g{index}", ""))
    clean = text.clean_text
    found, position = [], 0
    for start, end, kind, ref, title in sorted(marks):
        if start < position or end <= start or end > len(clean):
            continue
        if start > position:
            found.append(Piece(clean[position:start]))
        found.append(Piece(clean[start:end], kind, ref, title))
        position = end
    if position < len(clean):
        found.append(Piece(clean[position:]))
    return found


# --- matches ----------------------------------------------------------------------------------


@dataclass
class Review:
    """A candidate with what it may be in the zone, and the projects the viewer may record a
    milestone on."""

    candidate: Candidate
    projects: list[Match[Project]] = field(default_factory=list)
    companies: list[Match[Company]] = field(default_factory=list)
    changeable: list[Project] = field(default_factory=list)
    # Filled by the review page: the candidate's stage in words, its decision forms, and the
    # form a refused decision left open.
    stage_label: str = ""
    forms: dict = field(default_factory=dict)
    open_form: str = ""


def reviews(user, zone: Zone, candidates: list[Candidate]) -> list[Review]:
    """Each candidate beside the zone's investors and the projects the viewer may see that it
    may be: two queries, whatever the number of candidates."""
    projects = list(visible_projects(user, zone).select_related("zone", "company", "unit"))
    companies = list(Company.objects.filter(zone=zone))
    found = []
    for candidate in candidates:
        project_matches = [
            m
            for m in matching_projects(candidate.name, candidate.companies, projects)
            if m.record.pk != candidate.project_id  # the lead it became is no match of itself
        ]
        found.append(
            Review(
                candidate=candidate,
                projects=project_matches,
                companies=matching_companies(candidate.companies, companies),
                changeable=[
                    m.record
                    for m in project_matches
                    if permissions.can_change(user, m.record) and not m.record.dropped_date
                ],
            )
        )
    return found


# --- reconciliation ---------------------------------------------------------------------------


def text_period(text: IngestedText, *, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period a text reports on: from 1 January of its year to its publication date (the
    year's end for a text of a past year without one), never past today."""
    year = text.year or (text.published.year if text.published else today.year)
    year = min(year, today.year)
    as_of = text.published if text.published and text.published.year == year else None
    as_of = min(as_of or dt.date(year, 12, 31), today)
    return dt.date(year, 1, 1), as_of


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    sentence: str
    reported_count: int | None
    reported_amount: Decimal | None
    count: int
    amount_wan: Decimal
    projects: list[Project]  # those behind the zone's figure that the viewer may see
    hidden: int  # and how many more it counts

    @property
    def count_differs(self) -> bool:
        return self.reported_count is not None and self.reported_count != self.count

    @property
    def amount_differs(self) -> bool:
        return self.reported_amount is not None and self.reported_amount != self.amount_wan


def reconciliation(
    user, text: IngestedText, *, period_from: dt.date, as_of: dt.date, today: dt.date
) -> list[Row]:
    """The figures the text reports beside the zone's own (the figures engine) for the period,
    with the projects behind each of the zone's figures: "the news says 8; the ledger has 7 —
    these are the 7"."""
    reported = (text.findings or {}).get("reported_figures") or {}
    keys = [key for key in KEYS if key in reported]
    if not keys:
        return []
    figures = zone_figures(
        zone=text.zone, as_of=as_of, period_from=period_from, breakdowns=False, today=today
    )
    codes = {code for key in keys for code in figures[key].projects}
    seen = {
        project.code: project
        for project in visible_projects(user, text.zone)
        .filter(code__in=codes)
        .select_related("company")
    }
    rows = []
    for key in keys:
        figure = figures[key]
        shown = [seen[code] for code in figure.projects if code in seen]
        amount = reported[key].get("amount_wan")
        rows.append(
            Row(
                key=key,
                label=str(LABELS[key]),
                sentence=reported[key].get("sentence", ""),
                reported_count=reported[key].get("count"),
                reported_amount=Decimal(amount) if amount is not None else None,
                count=figure.count,
                amount_wan=figure.amount_wan,
                projects=sorted(shown, key=lambda p: (-(p.total_investment_wan or 0), p.code)),
                hidden=figure.count - len(shown),
            )
        )
    return rows
