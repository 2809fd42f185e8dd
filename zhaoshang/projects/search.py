"""The search key of a project: its and its investor's names, with their pinyin and initials, so
typing 史丹利, shidanli, sdl or sdlhf all find 史丹利化肥.

Built through pypinyin's public API only: a Pinyin whose converter (pypinyin's DefaultConverter)
remembers each word's pinyin, because imports and generators key tens of thousands of projects
and their names share most of their words (项目, 有限公司, 新材料 …): pypinyin then spends about
20 µs on a new name instead of 100. The initials are the first letters of the syllables (what
pypinyin's FIRST_LETTER style gives), so one conversion gives both. Keys are remembered per text
as well (an investor's name recurs on each of its projects).
"""

from functools import lru_cache

from pypinyin import Style
from pypinyin.converter import DefaultConverter
from pypinyin.core import Pinyin

_PLAIN = DefaultConverter()


@lru_cache(maxsize=100_000)
def _converted(words: str, style: Style, heteronym: bool, errors, strict: bool) -> tuple:
    return tuple(
        tuple(syllables)
        for syllables in _PLAIN.convert(words, style, heteronym, errors, strict=strict)
    )


class _RememberingConverter(DefaultConverter):
    """DefaultConverter's pinyin of a word, converted once."""

    def convert(self, words, style, heteronym, errors, strict, **kwargs):
        if kwargs or callable(errors):  # options the cache cannot key: converted each time
            return super().convert(words, style, heteronym, errors, strict=strict, **kwargs)
        return [
            list(syllables) for syllables in _converted(words, style, heteronym, errors, strict)
        ]


_PINYIN = Pinyin(_RememberingConverter())


@lru_cache(maxsize=200_000)
def _text_key(text: str) -> str:
    syllables = [s for s in _PINYIN.lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s]
    initials = "".join(syllable[0] for syllable in syllables)
    return f"{text.casefold()} {''.join(syllables)} {initials}".casefold()


def search_key(*texts: str) -> str:
    return " ".join(_text_key(text) for text in texts if text)


def normalise_query(query: str) -> str:
    """What the user typed, in the form the key is stored in (spaces inside pinyin dropped)."""
    return "".join(query.split()).casefold()
