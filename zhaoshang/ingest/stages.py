"""Stage signals: the words that say where a project stands.

signed 签约/签订/签署 · to_start 即将开工/拟开工/将于…开工 · started 开工/动工 · completed
竣工/建成/投产 · negotiating 洽谈/在谈/实质性谈判. Each signal also names the project milestone it
would record (实质性谈判 → substantive, 投产 → operating; 即将开工 records none).

A signal followed by 的 describes the project after it (「签订的12亿元…项目」, a modifier); the
others are predicates (「…项目正式签约」). Plans are not facts: 建成后, 拟签约 and 预计年底竣工
say nothing has happened yet.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

NEGOTIATING = "negotiating"
SIGNED = "signed"
TO_START = "to_start"
STARTED = "started"
COMPLETED = "completed"

_FUTURE = r"(?:即将|拟于?|将于?|将|计划于?|准备|预计于?|争取|力争|有望|年内|近期)"
_SIGNALS = [
    # (pattern, stage, milestone) — tried in this order at each place; the first that fits wins
    (rf"{_FUTURE}[^，。；、]{{0,8}}?(?:开工|动工)", TO_START, None),
    (rf"{_FUTURE}[^，。；、]{{0,6}}?(?:签约|签订|签署)", NEGOTIATING, "negotiating"),
    (rf"{_FUTURE}[^，。；、]{{0,8}}?(?:竣工|建成|投产)", None, None),
    (r"(?:竣工|建成)投产|投产|(?:投入|入驻|建成|正式|开始)运营|投入使用", COMPLETED, "operating"),
    (r"竣工|建成|完工", COMPLETED, "completed"),
    (r"开工|动工|奠基|开建", STARTED, "started"),
    (r"签约|签订|签署", SIGNED, "signed"),
    (r"实质性谈判|实质性洽谈|协议起草", NEGOTIATING, "substantive"),
    (r"洽谈|在谈|商谈|谈判|磋商|接洽", NEGOTIATING, "negotiating"),
]
_PATTERN = re.compile(
    "|".join(f"(?P<s{index}>{pattern})" for index, (pattern, *_rest) in enumerate(_SIGNALS))
)
# Names of occasions, not things that happened to a project.
_OCCASION = re.compile(r"^(?:仪式|活动|大会|会|现场|典礼)")
_CONDITION = re.compile(r"^(?:后|以后|之后|前)")


@dataclass(frozen=True)
class Signal:
    start: int
    end: int
    stage: str
    milestone: str | None
    modifier: bool  # 签订的…项目: describes the project that follows


def signals_in(text: str, *, ignored: Sequence[tuple[int, int]] = ()) -> list[Signal]:
    found = []
    for match in _PATTERN.finditer(text):
        index = int(str(match.lastgroup)[1:])
        _pattern, stage, milestone = _SIGNALS[index]
        after = text[match.end() :]
        if stage is None or _OCCASION.match(after) or _CONDITION.match(after):
            continue
        if any(start <= match.start() < end for start, end in ignored):
            continue
        modifier = bool(re.match(r"(?:了|过)?的", after))
        found.append(Signal(match.start(), match.end(), stage, milestone, modifier))
    return found
