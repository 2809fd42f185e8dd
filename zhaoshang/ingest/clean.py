"""Cleaning text found on the web, as a pure function: clean(original) → CleanText.

In order: line breaks and odd spaces made plain; garbled stretches found (repaired where certain,
else kept exactly as found and reported); pinyin annotations removed (內(nèi)容 → 內容);
Traditional characters made Simplified (OpenCC t2s); ASCII punctuation beside Chinese made
full-width again (, : ; ? ! ( ) and quotes); page clutter dropped line by line; whitespace
normalised. Every character of the result maps back to the stretch of the original it came from.
"""

import functools
import re
from dataclasses import dataclass, field

import opencc

from zhaoshang.ingest import clutter
from zhaoshang.ingest.garbled import find_garbled
from zhaoshang.ingest.pinyin import annotations, is_cjk
from zhaoshang.ingest.textmap import MappedText

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
CHINESE_PUNCTUATION = set("，。、；：？！“”‘’（）《》【】「」『』…—·")
_ODD_SPACES = re.compile(r"\r\n?|[\u00a0\u2002-\u200a\u202f\u205f\u3000]|[\u200b-\u200d\ufeff]")
_ASCII_PAIR = re.compile(r"\(([^()\n]*)\)")
_QUOTE_PAIR = re.compile(r'"([^"\n]*)"')
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class GarbledSegment:
    start: int | None  # in the clean text (None when its line was dropped as clutter)
    end: int | None
    original_start: int
    original_end: int
    original: str  # as found
    reason: str  # garbled.UTF8_AS_LATIN1, UTF8_AS_GBK or DAMAGED
    repaired: str | None  # what stands in the clean text instead, when the repair is certain

    def as_json(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "original_start": self.original_start,
            "original_end": self.original_end,
            "original": self.original,
            "reason": self.reason,
            "repaired": self.repaired,
        }


@dataclass(frozen=True)
class DroppedLine:
    original_start: int
    original_end: int
    text: str  # as it read after conversion (Simplified, without pinyin)
    reason: str  # a clutter reason


@dataclass(frozen=True)
class CleanText:
    text: str
    original: str
    garbled: list[GarbledSegment]
    dropped: list[DroppedLine]
    mapped: MappedText = field(repr=False)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Where text[start:end] came from in the original."""
        return self.mapped.original_span(start, end)


def clean(original: str) -> CleanText:
    mapped = MappedText.of(original)
    mapped = mapped.edit(_plain_spaces(mapped.text))
    mapped, garbled = _mark_garbled(mapped)
    mapped = mapped.edit(((start, end, "") for start, end in annotations(mapped.text)), attach=True)
    mapped = mapped.edit(_simplified(mapped))
    mapped = mapped.edit(_full_width(mapped.text))
    mapped, dropped = _without_clutter(mapped)
    mapped = mapped.edit(_spaces(mapped.text))
    mapped = mapped.edit(_blank_lines(mapped.text))
    segments = []
    for start, end, reason, repaired in garbled:
        span = mapped.clean_span(start, end)
        segments.append(
            GarbledSegment(
                start=span[0] if span else None,
                end=span[1] if span else None,
                original_start=start,
                original_end=end,
                original=original[start:end],
                reason=reason,
                repaired=repaired,
            )
        )
    return CleanText(mapped.text, original, segments, dropped, mapped)


def _plain_spaces(text: str):
    for match in _ODD_SPACES.finditer(text):
        found = match.group()
        yield (
            match.start(),
            match.end(),
            "\n" if found[0] == "\r" else "" if found in ("\u200b\u200c\u200d\ufeff") else " ",
        )


def _mark_garbled(mapped: MappedText):
    annotated = {p for start, end in annotations(mapped.text) for p in range(start, end)}
    found = find_garbled(mapped.text, annotated=annotated)
    edits, frozen = [], []
    for garble in found:
        if garble.repair is not None:
            edits.append((garble.start, garble.end, garble.repair))
        else:
            frozen.append((garble.start, garble.end, mapped.text[garble.start : garble.end]))
    report = [
        (*mapped.original_span(garble.start, garble.end), garble.reason, garble.repair)
        for garble in found
    ]
    mapped = mapped.edit(edits).edit(frozen, freeze=True)
    return mapped, report


def _simplified(mapped: MappedText):
    """Traditional → Simplified over each stretch that no garbled text interrupts. OpenCC converts
    phrase by phrase; where a phrase changes length, characters are converted one by one so that
    each still maps to its own original."""
    converter = _t2s()
    for match in re.finditer(r"[^\n]+", mapped.text):
        start = match.start()
        for run_start, run_end in _free_runs(mapped, start, match.end()):
            run = mapped.text[run_start:run_end]
            converted = converter.convert(run)
            if converted == run:
                continue
            if len(converted) == len(run):
                yield run_start, run_end, converted
            else:
                for offset, char in enumerate(run):
                    single = converter.convert(char)
                    if single != char and len(single) == 1:
                        yield run_start + offset, run_start + offset + 1, single


def _free_runs(mapped: MappedText, start: int, end: int):
    run_start = start
    for position in range(start, end):
        if position in mapped.frozen:
            if run_start < position:
                yield run_start, position
            run_start = position + 1
    if run_start < end:
        yield run_start, end


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _full_width(text: str):
    for position, char in enumerate(text):
        if char in FULL_WIDTH:
            before = text[position - 1] if position else ""
            after = text[position + 1] if position + 1 < len(text) else ""
            if before.isdigit() and after.isdigit():
                continue  # 3,500 and 08:30
            if _chinese(before) or _chinese(after):
                yield position, position + 1, FULL_WIDTH[char]
    for match in _ASCII_PAIR.finditer(text):
        if _bracketed_chinese(text, match):
            yield match.start(), match.start() + 1, "（"
            yield match.end() - 1, match.end(), "）"
    for match in _QUOTE_PAIR.finditer(text):
        if any(is_cjk(c) for c in match.group(1)):
            yield match.start(), match.start() + 1, "“"
            yield match.end() - 1, match.end(), "”"


def _chinese(char: str) -> bool:
    return bool(char) and (is_cjk(char) or char in CHINESE_PUNCTUATION)


def _bracketed_chinese(text: str, match: re.Match) -> bool:
    """(记者 马静) and (作者:…) are Chinese brackets; (Adobe) and (2026) stay ASCII unless they
    sit inside Chinese text on both sides."""
    inside = match.group(1)
    if any(is_cjk(c) for c in inside):
        return True
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return bool(inside) and _chinese(before) and _chinese(after)


def _without_clutter(mapped: MappedText):
    edits, dropped = [], []
    seen: set[str] = set()
    for match in re.finditer(r"[^\n]*(?:\n|$)", mapped.text):
        if match.start() == match.end():
            continue
        line = match.group().rstrip("\n")
        reason = clutter.clutter_reason(line, seen)
        if reason is None:
            if len(line.strip()) <= clutter.HEADLINE:
                seen.add(clutter.headline_key(line))
            continue
        edits.append((match.start(), match.end(), ""))
        start, end = mapped.original_span(match.start(), match.start() + len(line))
        dropped.append(DroppedLine(start, end, line.strip(), reason))
    # Clutter goes whole, garbled text in it included.
    return mapped.edit(edits, force=True), dropped


def _spaces(text: str):
    """Lines trimmed, runs of spaces made one, no space beside Chinese punctuation."""
    for match in _SPACES.finditer(text):
        start, end = match.start(), match.end()
        before = text[start - 1] if start else "\n"
        after = text[end] if end < len(text) else "\n"
        if (
            before == "\n"
            or after == "\n"
            or before in CHINESE_PUNCTUATION
            or after in CHINESE_PUNCTUATION
        ):
            yield start, end, ""
        elif match.group() != " ":
            yield start, end, " "


def _blank_lines(text: str):
    """At most one blank line between paragraphs, none at either end."""
    for match in _BLANK_LINES.finditer(text):
        yield match.start(), match.end(), "\n\n"
    leading = re.match(r"\n+", text)
    if leading:
        yield leading.start(), leading.end(), ""
    trailing = re.search(r"\n+$", text)
    if trailing and trailing.start() > 0:
        yield trailing.start(), trailing.end(), ""
