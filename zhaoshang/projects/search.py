"""The search key of a project: its and its investor's names, with their pinyin and initials, so
typing 史丹利, shidanli, sdl or sdlhf all find 史丹利化肥.

Memoised, because imports and generators key tens of thousands of projects: pypinyin spends
~100 µs on a name (it splits the text into runs of Chinese characters, segments each run into
words and converts each word), and none of that depends on the neighbouring text, so the
segmentation is cached per run and the conversion per word. The result is what lazy_pinyin()
gives; tests/projects/test_search.py holds it to reference_key() over tricky names.
"""

import re
from functools import lru_cache
from itertools import chain

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT, RE_HANS
from pypinyin.core import _default_convert
from pypinyin.seg import mmseg

# simpleseg._seg() walks the text a character at a time to split it into runs of Chinese and of
# other characters; one regular expression over the same character class finds the same runs.
_HAN_CLASS = RE_HANS.pattern.removeprefix("^(?:[").removesuffix("])+$")
if RE_HANS.pattern == f"^(?:[{_HAN_CLASS}])+$":
    _runs = re.compile(f"[{_HAN_CLASS}]+|[^{_HAN_CLASS}]+").findall
else:  # a pypinyin that writes its pattern otherwise: its own (slower) splitter
    from pypinyin.seg.simpleseg import simple_seg as _runs


@lru_cache(maxsize=100_000)
def _run_words(run: str) -> tuple[str, ...]:
    """The words of a run of text, as pypinyin's default segmentation (simpleseg.seg) cuts it."""
    if RE_HANS.match(run) and PHRASES_DICT:
        return tuple(mmseg.seg.cut(run))
    return (run,)


@lru_cache(maxsize=100_000)
def _word(word: str, style: Style) -> tuple[str, ...]:
    return tuple(chain(*_default_convert.convert(word, style, False, "ignore", strict=True)))


@lru_cache(maxsize=200_000)
def _text_key(text: str) -> str:
    words = [word for run in _runs(text) for word in _run_words(run)]
    syllables = "".join(chain.from_iterable(_word(w, Style.NORMAL) for w in words))
    initials = "".join(chain.from_iterable(_word(w, Style.FIRST_LETTER) for w in words))
    return f"{text.casefold()} {syllables} {initials}".casefold()


def search_key(*texts: str) -> str:
    return " ".join(_text_key(text) for text in texts if text)


def reference_key(*texts: str) -> str:
    """The same key from pypinyin's public API, slowly: the tests hold search_key to it."""
    parts = []
    for text in filter(None, texts):
        syllables = lazy_pinyin(text, errors="ignore")
        initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
        parts += [text.casefold(), "".join(syllables), "".join(initials)]
    return " ".join(parts).casefold()


def normalise_query(query: str) -> str:
    """What the user typed, in the form the key is stored in (spaces inside pinyin dropped)."""
    return "".join(query.split()).casefold()
