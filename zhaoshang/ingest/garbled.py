"""Finding text that is garbled (乱码) and repairing it only where the repair is certain.

Two kinds of damage can be undone exactly: UTF-8 read as Latin-1 or Windows-1252 (「æ‹›å•†」 is
招商) and UTF-8 read as GBK (「椤圭洰」 is 项目). Each is repaired when the whole stretch turns back
into everyday Chinese (GB2312) byte for byte. Everything else that looks damaged — replacement
characters, private-use code points, control characters, clusters of rare characters and stray
symbols where bytes were shifted — is reported with its position and left as it is.
"""

import functools
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import opencc

from zhaoshang.core.encoding import in_gb2312
from zhaoshang.ingest.pinyin import is_cjk

UTF8_AS_LATIN1 = "utf8_as_latin1"
UTF8_AS_GBK = "utf8_as_gbk"
DAMAGED = "damaged"

# UTF-8 of a CJK character is a lead byte E3–E9 and two continuation bytes 80–BF; read as
# Windows-1252 the bytes 80–9F become these characters (Latin-1 leaves them as C1 controls).
_CP1252_HIGH = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ"
_CONTINUATION = "[\x80-\xbf" + re.escape(_CP1252_HIGH) + "]"
LATIN1_MOJIBAKE = re.compile(f"(?:[\u00e3-\u00e9]{_CONTINUATION}{{2}})+")
ODD_SYMBOLS = set("^`\\{}~")
# Characters a damaged stretch is widened over: its stray Latin letters, symbols and brackets.
STRAY = re.compile(r"[A-Za-z\u00c0-\u024f\u0300-\u036f^`\\{}~()\[\]?!*#@&%$|\ue000-\uf8ff\ufffd]")
GAP = 2  # suspicious characters this close together belong to one stretch
WINDOW = 8  # UTF-8 read as GBK is tried over stretches of up to 8 × WINDOW characters


@dataclass(frozen=True)
class Garble:
    start: int
    end: int
    reason: str
    repair: str | None  # the text it stands for, when that is certain


def find_garbled(text: str, *, annotated: AbstractSet[int] = frozenset()) -> list[Garble]:
    """Garbled stretches of text, in order. annotated: positions inside pinyin annotations, whose
    tone-marked letters are not damage."""
    found = [
        Garble(match.start(), match.end(), UTF8_AS_LATIN1, repair)
        for match in LATIN1_MOJIBAKE.finditer(text)
        if (repair := _latin1_repair(text, match.start(), match.end()))
    ]
    taken = {position for garble in found for position in range(garble.start, garble.end)}
    for garble in _gbk_mojibake(text):
        if not taken.intersection(range(garble.start, garble.end)):
            found.append(garble)
            taken.update(range(garble.start, garble.end))
    for start, end in _clusters(text, annotated | taken):
        found.append(Garble(start, end, DAMAGED, None))
    return sorted(found, key=lambda garble: garble.start)


def _latin1_repair(text: str, start: int, end: int) -> str | None:
    run = text[start:end]
    try:
        raw = bytes(ord(c) if ord(c) < 256 else c.encode("cp1252")[0] for c in run)
        repaired = raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    # One character alone next to Latin letters may be a word (Café…): not certain.
    if len(repaired) == 1 and _latin_letter_beside(text, start, end):
        return None
    return repaired if _everyday_chinese(repaired) else None


def _latin_letter_beside(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def _everyday_chinese(text: str) -> bool:
    return bool(text) and all(
        (in_gb2312(c) and (is_cjk(c) or not c.isascii())) or c.isdigit() for c in text
    )


# --- damage that cannot be undone -------------------------------------------------------------

STRONG, MEDIUM, WEAK = 3, 2, 1


def _clusters(text: str, ignored: AbstractSet[int]) -> list[tuple[int, int]]:
    marks = {
        position: level
        for position in range(len(text))
        if position not in ignored and (level := _suspicion(text, position))
    }
    clusters: list[list[int]] = []
    current: list[int] = []
    for position in sorted(p for p, level in marks.items() if level >= MEDIUM):
        if current and position - current[-1] - 1 > GAP:
            clusters.append(current)
            current = []
        current.append(position)
    if current:
        clusters.append(current)
    stretches: list[tuple[int, int]] = []
    for cluster in clusters:
        levels = [marks[p] for p in cluster]
        if STRONG not in levels and len(levels) < 2:
            continue
        start, end = cluster[0], cluster[-1] + 1
        start, end = _widen(text, start, end, marks)
        if stretches and start <= stretches[-1][1]:
            start = stretches.pop()[0]
        stretches.append((start, end))
    return stretches


def _suspicion(text: str, position: int) -> int:
    char = text[position]
    code = ord(char)
    if char == "\ufffd" or 0xE000 <= code <= 0xF8FF or 0x80 <= code <= 0x9F:
        return STRONG
    if code < 32 and char not in "\t\n\r":
        return STRONG
    if is_cjk(char):
        return 0 if _common(char) else MEDIUM
    if char in ODD_SYMBOLS or "\u00c0" <= char <= "\u024f":
        return MEDIUM if _beside_cjk(text, position) else 0
    if char in "?!":
        return WEAK
    return 0


def _beside_cjk(text: str, position: int) -> bool:
    return (position > 0 and is_cjk(text[position - 1])) or (
        position + 1 < len(text) and is_cjk(text[position + 1])
    )


def _widen(text: str, start: int, end: int, marks: dict[int, int]) -> tuple[int, int]:
    """Take in question marks left by lost bytes nearby, then the stray letters and symbols
    touching the stretch (a pinyin annotation of a garbled character goes with it)."""
    changed = True
    while changed:
        changed = False
        for position in range(max(start - GAP - 1, 0), start):
            if marks.get(position) == WEAK:
                start, changed = position, True
                break
        for position in range(min(end + GAP, len(text) - 1), end - 1, -1):
            if marks.get(position) == WEAK:
                end, changed = position + 1, True
                break
    while start > 0 and STRAY.match(text[start - 1]):
        start -= 1
    while end < len(text) and STRAY.match(text[end]):
        end += 1
    return start, end


@functools.lru_cache(maxsize=20_000)
def _common(char: str) -> bool:
    """In everyday use: GB2312 once Traditional characters are read as Simplified."""
    return in_gb2312(char) or in_gb2312(_t2s().convert(char))


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _gbk_mojibake(text: str) -> list[Garble]:
    """Stretches whose GBK bytes are UTF-8 of everyday Chinese. UTF-8 of a Chinese character
    starts with a byte E3–E9, which GBK reads as the first byte of one of its rarer characters:
    only there can such a stretch begin, which ordinary text seldom offers."""
    found = []
    position = 0
    while position < len(text):
        best = None
        if _utf8_lead_in_gbk(text[position]):
            raw = b""
            for end in range(position + 1, min(position + WINDOW * 8, len(text)) + 1):
                try:
                    raw += text[end - 1].encode("gbk")
                    decoded = raw.decode("utf-8")
                except UnicodeEncodeError:
                    break
                except UnicodeDecodeError as exc:
                    if exc.reason == "unexpected end of data":
                        continue
                    break
                if len(decoded) >= 2 and not text[end - 1].isascii() and _everyday_chinese(decoded):
                    best = Garble(position, end, UTF8_AS_GBK, decoded)
        if best:
            found.append(best)
            position = best.end
        else:
            position += 1
    return found


def _utf8_lead_in_gbk(char: str) -> bool:
    try:
        raw = char.encode("gbk")
    except UnicodeEncodeError:
        return False
    return len(raw) == 2 and 0xE3 <= raw[0] <= 0xE9
