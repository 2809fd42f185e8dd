"""The figures a text reports and the targets it sets, under the keys of `zhaoshang stats --json`.

「新签约亿元以上投资项目8个」 is signed_major 8; 「在建、续建亿元以上项目20个」 under_construction_major
20; 「实际到位资金42.6亿元」 funds_arrived; an amount that follows a count (「…项目23个，总投资86.5亿元」)
goes with it. 「其中亿元以上项目11个」 and 「、过5亿元项目8个」 take the figure named before them.
A figure in a sentence that plans (力争、确保、目标…) is a target: 「力争今年引进5个过5亿元项目」 is a
target of 5 for signed_over_5yi. Tiers the engine has no key for (10亿元以上, 新开工亿元以上) are
passed over rather than counted under a wrong key.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from zhaoshang.ingest.money import NUMBER, amounts_in, count_value
from zhaoshang.ingest.sentences import Sentence
from zhaoshang.stats.selectors import KEYS

_HEADS = [
    (r"在建[、和及与]?续建", "under_construction"),
    (r"新?竣工投产", "completed"),
    (r"新签约|新签订|新引进|新签|签约|签订|引进", "signed"),
    (r"正在洽谈|正在商谈|正在谈判|在洽谈|洽谈中|在谈|洽谈", "negotiating"),
    (r"在建", "under_construction"),
    (r"续建", "continued_construction"),
    (r"新开工|开工", "started"),
    (r"新竣工|竣工", "completed"),
    (r"新投产|投产", "operating"),
]
_HEAD = "|".join(f"(?P<h{index}>{pattern})" for index, (pattern, _key) in enumerate(_HEADS))
_COUNT = r"\d+|[一二两三四五六七八九十百]+"
_SIZE = (
    rf"(?:过|超过|超)(?P<t1>{_COUNT})?亿元?(?:以上|及以上)?"
    rf"|(?P<t2>{_COUNT})?亿元?(?:及以上|以上)"
)
_AT_LEAST = r"(?:不少于|不低于|超过|达到|达)"
_FORMS = [
    # 新签约亿元以上投资项目8个 · 正在洽谈的项目有32个 · 新开工项目不少于25个
    re.compile(
        rf"(?:{_HEAD})(?:的)?(?P<size>{_SIZE})?(?:的)?(?:投资|重点|产业|工业|招商)?项目"
        rf"(?:共|有|合计|总数)?{_AT_LEAST}?(?P<count>{_COUNT})(?:个|项)"
    ),
    # 力争今年引进5个过5亿元项目
    re.compile(
        rf"(?:{_HEAD})(?:了)?(?:今年|全年|年内|本年)?{_AT_LEAST}?(?P<count>{_COUNT})(?:个|项)"
        rf"(?P<size>{_SIZE})?(?:的)?(?:投资|重点)?项目"
    ),
    # 其中亿元以上项目11个 · 、过5亿元项目8个 (the figure named before)
    re.compile(
        rf"(?P<size>{_SIZE})(?:的)?(?:投资)?项目(?:共|有)?{_AT_LEAST}?(?P<count>{_COUNT})(?:个|项)"
    ),
]
_FUNDS = re.compile(r"(?:实际|实现|完成)?到位(?:市外|省外|县外|区外|境外|内资|外资)?资金(?:累计)?")
_INVESTMENT = re.compile(
    rf"^(?:计划总投资|协议总投资|协议投资总额|协议投资额?|投资总额|总投资额?|合计投资|计划投资)"
    rf"(?:约|达到?|为|共|合计|超过)?(?={NUMBER})"
)
_BESIDE = re.compile(r"^(?:同比|比上年|较上年|较去年|比去年|增长|下降|占)")
_TARGET = re.compile(r"力争|争取|确保|目标|任务|计划(?!总?投资)|预计|要实现|要完成|全年要|年内要")
_YEAR = re.compile(r"(\d{4})年|(明年)")


@dataclass(frozen=True)
class Figure:
    key: str | None  # None: a tier the engine has no key for
    count: int | None
    amount_wan: Decimal | None
    start: int  # in the clean text
    end: int
    target: bool
    year: int | None  # a target's year


def figures_in(sentence: Sentence, *, year: int | None) -> list[Figure]:
    """Every figure of the sentence, those without a key included (their words are taken)."""
    text = sentence.text
    matches = _matches(text)
    found = []
    last_base = None
    for index, (match, form) in enumerate(matches):
        base = _base(match) if form < 2 else last_base
        if base is None:
            continue
        last_base = base
        following = matches[index + 1][0].start() if index + 1 < len(matches) else len(text)
        amount, amount_end = _amount_after(text, match.end(), following)
        found.append(
            _figure(
                text,
                sentence.start,
                key=_key(base, match),
                count=count_value(match.group("count")),
                amount=amount,
                start=match.start(),
                end=amount_end or match.end(),
                year=year,
            )
        )
    for match in _FUNDS.finditer(text):
        funds = next(
            (
                a
                for a in amounts_in(text[match.end() : match.end() + 12])
                if _before(a, text, match)
            ),
            None,
        )
        if funds is None:
            continue
        found.append(
            _figure(
                text,
                sentence.start,
                key="funds_arrived",
                count=None,
                amount=funds.wan,
                start=match.start(),
                end=match.end() + funds.end,
                year=year,
            )
        )
    return sorted(found, key=lambda figure: figure.start)


def _matches(text: str) -> list[tuple[re.Match, int]]:
    """Non-overlapping figure phrases, in order, with the form each was read by."""
    found = []
    taken: list[tuple[int, int]] = []
    for form, pattern in enumerate(_FORMS):
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            found.append((match, form))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda pair: pair[0].start())


def _base(match: re.Match) -> str | None:
    for index, (_pattern, key) in enumerate(_HEADS):
        if match.group(f"h{index}"):
            return key
    return None


def _key(base: str, match: re.Match) -> str | None:
    if not match.group("size"):
        return base
    tier = match.group("t1") or match.group("t2")
    if tier is None or count_value(tier) == 1:
        key = f"{base}_major"
    elif count_value(tier) == 5 and base == "signed":
        key = "signed_over_5yi"
    else:
        return None
    return key if key in KEYS else None


def _amount_after(text: str, position: int, stop: int) -> tuple[Decimal | None, int | None]:
    """The total investment given right after a count: 「，总投资86.5亿元」, past a 「同比增长14.6%」."""
    rest = text[position:stop].split("；")[0]
    offset = position
    for piece in re.split(r"([，、（）(),])", rest)[:7]:
        if piece in "，、（）(),":
            offset += len(piece)
            continue
        stripped = piece.strip()
        lead = _INVESTMENT.match(stripped)
        if lead:
            amounts = amounts_in(stripped[lead.end() :])
            if amounts and amounts[0].start == 0:
                return amounts[0].wan, offset + lead.end() + amounts[0].end
        if stripped and not _BESIDE.match(stripped):
            break
        offset += len(piece)
    return None, None


def _before(amount, text: str, match: re.Match) -> bool:
    """The amount follows 到位资金 with no more than a verb between (达到、突破…)."""
    between = text[match.end() : match.end() + amount.start]
    return not re.search(r"[，。；]", between) and len(between) <= 4


def _figure(text, offset, *, key, count, amount, start, end, year) -> Figure:
    planned = bool(_TARGET.search(text[:start]))
    target_year = year
    if planned:
        for found in _YEAR.finditer(text[:end]):
            if found.group(1):
                target_year = int(found.group(1))
            elif year is not None:
                target_year = year + 1
    return Figure(key, count, amount, offset + start, offset + end, planned, target_year)
