"""Reading a cleaned text for work: candidate projects, the figures it reports, its targets.

A candidate is a named project (「…水溶性复合肥项目」, or each item of 「异辛烷溶剂油、液压机械…等项目」)
with a stage signal in its sentence. Its stage is the first predicate after it (「…项目正式签约」),
else what describes it (「已签约的…项目」), else the nearest signal before it that no other project
took (「签约了…项目」). Its amount is written just before its name (「投资8亿元的」, 「12亿元」) or
after it as an investment (「…项目，总投资9亿元」); its companies are those named around it; its
event and date are its sentence's, or the previous sentence's when it goes on from it (「会上，」).

Nothing here is stored: findings carry their sentence and their place in the clean and the
original text, for a person to accept or reject.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from zhaoshang.ingest.clean import CleanText, clean
from zhaoshang.ingest.companies import company_names
from zhaoshang.ingest.figures import Figure, figures_in
from zhaoshang.ingest.mentions import MENTION, Mention, inside, mentions_in
from zhaoshang.ingest.money import Amount, amounts_in
from zhaoshang.ingest.sentences import (
    Event,
    Sentence,
    TextDate,
    Word,
    date_in,
    events_in,
    published_date,
    refers_back,
    sentences,
    words,
)
from zhaoshang.ingest.stages import Signal, signals_in

_INVESTMENT_BEFORE = re.compile(
    r"(?:计划总投资|协议投资总额|协议投资额?|投资总额|总投资额?|计划投资|投资额|投资)(?:约|达到?|为|共|超过)?$"
)
_NOT_INVESTMENT = re.compile(
    r"(?:产值|销售收入|营业收入|收入|利税|税收|营收|年产|发电量|贷款|融资)[^，。；]{0,6}$"
)
_PLAN = re.compile(r"预计|计划(?!总?投资)|拟|将于|力争|争取|有望|即将")
_GROUP = re.compile(r"(?:[两三四五六七八九十\d]+|多|几|这些|上述|以上|各)个?项目")
_RESPECTIVELY = re.compile(r"分别(?:为|是)")
_CLAUSE_BREAK = "，；："  # ASCII commas left after cleaning are in numbers (3,500)
_ITEM_BREAK = _CLAUSE_BREAK + "、）)"  # what ends the words of one project before the next


@dataclass(frozen=True)
class Candidate:
    name: str
    companies: list[str]
    amount_wan: Decimal | None
    amount_text: str | None  # as written (2亿美元), for a reader to check
    currency: str | None
    stage: str
    milestone: str | None  # the project milestone it would record (projects.models.Stage)
    event: str | None
    date: str | None  # 2026-05-18, 2026-05 or 2026: as precise as the text is
    sentence: str
    start: int  # the name in the clean text
    end: int
    sentence_start: int
    sentence_end: int
    original_start: int  # the sentence in the original text
    original_end: int

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "companies": self.companies,
            "amount_wan": _money(self.amount_wan),
            "stage": self.stage,
            "event": self.event,
            "date": self.date,
            "sentence": self.sentence,
            "amount_text": self.amount_text,
            "currency": self.currency,
            "milestone": self.milestone,
            "span": [self.start, self.end],
            "sentence_span": [self.sentence_start, self.sentence_end],
            "original_span": [self.original_start, self.original_end],
        }


@dataclass(frozen=True)
class Finding:
    """A reported figure or a target, with the words it was read from."""

    key: str
    count: int | None
    amount_wan: Decimal | None
    year: int | None
    sentence: str
    start: int
    end: int
    original_start: int
    original_end: int

    def as_json(self) -> dict:
        return {
            "count": self.count,
            "amount_wan": _money(self.amount_wan),
            "sentence": self.sentence,
            "span": [self.start, self.end],
            "original_span": [self.original_start, self.original_end],
        }

    def target_json(self) -> dict:
        return {"metric": self.key, "year": self.year, **self.as_json()}


@dataclass(frozen=True)
class Extraction:
    clean: CleanText
    candidates: list[Candidate]
    reported_figures: dict[str, Finding]
    targets: list[Finding]
    year: int | None  # the year dates without one were read in
    published: dt.date | None

    def as_json(self) -> dict:
        return {
            "clean_text": self.clean.text,
            "garbled_segments": [segment.as_json() for segment in self.clean.garbled],
            "candidates": [candidate.as_json() for candidate in self.candidates],
            "reported_figures": {
                key: finding.as_json() for key, finding in self.reported_figures.items()
            },
            "targets": [target.target_json() for target in self.targets],
            "year": self.year,
            "published": self.published.isoformat() if self.published else None,
            "dropped_lines": [
                {
                    "text": line.text,
                    "reason": line.reason,
                    "original_span": [line.original_start, line.original_end],
                }
                for line in self.clean.dropped
            ],
        }


def read_text(original: str, *, year: int | None = None) -> Extraction:
    """Clean the text, then extract from it."""
    return extract(clean(original), year=year)


def extract(text: CleanText, *, year: int | None = None) -> Extraction:
    """year: the year of dates that give none (default: the year the page was published)."""
    published = published_date([text.text, *(line.text for line in text.dropped)])
    base_year = year or (published.year if published else None)
    candidates: list[Candidate] = []
    figures: dict[str, Finding] = {}
    targets: list[Finding] = []
    previous = _Context(None, None)
    for sentence in sentences(text.text):
        found = figures_in(sentence, year=base_year)
        context = _sentence_context(sentence, previous, found, year=base_year)
        for figure in found:
            if figure.key is None:
                continue
            finding = _finding(text, sentence, figure)
            if figure.target:
                targets.append(finding)
            elif context.event is None and figure.key not in figures:
                # 「在…大会上，共签约项目6个」 counts what an event signed, not the period's figure.
                figures[figure.key] = finding
        candidates += _candidates(text, sentence, context, previous)
        previous = context
    return Extraction(
        clean=text,
        candidates=_distinct(candidates),
        reported_figures=figures,
        targets=targets,
        year=base_year,
        published=published,
    )


def _finding(text: CleanText, sentence: Sentence, figure: Figure) -> Finding:
    assert figure.key is not None  # a tier the engine has no key for is passed over
    original = text.original_span(sentence.start, sentence.end)
    return Finding(
        key=figure.key,
        count=figure.count,
        amount_wan=figure.amount_wan,
        year=figure.year,
        sentence=sentence.text,
        start=figure.start,
        end=figure.end,
        original_start=original[0],
        original_end=original[1],
    )


@dataclass(frozen=True)
class _Context:
    event: Event | None
    date: TextDate | None  # the sentence's first date, or the one it goes on from
    leading: TextDate | None = None  # the date of every project in it that has none of its own
    year: int | None = None
    tokens: list[Word] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)  # figures and events
    signals: list[Signal] = field(default_factory=list)


def _sentence_context(
    sentence: Sentence, previous: _Context, figures: list[Figure], *, year: int | None
) -> _Context:
    """The sentence's event and dates: 「5月18日，…大会上，A…、B…」 dates A and B alike; a
    sentence that goes on from the previous one (会上，…) takes its event and date."""
    body = sentence.text
    tokens = words(body)
    events = events_in(body, tokens)
    event = events[0] if events else None
    date = date_in(body, year=year)
    first_mention = MENTION.search(body)
    leading = date_in(body[: first_mention.start()], year=year) if first_mention else None
    if refers_back(body):
        event = event or previous.event
        date = date or previous.date
        leading = leading or previous.date
    if leading is None and year is not None:
        leading = TextDate(year)
    taken = [(f.start - sentence.start, f.end - sentence.start) for f in figures]
    taken += [(e.start, e.end) for e in events]
    signals = signals_in(body, ignored=taken)
    return _Context(event, date, leading, year, tokens, events, taken, signals)


# --- candidates -------------------------------------------------------------------------------


def _candidates(
    text: CleanText, sentence: Sentence, context: _Context, previous: _Context
) -> list[Candidate]:
    body = sentence.text
    if "项目" not in body:
        return []
    amounts = [a for a in amounts_in(body) if not inside(a.start, context.taken)]
    # 「…与4家企业签订投资协议。其中，…项目由…投资」: the projects of a sentence that goes on
    # from the previous one, with no signal of their own, are where that sentence left them.
    inherited = previous.signals[-1] if previous.signals and refers_back(body) else None
    found = []
    for segment_start, segment_end in _segments(body):
        mentions = mentions_in(
            body, segment_start, segment_end, context.tokens, context.taken, amounts
        )
        if not mentions:
            continue
        segment_signals = [s for s in context.signals if segment_start <= s.start < segment_end]
        stages = _stages(body, mentions, segment_signals)
        for index, mention in enumerate(mentions):
            own_signal = stages[index]
            signal = own_signal or inherited
            if signal is None:
                continue
            before, after = _regions(body, mentions, index, segment_start, segment_end)
            coordinated = index > 0 and not any(
                body[p] in _CLAUSE_BREAK for p in range(mentions[index - 1].end, mention.start)
            )
            amount = (
                None
                if mention.listed
                else _amount(body, mention, before, after, amounts, coordinated=coordinated)
            )
            date = (
                _region_date(body, before, after, own_signal, year=context.year)
                or (own_signal and _date_of(body, own_signal, year=context.year))
                or context.leading
            )
            found.append(
                _candidate(
                    text,
                    sentence,
                    context,
                    mention,
                    signal,
                    amount,
                    _companies(body, mentions, index, before, after, context.tokens),
                    date,
                )
            )
    return found


def _region_date(body, start, end, signal, *, year) -> TextDate | None:
    """The first date among the project's own words, passing over plans that are not its
    stage (「…投资，预计明年一季度投产」 dates no signing)."""
    clause_start = start
    for position in range(start, end + 1):
        if position < end and body[position] not in _CLAUSE_BREAK:
            continue
        clause = body[clause_start:position]
        holds_signal = signal is not None and clause_start <= signal.start < position
        if holds_signal or not _PLAN.search(clause):
            found = date_in(clause, year=year)
            if found:
                return found
        clause_start = position + 1
    return None


def _date_of(body: str, signal: Signal, *, year: int | None) -> TextDate | None:
    """A date in the clause of the signal: 「…，计划明年上半年开工」."""
    clause_start = max([0, *(p + 1 for p in range(signal.start) if body[p] in _CLAUSE_BREAK)])
    return date_in(body[clause_start : signal.end], year=year)


def _segments(body: str) -> list[tuple[int, int]]:
    """The parts of a sentence between semicolons: each says its own things."""
    found, start = [], 0
    for match in re.finditer(r"；", body):
        found.append((start, match.start()))
        start = match.end()
    found.append((start, len(body)))
    return found


def _stages(body: str, mentions: list[Mention], signals: list[Signal]) -> list[Signal | None]:
    """Each mention's signal: the first predicate after it (past the projects listed with it,
    「A项目、B项目正式签约」, but not past a comma into the next project's words); else what
    describes it (「已签约的A项目」); else the nearest signal before it that is no other
    mention's predicate (「签订了A项目」)."""
    predicates = [s for s in signals if not s.modifier]
    # 「…A项目…，…B项目…，两个项目均已签约」: a predicate of them all.
    group = _GROUP.search(body, mentions[-1].end)
    shared = group and next((s for s in predicates if s.start >= group.end()), None)
    chosen: list[Signal | None] = []
    claimed = set()
    for index, mention in enumerate(mentions):
        limit = _own_words_end(body, mentions, index)
        after = next((s for s in predicates if mention.end <= s.start < limit), None) or shared
        if after is None:
            previous_end = mentions[index - 1].end if index else 0
            after = next(
                (
                    s
                    for s in reversed(signals)
                    if s.modifier and previous_end <= s.start < mention.start
                ),
                None,
            )
        else:
            claimed.add(after)
        chosen.append(after)
    for index, mention in enumerate(mentions):
        if chosen[index] is None:
            chosen[index] = next(
                (s for s in reversed(signals) if s.end <= mention.start and s not in claimed),
                None,
            )
    return chosen


def _own_words_end(body: str, mentions: list[Mention], index: int) -> int:
    """Where a mention's predicate may lie: up to the next project that a comma sets apart from
    it, else to the end."""
    for following in mentions[index + 1 :]:
        if any(body[p] in _CLAUSE_BREAK for p in range(mentions[index].end, following.start)):
            return following.start
    return len(body)


def _regions(body, mentions, index, segment_start, segment_end) -> tuple[int, int]:
    """Where a mention's own words begin and end: from the previous mention (or the segment's
    start) to the last clause break before the next mention."""
    mention = mentions[index]
    before = mentions[index - 1].end if index else segment_start
    if index + 1 < len(mentions):
        following = mentions[index + 1].start
        breaks = [p for p in range(mention.end, following) if body[p] in _ITEM_BREAK]
        after = breaks[-1] if breaks else mention.end
    else:
        after = segment_end
    if index:
        previous = mentions[index - 1]
        breaks = [p for p in range(previous.end, mention.start) if body[p] in _ITEM_BREAK]
        before = breaks[-1] + 1 if breaks else previous.end
    return before, after


def _amount(body, mention, before, after, amounts, *, coordinated: bool) -> Amount | None:
    """The investment written just before the name, else the first after it. coordinated: the
    mention shares its predicate with the project before it (「A项目、B项目正在洽谈，预计投资总额
    12亿元」), so an amount past that predicate's comma is theirs together."""
    clause_start = max(
        [before, *(p + 1 for p in range(before, mention.start) if body[p] in _CLAUSE_BREAK)]
    )
    ahead = [a for a in amounts if clause_start <= a.start and a.end <= mention.start]
    for amount in reversed(ahead):
        lead = body[clause_start : amount.start]
        if not _NOT_INVESTMENT.search(lead):
            return amount
    for amount in amounts:
        if mention.end <= amount.start < after:
            if _GROUP.search(body, mention.end, amount.start):
                return None  # 「A项目和B项目，两个项目总投资85亿元」: the two together
            if coordinated and any(
                body[p] in _CLAUSE_BREAK for p in range(mention.end, amount.start)
            ):
                return None
            lead = body[max(mention.end, amount.start - 8) : amount.start]
            if _INVESTMENT_BEFORE.search(lead) and "完成投资" not in lead:
                return amount
    return None


def _companies(body, mentions, index, before, after, tokens) -> list[str]:
    """The companies named in the mention's own words; after 「分别为A和B」 following the last
    project, the one in its place."""
    last_end = mentions[-1].end
    if len(mentions) > 1 and _RESPECTIVELY.search(body, last_end):
        named = company_names(body, last_end, len(body), tokens)
        if len(named) == len(mentions):
            return [named[index]]
    mention = mentions[index]
    names = company_names(body, before, mention.start, tokens)
    names += company_names(body, mention.end, after, tokens)
    return list(dict.fromkeys(names))


def _candidate(text, sentence, context, mention, signal, amount, companies, date) -> Candidate:
    original = text.original_span(sentence.start, sentence.end)
    return Candidate(
        name=mention.name,
        companies=companies,
        amount_wan=amount.wan if amount else None,
        amount_text=amount.text if amount else None,
        currency=amount.currency if amount else None,
        stage=signal.stage,
        milestone=signal.milestone,
        event=context.event.name if context.event else None,
        date=date.iso() if date else None,
        sentence=sentence.text,
        start=sentence.start + mention.start,
        end=sentence.start + mention.end,
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        original_start=original[0],
        original_end=original[1],
    )


def _distinct(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per project: a name met again, or inside a longer name of the same stage
    (光伏组件项目 in a headline, 2GW高效光伏组件项目 in the text), is the same project."""
    kept = []
    for index, candidate in enumerate(candidates):
        core = _core(candidate.name)
        if not any(
            (_core(other.name) == core and other_index < index)
            or (
                core != _core(other.name)
                and core in _core(other.name)
                and other.stage == candidate.stage
            )
            for other_index, other in enumerate(candidates)
            if other_index != index
        ):
            kept.append(candidate)
    return kept


def _core(name: str) -> str:
    return re.sub(r"[“”\"]", "", name.removesuffix("项目"))


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"
