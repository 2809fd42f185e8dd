"""The PDF's body text set as a government document is (GB/T 9704): 28 characters a line at a
pitch of 156 mm / 28, every full line ending at the right edge of the text block, the first line
of a paragraph indented by two characters, no line starting with closing punctuation — and the
PDF's text still the text, without the gaps that justify it."""

import datetime as dt
import io
import itertools
import re
from collections import defaultdict

from pypdf import PdfReader
from pypdf.generic import ContentStream

from tests.reports.conftest import NOW
from zhaoshang.reports.document import Briefing, Paragraph, Span
from zhaoshang.reports.writers import FORMATS

MM = 72 / 25.4
LEFT = 28 * MM
RIGHT = (210 - 26) * MM  # the text block's right edge: 521.57 pt
PITCH = 156 * MM / 28
BODY_SIZE = 16

PURE = (
    "开发区坚持招商引资一把手工程,围绕主导产业链条精准招商,强化要素保障和项目服务,推动签约项目早开工"
    "早投产早见效,全力打造营商环境最优区域,以高质量项目建设支撑经济社会高质量发展,奋力开创新局面"
)
MIXED = (
    "2026年1—5月，我区新签约亿元以上投资项目8个（总投资43.80亿元），正在洽谈亿元以上项目13个"
    "（总投资84.10亿元），在建、续建亿元以上投资项目20个（总投资127.00亿元），新开工项目6个"
    "（总投资16.10亿元），新竣工项目6个（总投资13.95亿元）；实际到位资金11.75亿元，同比增长30.6%。"
)
PUNCTUATED = "项目、土地、资金、人才、技术、数据、能源、物流、市场、服务。" * 6


def briefing() -> Briefing:
    return Briefing(
        title="运河经济开发区招商引资工作简报",
        subtitle="（数据截至2026年5月31日）",
        zones=[],
        period_from=dt.date(2026, 1, 1),
        as_of=dt.date(2026, 5, 31),
        blocks=[Paragraph([Span(text)]) for text in (PURE.replace(",", "，"), MIXED, PUNCTUATED)],
        generated_at=NOW,
        closing="生成于",
        complete=False,
    )


def glyph_runs(reader: PdfReader, page) -> list[tuple[float, float, float, float, list[int]]]:
    """Each text-showing operation of `page` as (x where it starts, x where it ends, y, font
    size, the advance of each glyph in thousandths of an em), in PDF points."""
    widths = {}
    for name, font in page["/Resources"]["/Font"].items():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        table, items, i = {}, list(descendant.get("/W", [])), 0
        while i < len(items):
            first = int(items[i])
            if isinstance(items[i + 1], list):
                table.update({first + n: float(w) for n, w in enumerate(items[i + 1])})
                i += 2
            else:
                table.update({g: float(items[i + 2]) for g in range(first, int(items[i + 1]) + 1)})
                i += 3
        widths[name] = (table, float(descendant.get("/DW", 1000)))
    runs = []
    ctm, stack = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
    tm, font, size = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], None, 0.0
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            stack.append(list(ctm))
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            ctm = [
                a * ctm[0] + b * ctm[2],
                a * ctm[1] + b * ctm[3],
                c * ctm[0] + d * ctm[2],
                c * ctm[1] + d * ctm[3],
                e * ctm[0] + f * ctm[2] + ctm[4],
                e * ctm[1] + f * ctm[3] + ctm[5],
            ]
        elif operator == b"BT":
            tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        elif operator == b"Tf":
            font, size = operands[0], float(operands[1])
        elif operator == b"Tm":
            tm = [float(v) for v in operands]
        elif operator == b"TJ":
            table, default = widths[font]
            advances, x = [], 0.0
            for item in operands[0]:
                if isinstance(item, (bytes, str)):
                    data = item.original_bytes if hasattr(item, "original_bytes") else item
                    for k in range(0, len(data), 2):
                        width = table.get(int.from_bytes(data[k : k + 2], "big"), default)
                        advances.append(width)
                        x += width / 1000 * size
                else:
                    x -= float(item) / 1000 * size
            start = tm[4] * ctm[0] + ctm[4]
            y = tm[5] * ctm[3] + ctm[5]
            runs.append((start, start + x * tm[0] * ctm[0], y, size * tm[0] * ctm[0], advances))
    return runs


def body_lines(content: bytes) -> list[list[tuple]]:
    """The body's lines, page by page and top down: each (start, end, glyph advances)."""
    reader = PdfReader(io.BytesIO(content))
    pages = []
    for page in reader.pages:
        lines = defaultdict(list)
        for start, end, y, size, advances in glyph_runs(reader, page):
            if abs(size - BODY_SIZE) < 0.01:
                lines[round(y, 1)].append((start, end, advances))
        pages.append(
            [
                (
                    min(r[0] for r in runs),
                    max(r[1] for r in runs),
                    [a for r in sorted(runs) for a in r[2]],
                )
                for _y, runs in sorted(lines.items(), reverse=True)
                if abs(min(r[0] for r in runs) - LEFT) < 1
                or abs(min(r[0] for r in runs) - LEFT - 2 * PITCH) < 1
            ]
        )
    return pages


def test_full_lines_end_at_the_right_edge():
    content = FORMATS["pdf"].write(briefing())
    full = 0
    for lines in body_lines(content):
        for (start, end, advances), following in itertools.pairwise(lines):
            if abs(following[0] - LEFT) > 1:
                continue  # the next line starts a paragraph: this one ends one, and may be short
            full += 1
            assert abs(end - RIGHT) <= 1.0, (start, end, len(advances))
    assert full >= 8


def test_a_line_holds_28_characters_and_the_first_26_after_its_indent():
    lines = body_lines(FORMATS["pdf"].write(briefing()))[0]
    # The first paragraph: CJK characters only, 84 of them (no rule of punctuation moves one).
    first = [len(advances) for _start, _end, advances in lines[:4]]
    assert all(a == 1000 for _s, _e, advances in lines[:4] for a in advances)
    assert first == [26, 28, 28, len(PURE) - 82]
    assert abs(lines[0][0] - LEFT - 2 * PITCH) < 0.1  # indented by two characters


def test_the_text_is_the_text():
    content = FORMATS["pdf"].write(briefing())
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    lines = [line for line in text.splitlines() if line]
    # No gap, drawn or not, between the characters; each line as it was written.
    assert "我区新签约亿元以上投资项目8个" in re.sub(r"\n", "", text)
    assert "开发区坚持招商引资一把手工程" in text
    assert not [line for line in lines if line.startswith(tuple("，。、；：）"))]


def test_justification_spreads_a_lines_slack_between_all_its_characters():
    """A line with digits holds fewer than 28 characters' worth: its slack goes between every
    two characters, not into a few gaps wide enough to read as spaces (正在 洽谈 亿元 以上)."""
    content = FORMATS["pdf"].write(briefing())
    reader = PdfReader(io.BytesIO(content))
    lines = defaultdict(list)
    for start, end, y, size, _advances in glyph_runs(reader, reader.pages[0]):
        if abs(size - BODY_SIZE) < 0.01:
            lines[round(y, 1)].append((start, end))
    widest = [
        max((b[0] - a[1] for a, b in itertools.pairwise(sorted(runs))), default=0.0)
        for runs in lines.values()
    ]
    assert max(widest) > 0.5  # lines were justified
    assert max(widest) <= 2.2, widest  # an eighth of a character at most
