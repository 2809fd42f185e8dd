"""Which of the zone's investors and projects a candidate from a text may be.

News calls companies by short names (华鲁恒升 for 山东华鲁恒升化工股份有限公司), scraped pages get
characters wrong for others that sound alike (华鲁恒生), and English pages write pinyin (Hualu
Hengsheng). So a name matches when, stripped of its company form (股份有限公司, 集团…) and of
项目, one contains the other; when the two are close (rapidfuzz); or when their pinyin — the
keys of projects/search.py — contains the other's. The reader decides: a match is a suggestion
beside the candidate, never a write.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from zhaoshang.companies.models import Company
from zhaoshang.projects.models import Project
from zhaoshang.projects.search import search_key

Record = TypeVar("Record", Project, Company)

_COMPANY_FORM = re.compile(r"(?:集团)?(?:股份)?(?:有限责任|有限)?公司$|集团$|株式会社$")
_PROJECT_WORD = re.compile(r"项目$")
_NOT_LETTERS = re.compile(r"[^0-9a-z\u3400-\u9fff]")
SHORTEST = 3  # characters of a name that may stand for a longer one (华鲁恒升 has four)
SHORTEST_PINYIN = 8  # letters of pinyin that say something (hualuhengsheng has 14)
SIMILAR = 80  # rapidfuzz ratio from which two names are called alike
MOST = 5  # project matches shown beside a candidate

SAME = "same"
SHORT = "short"
ALIKE = "alike"
PINYIN = "pinyin"
INVESTOR = "investor"
REASONS = {
    SAME: _("名称相同"),
    SHORT: _("简称或全称"),
    ALIKE: _("名称相近"),
    PINYIN: _("拼音相同"),
    INVESTOR: _("投资方相同"),
}
_SCORES = {SAME: 100, SHORT: 90, PINYIN: 85, INVESTOR: 80}


@dataclass(frozen=True)
class Match(Generic[Record]):
    record: Record
    reason: str
    score: float

    @property
    def reason_label(self) -> str:
        return str(REASONS[self.reason])


@lru_cache(maxsize=100_000)
def company_core(name: str) -> str:
    """山东华鲁恒升化工股份有限公司 → 山东华鲁恒升化工."""
    plain = _NOT_LETTERS.sub("", name.casefold())
    return _COMPANY_FORM.sub("", plain) or plain


@lru_cache(maxsize=100_000)
def project_core(name: str) -> str:
    plain = _NOT_LETTERS.sub("", name.casefold())
    return _PROJECT_WORD.sub("", plain) or plain


@lru_cache(maxsize=100_000)
def pinyin_of(text: str) -> str:
    """The pinyin of the Chinese in `text` (search.py's key), or the text itself when it is
    written in Latin letters already (Hualu Hengsheng → hualuhengsheng)."""
    if not text:
        return ""
    if text.isascii():
        return text
    key = search_key(text).split(" ")
    return key[1] if len(key) == 3 else ""


def name_match(found: str, known: str, *, known_pinyin: str | None = None) -> tuple[str, float]:
    """How a name read from a text matches a known one (both as cores): (reason, score), or
    ("", 0)."""
    if not found or not known:
        return "", 0
    if found == known:
        return SAME, 100
    shorter, longer = sorted((found, known), key=len)
    if len(shorter) >= SHORTEST and shorter in longer:
        return SHORT, 90
    similar = fuzz.ratio(found, known)
    if similar >= SIMILAR:
        return ALIKE, similar
    found_pinyin = pinyin_of(found)
    known_pinyin = pinyin_of(known) if known_pinyin is None else known_pinyin
    if len(found_pinyin) >= SHORTEST_PINYIN and found_pinyin in known_pinyin:
        return PINYIN, 85
    if len(known_pinyin) >= SHORTEST_PINYIN and known_pinyin in found_pinyin:
        return PINYIN, 85
    return "", 0


def matching_companies(names: Iterable[str], companies: Iterable[Company]) -> list[Match[Company]]:
    """The zone's investors that the names read from a text may be, best first."""
    found: dict[int, Match[Company]] = {}
    cores = [company_core(name) for name in names]
    for company in companies:
        known = company_core(company.name)
        for core in cores:
            reason, score = name_match(core, known)
            if reason and (company.pk not in found or found[company.pk].score < score):
                found[company.pk] = Match(company, reason, score)
    return sorted(found.values(), key=lambda match: -match.score)


def matching_projects(
    name: str, company_names: Iterable[str], projects: Iterable[Project]
) -> list[Match[Project]]:
    """The zone's projects that a candidate may be: by its name (or short name, or pinyin), or
    by its investor. `projects` come with their company (select_related)."""
    core = project_core(name)
    company_cores = [company_core(n) for n in company_names]
    found: list[Match[Project]] = []
    for project in projects:
        reason, score = name_match(core, project_core(project.name))
        if not reason and project.company is not None:
            known = company_core(project.company.name)
            if any(name_match(c, known)[0] for c in company_cores):
                reason, score = INVESTOR, _SCORES[INVESTOR]
        if reason:
            found.append(Match(project, reason, score))
    found.sort(key=lambda match: (-match.score, match.record.code))
    return found[:MOST]
