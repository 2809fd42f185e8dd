"""The search key of a project: its and its investor's names, with their pinyin and initials, so
typing 史丹利, shidanli, sdl or sdlhf all find 史丹利化肥."""

from pypinyin import Style, lazy_pinyin


def search_key(*texts: str) -> str:
    parts = []
    for text in filter(None, texts):
        syllables = lazy_pinyin(text, errors="ignore")
        initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
        parts += [text.casefold(), "".join(syllables), "".join(initials)]
    return " ".join(parts).casefold()


def normalise_query(query: str) -> str:
    """What the user typed, in the form the key is stored in (spaces inside pinyin dropped)."""
    return "".join(query.split()).casefold()
