"""The widths of a briefing table's columns in the Word file and the PDF, from their content.

A column is as wide as its longest text when the table fits; when it does not, the widest text
columns are narrowed first, to a common width (numbers and dates never wrap; their headers take
as many lines as make the table shortest), and no column is left at a width where its text
would leave one character alone on a last line, nor narrower than its longest word (an English
word is never cut in two). Widths are in ems of the table's font size: a CJK character is one,
a Latin letter or digit a little more than Times New Roman's (the tables' Latin font).
"""

import functools
import re

from zhaoshang.core.widths import is_wide

NARROWEST_TEXT = 4.0  # ems: a text column is never narrower (unless its longest text is)
NARROW = 0.55  # ems of a digit or a letter of average width (Times New Roman's are 0.5)
SLIM = 0.33  # ems of i, l, t, f, r, j, a space and punctuation (Times: 0.25 to 0.33)
BROAD = 0.8  # ems of m, w, M, W (Times: 0.72 to 0.94)
CAPITAL = 0.72  # ems of another capital (Times: 0.56 to 0.72)
SLIM_CHARACTERS = frozenset("iltfrjI.,:;'!|()[]- ")
BROAD_CHARACTERS = frozenset("mwMW%@")
FIXED_SLACK = 0.5  # ems a number is given beyond its width, so that it never wraps
TOKENS = re.compile(r"\s+|[^\s\u2e80-\uffff]+|.", re.S)


@functools.cache
def _ems(char: str) -> float:
    if is_wide(char):
        return 1.0
    if char in SLIM_CHARACTERS:
        return SLIM
    if char in BROAD_CHARACTERS:
        return BROAD
    if char.isupper():
        return CAPITAL
    return NARROW


def text_ems(text: str) -> float:
    return sum(_ems(char) for char in text)


def _tokens(text: str) -> list[str]:
    """What a line may not break inside: a run of Latin letters, digits and punctuation (a
    word, a number), or one CJK character; spaces between them."""
    return TOKENS.findall(text)


def longest_word(texts: list[str]) -> float:
    """The width of the widest word (or CJK character) of `texts`: a column narrower than it
    would cut the word in two."""
    return max(
        [text_ems(token) for text in texts for token in _tokens(text) if not token.isspace()]
        + [0.0]
    )


def _lines(text: str, width: float) -> list[tuple[float, str]]:
    """The lines `text` takes wrapped into `width` ems, each with its width: broken between
    words and CJK characters, a word wider than the whole line between its characters."""
    lines: list[tuple[float, str]] = []
    line, chars, space = 0.0, "", 0.0
    for token in _tokens(text):
        if token.isspace():
            space = text_ems(token) if line else 0.0
            continue
        ems = text_ems(token)
        if line and line + space + ems > width + 1e-9:
            lines.append((line, chars))
            line, chars, space = 0.0, "", 0.0
        if ems > width + 1e-9:  # a word longer than the line: broken by characters
            for char in token:
                if line and line + _ems(char) > width + 1e-9:
                    lines.append((line, chars))
                    line, chars = 0.0, ""
                line += _ems(char)
                chars += char
            continue
        line += space + ems
        chars += token
        space = 0.0
    lines.append((line, chars))
    return lines


def last_line(text: str, width: float) -> float:
    """The width of the last line of `text` wrapped into `width` ems."""
    return _lines(text, width)[-1][0]


def leaves_an_orphan(texts: list[str], width: float) -> bool:
    """Whether some text wraps onto a last line of a single character, in `width` ems or a
    little less (a reader's font and spacing differ from these estimates)."""
    return any(
        text_ems(t) > line + 1e-9 and len(_lines(t, line)[-1][1]) <= 1
        for t in texts
        for line in (width, width - 0.3, width - 0.6)
    )


HEADER_LINES = (2, 3, 4, 5, 6)  # the lines a number's header may take, fewest first


def column_widths(texts: list[list[str]], fixed: list[bool], available: float) -> list[float]:
    """Each column's width in ems, `texts` its header and cells, `fixed` when they must not wrap
    (numbers, dates; their headers may take two lines or more), within `available` ems all
    told: of the widths the headers' lines allow, those that make the table shortest (a header
    on more lines leaves the text columns more room: an English table's long headers)."""
    flexible = [i for i, keep in enumerate(fixed) if not keep] or list(range(len(texts)))
    # The narrowest a text column may become: NARROWEST_TEXT, or its longest text if shorter,
    # and never narrower than its longest word.
    floors = [
        max(min(max(text_ems(t) for t in column), NARROWEST_TEXT), longest_word(column))
        for column in texts
    ]
    # (crowded, lines, widths): a table that fits without crowding its columns first.
    best: tuple[bool, int, list[float]] | None = None
    for header_lines in HEADER_LINES:
        needs = [
            _fixed_width(column, header_lines) if keep else max(text_ems(t) for t in column)
            for column, keep in zip(texts, fixed, strict=True)
        ]
        least = sum(floors[i] if i in flexible else needs[i] for i in range(len(needs)))
        if least > available and (best or header_lines != HEADER_LINES[-1]):
            continue
        widths, crowded = _fitted(texts, needs, floors, flexible, available)
        candidate = (crowded, _table_lines(texts, widths), widths)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    assert best is not None
    return best[2]


def _table_lines(texts: list[list[str]], widths: list[float]) -> int:
    """The lines a table takes with these widths: each row as many as its tallest cell."""
    rows = zip(*texts, strict=True)
    total = 0
    for row in rows:
        total += max(
            sum(len(_lines(part, width)) for part in header_parts(text) if part)
            for text, width in zip(row, widths, strict=True)
        )
    return total


def _fitted(
    texts: list[list[str]],
    needs: list[float],
    floors: list[float],
    flexible: list[int],
    available: float,
) -> tuple[list[float], bool]:
    """The widths within `available`: fixed columns as they `need`, text columns sharing the
    rest (or giving up what is missing, the widest first, down to their `floors`); and
    whether that was not enough (every column narrowed in proportion: crowded)."""
    widths = list(needs)
    room = available - sum(widths)
    if room >= 0:  # everything fits on one line: the room goes to the text columns
        for i in flexible:
            widths[i] += room * needs[i] / sum(needs[j] for j in flexible)
    else:  # the text columns give up what is missing, the widest first
        budget = available - sum(widths[i] for i in range(len(texts)) if i not in flexible)
        cap = _common_width([needs[i] for i in flexible], budget)
        for i in flexible:
            widths[i] = min(needs[i], max(cap, floors[i]))
    for i in flexible:
        widths[i] = _without_orphans(texts[i], widths[i], floor=floors[i])
    excess = sum(widths) - available
    for i in sorted(flexible, key=lambda i: -widths[i]):
        if excess < 1e-6:
            break
        # Narrower by the excess, or by more where that would leave a character alone.
        candidate = max(widths[i] - excess, floors[i])
        while candidate > floors[i] and leaves_an_orphan(texts[i], candidate):
            candidate = max(candidate - 0.1, floors[i])
        if not leaves_an_orphan(texts[i], candidate):
            excess -= widths[i] - candidate
            widths[i] = candidate
    crowded = sum(widths) > available + 1e-6
    if crowded:  # narrower everywhere rather than off the page
        widths = [width * available / sum(widths) for width in widths]
        for i in flexible:
            widths[i] = _without_orphans(texts[i], widths[i], wider=False)
    else:
        _widen(texts, widths, needs, flexible, available)
    return widths, crowded


def _widen(
    texts: list[list[str]],
    widths: list[float],
    needs: list[float],
    flexible: list[int],
    available: float,
) -> None:
    """Room left over (a column narrowed further than the excess, away from an orphan) goes
    to the text column it shortens the table most, up to its need."""
    room = available - sum(widths)
    if room < 0.1:
        return
    lines = _table_lines(texts, widths)
    best = None
    for i in flexible:
        wider = min(widths[i] + room, needs[i])
        while wider > widths[i] and leaves_an_orphan(texts[i], wider):
            wider -= 0.1
        if wider <= widths[i]:
            continue
        trial = [*widths[:i], wider, *widths[i + 1 :]]
        saved = lines - _table_lines(texts, trial)
        if saved > 0 and (best is None or saved > best[0]):
            best = (saved, i, wider)
    if best is not None:
        widths[best[1]] = best[2]


def header_parts(header: str) -> tuple[str, str]:
    """A header and its unit in brackets: 新开工（个） → 新开工, （个）; Newly started
    (projects) → Newly started, (projects)."""
    for opening in ("（", " ("):
        head, bracket, unit = header.rpartition(opening)
        if bracket and head and unit.endswith((")", "）")):
            return head, (bracket + unit).strip()
    return header, ""


def _fixed_width(column: list[str], header_lines: int) -> float:
    """A column of numbers or dates: as wide as its widest value, and as its header on
    `header_lines` lines at most, its unit on lines of its own (序号 and the like on one; a
    Chinese unit on one line, an English one broken between its words), no line of it a
    single character and no word of it cut."""
    head, unit = header_parts(column[0])
    width = max(
        [text_ems(t) + FIXED_SLACK for t in column[1:]]
        + [text_ems(part) for part in unit.split()]
        + [longest_word([head]), min(text_ems(head), 2.0)]
    )
    while len(_lines(head, width)) + (
        len(_lines(unit, width)) if unit else 0
    ) > header_lines or leaves_an_orphan([head, unit], width):
        width += 0.1
    return width


def _common_width(widths: list[float], budget: float) -> float:
    """The width w at which the columns, each min(width, w) wide, take up `budget`."""
    narrower = 0.0
    for n, width in enumerate(sorted(widths)):
        wider = len(widths) - n  # columns from this one on are cut to w
        if narrower + wider * width >= budget:
            return max((budget - narrower) / wider, 0.0)
        narrower += width
    return max(widths)


def _without_orphans(
    texts: list[str], width: float, *, wider: bool = True, floor: float = 1.0
) -> float:
    """The width nearest `width` (in tenths of an em, up to two ems either way; only narrower
    unless `wider`; not under `floor`) at which no text leaves a single character on its last
    line."""
    steps = [0.0]
    for tenth in range(1, 21):
        steps += [-tenth / 10, tenth / 10] if wider else [-tenth / 10]
    for step in steps:
        candidate = width + step
        if candidate >= max(floor, 1) and not leaves_an_orphan(texts, candidate):
            return candidate
    return width
