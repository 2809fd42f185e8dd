"""The labelled texts (tests/ingest/texts/NN_*.txt, the expected findings in NN_*.json beside each),
the three forms they are read in, and how findings are scored. Used by the tests and by
bench/ingest.py.

Forms, each made from the Simplified original:
  simplified   as written
  traditional  OpenCC s2t
  damaged      as the web leaves it: Traditional, every converted character followed by its pinyin
               in brackets (tone marks, or tone numbers: nei4), Chinese punctuation made ASCII
A finding is a candidate (name, amount, stage), a reported figure (key, count, amount) or a target
(metric, count, amount, year). Companies, event and date of the candidates found are scored apart.
"""

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import opencc
from pypinyin import Style, lazy_pinyin

TEXTS = Path(__file__).parent / "texts"
FORMS = ("simplified", "traditional", "damaged")
ASCII_PUNCTUATION = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"}


@dataclass(frozen=True)
class Labelled:
    name: str
    text: str
    expected: dict

    @property
    def year(self) -> int | None:
        return self.expected.get("year")


def labelled_texts() -> list[Labelled]:
    return [
        Labelled(path.stem, path.read_text(encoding="utf-8"), _expected(path))
        for path in sorted(TEXTS.glob("*.txt"))
    ]


def _expected(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Damaged:
    text: str
    spans: list[tuple[int, int]]  # spans[i]: what the original's character i became


def in_form(text: str, form: str, *, numbered: bool = False) -> Damaged:
    if form == "simplified":
        return Damaged(text, [(i, i + 1) for i in range(len(text))])
    converted = _s2t().convert(text)
    assert len(converted) == len(text), "s2t keeps one character for one"
    if form == "traditional":
        return Damaged(converted, [(i, i + 1) for i in range(len(text))])
    return damage(text, numbered=numbered)


def damage(text: str, *, numbered: bool = False, every_character: bool = False) -> Damaged:
    """Traditional characters with pinyin after each converted one (or after every Chinese
    character), and ASCII punctuation."""
    converted = _s2t().convert(text)
    style = Style.TONE3 if numbered else Style.TONE
    parts, spans, position = [], [], 0
    for simplified, traditional in zip(text, converted, strict=True):
        piece = ASCII_PUNCTUATION.get(traditional, traditional)
        if _chinese(simplified) and (every_character or traditional != simplified):
            piece += f"({lazy_pinyin(simplified, style=style)[0]})"
        parts.append(piece)
        spans.append((position, position + len(piece)))
        position += len(piece)
    return Damaged("".join(parts), spans)


def _chinese(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


@functools.cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


# --- scoring ----------------------------------------------------------------------------------


def core(name: str) -> str:
    return name.replace("“", "").replace("”", "").replace('"', "").removesuffix("项目")


def findings(result: dict) -> set[tuple]:
    found = {
        ("candidate", core(c["name"]), c["amount_wan"], c["stage"]) for c in result["candidates"]
    }
    found |= {
        ("figure", key, value["count"], value["amount_wan"])
        for key, value in result["reported_figures"].items()
    }
    found |= {
        ("target", t["metric"], t["count"], t["amount_wan"], t["year"]) for t in result["targets"]
    }
    return found


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    fields_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    fields_seen: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    def add(self, name: str, expected: dict, result: dict) -> None:
        want, got = findings(expected), findings(result)
        self.true_positives += len(want & got)
        self.false_positives += len(got - want)
        self.false_negatives += len(want - got)
        self.misses += [f"{name}: missed {item}" for item in sorted(want - got, key=str)]
        self.misses += [f"{name}: invented {item}" for item in sorted(got - want, key=str)]
        by_name = {core(c["name"]): c for c in result["candidates"]}
        for candidate in expected["candidates"]:
            found = by_name.get(core(candidate["name"]))
            if found is None:
                continue
            self.fields_seen += 1
            for key in FIELDS:
                if _same(key, found[key], candidate[key]):
                    self.fields_right[key] += 1
                else:
                    self.misses.append(
                        f"{name}: {candidate['name']} {key} {found[key]!r} ≠ {candidate[key]!r}"
                    )


FIELDS = ("companies", "event", "date")


def _same(key: str, found, expected) -> bool:
    if key == "companies":
        return sorted(found) == sorted(expected)
    return found == expected
