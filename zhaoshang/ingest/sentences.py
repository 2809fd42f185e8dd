"""Sentences, words, dates and events of a cleaned text.

Words come from jieba (its dictionary ships in the package; nothing is downloaded): names of
projects and companies are cut at word boundaries, so 和谐 or 参与 are never split at 和 or 与.
"""

import datetime as dt
import functools
import logging
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import jieba

_SENTENCE = re.compile(r"[^。！？\n]*?(?:[。！？]+[”’」』）]*|……(?!等)|\n|$)")
_CLOSING = {"”": "“", "）": "（", "》": "《", "」": "「", "』": "『"}
PUNCTUATION = set("，。、；：？！“”‘’（）《》【】「」『』…—,.;:?!()[]\"' \t\n")


@dataclass(frozen=True)
class Sentence:
    start: int  # in the clean text
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    found = []
    for match in _SENTENCE.finditer(text):
        stripped = match.group().strip()
        if not stripped:
            continue
        start = match.start() + match.group().index(stripped[0])
        found.append(Sentence(start, start + len(stripped), stripped))
    return found


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int


def words(text: str) -> list[Word]:
    return [Word(word, start, end) for word, start, end in _tokenizer().tokenize(text)]


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)  # it announces loading its dictionary on stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def scan_left(
    text: str, end: int, *, tokens: list[Word], stops: AbstractSet[str], limit: int, floor: int = 0
) -> int:
    """Where a name ending at end begins: walk back word by word to punctuation, a stop word,
    floor (an amount or another name before it) or limit characters. Text in quotes
    (“鲲鹏智造谷”) or brackets (中国（青岛）…) stays part of the name."""
    start = end
    index = len(tokens) - 1
    while index >= 0 and tokens[index].start >= end:
        index -= 1
    while index >= 0:
        word = tokens[index]
        if word.end > end:  # the name ends inside this word (建设项目): keep its first part
            start = word.start
            index -= 1
            continue
        if word.text in _CLOSING:
            opening = text.rfind(_CLOSING[word.text], 0, word.start)
            if opening < floor or word.end - opening > limit:
                break
            start = opening
            while index >= 0 and tokens[index].start > opening:
                index -= 1
            index -= 1
            continue
        if word.start < floor or word.text in stops or all(c in PUNCTUATION for c in word.text):
            break
        if end - word.start > limit:
            break
        start = word.start
        index -= 1
    return start


# --- dates ------------------------------------------------------------------------------------

_DATE = re.compile(
    r"(?:(?P<year>\d{4})年|(?P<relative>今年|去年|明年))?(?:(?P<month>\d{1,2})月"
    r"(?:(?P<day>\d{1,2})日|份|上旬|中旬|下旬|初|底|末)?)?"
    r"|(?P<iso_year>\d{4})[-/.](?P<iso_month>\d{1,2})[-/.](?P<iso_day>\d{1,2})"
)
_PUBLISHED = re.compile(
    r"(?:发布|发表|更新|发稿|录入)?(?:时间|日期)\s*[:：]?\s*"
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_MONTHS_ONLY = re.compile(r"\d{1,2}[-至到]\d{1,2}月")


@dataclass(frozen=True)
class TextDate:
    """A date as precise as the text gives it: year, month and day, or fewer."""

    year: int | None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str | None:
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def date_in(text: str, *, year: int | None) -> TextDate | None:
    """The first date the sentence gives (2026年5月18日, 5月18日, 7月, 去年), its year completed
    from year when it has none; None when it gives no date."""
    for match in _DATE.finditer(text):
        if not match.group() or text.startswith("以来", match.end()):
            continue  # 「6月以来」 begins a period: no date of anything
        if match.group("iso_year"):
            found = TextDate(
                int(match.group("iso_year")),
                int(match.group("iso_month")),
                int(match.group("iso_day")),
            )
        else:
            month = match.group("month")
            if month and _MONTHS_ONLY.match(text, max(match.start() - 3, 0)):
                continue  # 1-6月 is a period, not a date
            if not (match.group("year") or match.group("relative") or month):
                continue
            found = TextDate(
                _year(match.group("year"), match.group("relative"), year),
                int(month) if month else None,
                int(match.group("day")) if match.group("day") else None,
            )
        if _valid(found):
            return found
    return None


def _year(written: str | None, relative: str | None, base: int | None) -> int | None:
    if written:
        return int(written)
    if base is None:
        return None
    return base + {"去年": -1, "明年": 1}.get(relative or "", 0)


def _valid(date: TextDate) -> bool:
    if date.month is not None and not 1 <= date.month <= 12:
        return False
    if date.day is not None:
        if date.month is None:
            return False
        try:
            dt.date(date.year or 2000, date.month, date.day)
        except ValueError:
            return False
    return True


def published_date(texts: list[str]) -> dt.date | None:
    """The date a page says it was published (发布时间：2026-05-20), from its lines."""
    for text in texts:
        match = _PUBLISHED.search(text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                continue
    return None


# --- events -----------------------------------------------------------------------------------

_EVENT_SUFFIX = re.compile(
    r"(?:大会|洽谈会|推介会|博览会|交易会|展览会|展销会|招商会|对接会|签约会|恳谈会|投洽会|论坛|峰会"
    r"|发布会|年会|仪式|开工活动|签约活动)"
)
_EVENT_STOPS = {
    "在",
    "于",
    "的",
    "举办",
    "举行",
    "召开",
    "开幕",
    "参加",
    "出席",
    "通过",
    "借助",
    "依托",
}
# 合作签约仪式 is no event: a ceremony needs a name of its own besides these words.
_CEREMONY_WORDS = re.compile(r"(?:重点项目|重大项目|项目|集中|签约|开工|奠基|揭牌|合作|战略)+$")
_EVENT_REFERENCE = re.compile(
    r"^(?:会上|会议期间|大会期间|活动中|活动上|活动现场|仪式上|\S{0,6}仪式上|期间|现场|其中|同时|同日|当天|当日)"
)
_CEREMONIES = {"仪式", "开工活动", "签约活动"}


@dataclass(frozen=True)
class Event:
    start: int  # in the sentence
    end: int
    name: str


def events_in(text: str, tokens: list[Word]) -> list[Event]:
    found: list[Event] = []
    for match in _EVENT_SUFFIX.finditer(text):
        end = match.end()
        # 第四届资本交易大会暨融入首都经济圈投资洽谈会: one event under two names.
        while text.startswith("暨", end):
            following = _EVENT_SUFFIX.search(text, end + 1)
            gap = text[end + 1 : following.start()] if following else ""
            if not following or any(c in PUNCTUATION for c in gap) or len(gap) > 30:
                break
            end = following.end()
        if found and found[-1].end >= end:
            continue
        start = scan_left(text, match.start(), tokens=tokens, stops=_EVENT_STOPS, limit=40)
        prefix = text[start : match.start()]
        own_name = _CEREMONY_WORDS.sub("", prefix) if match.group() in _CEREMONIES else prefix
        if len(own_name) < 2:
            continue
        found.append(Event(start, end, text[start:end]))
    return found


def refers_back(text: str) -> bool:
    """A sentence that goes on with the one before: 会上，… 同日，… 签约仪式上，…"""
    return bool(_EVENT_REFERENCE.match(text))
