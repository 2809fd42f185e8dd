"""Pinyin that a converter wrote after characters: 內(nèi), 內（nei4）, 們(men), 內容(nèi róng).

A bracket right after Chinese characters is an annotation when each syllable in it is a pinyin
syllable marked with its tone (nèi, lǜ) or its tone number (nei4, lv4, lu:4), or, unmarked, is a
reading of the character it follows (們 men, 的 de — neutral tones carry no mark). Anything else in
brackets is text: (记者 马静), (作者:…), (CEO), (2026), (Adobe).
"""

import functools
import re
import unicodedata
from collections.abc import Iterator

from pypinyin import Style, pinyin

TONE_MARKS = {"\u0304", "\u0301", "\u030c", "\u0300"}  # ā á ǎ à (as combining marks)
SYLLABLE = re.compile(
    r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|uai|iao|ian|uan|üan|ai|ei|ao|ou|an|en|in|un|ün"
    r"|ia|ie|iu|ua|uo|ue|üe|ui|er|a|o|e|i|u|ü)|ng|hng|hm|n|m)$"
)
NUMBERED = re.compile(r"^([a-zü:v]+)([1-5])$")
BRACKETED = re.compile(r"[(（]\s*([^()（）\n]{1,60}?)\s*[)）]")
SEPARATORS = re.compile(r"[\s'’·-]+")


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
    )


def annotations(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the pinyin annotations in text, brackets included."""
    for match in BRACKETED.finditer(text):
        syllables = [part for part in SEPARATORS.split(match.group(1)) if part]
        run = _cjk_before(text, match.start(), limit=len(syllables))
        if not syllables or len(run) < len(syllables):
            continue
        characters = run[-len(syllables) :]
        if all(
            _annotates(syllable, char) for syllable, char in zip(syllables, characters, strict=True)
        ):
            yield match.start(), match.end()


def _cjk_before(text: str, position: int, *, limit: int) -> str:
    start = position
    while start > 0 and position - start < limit and is_cjk(text[start - 1]):
        start -= 1
    return text[start:position]


def _annotates(syllable: str, char: str) -> bool:
    """Whether syllable is pinyin for char: tone-marked or numbered, or a reading of char."""
    decomposed = unicodedata.normalize("NFD", syllable)
    marks = [c for c in decomposed if c in TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    if marks:
        # A capital only at the start (a name: Běi); one tone mark per syllable.
        return len(marks) == 1 and bool(SYLLABLE.match(base[:1].lower() + base[1:]))
    numbered = NUMBERED.match(base)
    if numbered:
        letters = numbered.group(1).replace("u:", "ü").replace("v", "ü")
        return bool(SYLLABLE.match(letters))
    return base in _readings(char)


@functools.lru_cache(maxsize=20_000)
def _readings(char: str) -> frozenset[str]:
    """Every toneless reading pypinyin knows for a character (Traditional ones included)."""
    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])
