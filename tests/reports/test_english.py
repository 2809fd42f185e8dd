"""The briefing built under English reads as English: the catalogue's punctuation, Arabic section
numbers, English dates and plurals, spaces where a label meets a number. The Chinese briefing of
the same data is unchanged (the other tests of tests/reports hold its text verbatim)."""

import io
import re
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.utils import translation
from pypdf import PdfReader

from tests.factories import TODAY, d
from tests.reports.conftest import NOW
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.core.dates import EARLIEST, format_date, format_moment, format_month_day
from zhaoshang.org.services import create_zone
from zhaoshang.reports.document import Heading, Paragraph, series
from zhaoshang.reports.selectors import build_briefing
from zhaoshang.reports.text import period_label
from zhaoshang.reports.writers import FORMATS
from zhaoshang.stats.services import update_counting_rules
from zhaoshang.targets.services import TargetValue, set_targets

pytestmark = pytest.mark.django_db

CHINESE_PUNCTUATION = re.compile(r"[，；。、（）：．]")
CHINESE_DATE = re.compile(r"\d+\s*年|\d+\s*月\s*\d+\s*日")
HEADLINE = (
    "In January–May 2026, our zone had 2 newly signed investment projects of 100 million yuan or "
    "more (total investment 270.00 million yuan), 1 project of 100 million yuan or more in "
    "negotiation (total investment 400.00 million yuan), 1 investment project of 100 million "
    "yuan or more under new or continued construction (total investment 120.00 million yuan), "
    "1 newly started project (total investment 120.00 million yuan) and 0 newly completed "
    "projects."
)


@pytest.fixture
def projects(zone, build, refs):
    build("A1", "12000", signed="2026-03-01", started="2026-04-01")
    build("A2", "15000", signed="2026-03-02")
    build("A3", "40000", negotiating="2026-05-01")
    build("A4", "3000", signed="2026-04-10", unit=None, industry=None)  # with data gaps
    set_targets(
        zone=zone,
        actor=None,
        year=2026,
        unit=refs["group1"],
        values={"started": TargetValue(2, None), "funds_arrived": TargetValue(None, Decimal(5000))},
    )
    return zone


@pytest.fixture
def east(projects, build):
    east = create_zone(code="east", name="东城经济开发区")
    investor = get_or_create_company(zone=east, actor=None, name="东城投资有限公司")
    build("B1", "15000", signed="2026-03-01", in_zone=east, investor=investor)
    build("B2", "12000", signed="2026-03-05", in_zone=east, investor=investor)
    update_counting_rules(
        zone=east,
        actor=None,
        effective_from=EARLIEST,
        major_threshold_wan=Decimal(13000),
        tier_threshold_wan=Decimal(50000),
        minimum_amount_wan=Decimal(0),
        counted_project_types=["industrial", "services"],
    )
    set_targets(
        zone=east, actor=None, year=2026, unit=None, values={"signed_major": TargetValue(3, None)}
    )
    return east


def english(zones, **kwargs):
    with translation.override("en"):
        return build_briefing(zones=zones, as_of=d("2026-05-31"), today=TODAY, now=NOW, **kwargs)


def prose(document) -> list[str]:
    """What the briefing says in sentences and headings, with the tables' captions, headers,
    notes and closing: everything but the data in the cells."""
    lines = [document.title, document.subtitle, document.closing]
    for block in document.blocks:
        if isinstance(block, Heading):
            lines.append(block.full)
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines += [block.caption, block.more, *block.notes]
            lines += [column.title for column in block.columns]
            with translation.override("en"):
                lines += [column.sheet_title for column in block.columns]
    return [line for line in lines if line]


def paragraphs(document) -> list[str]:
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def assert_english(document) -> None:
    for line in prose(document):
        assert not CHINESE_PUNCTUATION.search(line), line
        assert not CHINESE_DATE.search(line), line
    # The cells too: no Chinese punctuation between the items of a cell (问题 lists).
    for table in document.tables:
        for row in table.rows:
            for cell in row:
                if isinstance(cell, str):
                    assert not CHINESE_PUNCTUATION.search(cell), cell


def test_a_zones_briefing_in_english(projects):
    document = english([projects])
    assert_english(document)
    assert document.title == "Investment promotion briefing: 测试经济开发区 (January–May 2026)"
    assert document.subtitle == "(data as of 31 May 2026)"
    text = paragraphs(document)
    assert text[0] == HEADLINE
    assert text[1].startswith(
        "There were 3 newly signed projects in all (total investment 300.00 million yuan), "
        "of which 0 of 500 million yuan or more; 1 project in negotiation as of 31 May "
    )
    assert text[2].startswith(
        "Compared with the same period last year (January–May 2025): "
        "Newly signed, 100M yuan or more: 2 (same period last year: 0), "
    )
    assert text[2].endswith(
        "Funds arrived: 0.00 million yuan (same period last year: 0.00 million yuan), "
        "also zero in the same period last year."
    )
    assert (
        "As of 31 May 2026 (41.4% of the year gone by), the targets of our zone stood as follows: "
        "Newly started projects (招商一组): reached 1 of a target of 2, 50.0% of the target; "
        "Funds arrived (招商一组): reached 0.00 million yuan of a target of 50.00 million yuan, "
        "0.0% of the target, behind the year's pace."
    ) in text
    assert (
        "In January–May 2026, there were 2 newly signed projects of 100 million yuan or more"
    ) in document.text()
    headings = [(b.level, b.full) for b in document.blocks if isinstance(b, Heading)]
    assert [full for level, full in headings if level == 1] == [
        "1. Overview",
        "2. Progress against the annual targets",
        "3. Newly signed, 100M yuan or more",
        "4. Breakdowns",
        "5. Channels and referrers",
        "6. Funds arrived",
        "7. Outbound trips and promotion events",
        "8. Projects needing attention",
        "9. Notes on counting",
    ]
    assert (2, "(1) By industry") in headings
    notes = [line for line in text if re.match(r"\d\. ", line)]
    assert [line[:3] for line in notes] == ["1. ", "2. ", "3. ", "4. ", "5. ", "6. "]
    assert notes[0].startswith("1. The period is 1 January 2026 to 31 May 2026.")
    assert document.closing.startswith(
        "This briefing was generated by the investment promotion system at 2 June 2026, 09:30; "
        "测试经济开发区 data last changed at "
    )
    gaps = next(t for t in document.tables if t.sheet == "Data to complete")
    assert gaps.rows[-1][1:] == [
        "项目A4",
        Decimal(3000),
        None,
        "No responsible unit, Industry not given, Investor location not given",
    ]


def test_a_rollup_in_english(east, projects):
    document = english([projects, east])
    assert_english(document)
    assert document.title == (
        "Investment promotion summary briefing: 测试经济开发区 and 东城经济开发区 "
        "(January–May 2026)"
    )
    text = paragraphs(document)
    assert text[0].startswith(
        "In January–May 2026, 测试经济开发区 and 东城经济开发区 together had 3 newly signed "
        "investment projects of 100 million yuan or more (total investment 420.00 million yuan), "
    )
    assert text[0].endswith(" and 0 newly completed projects.")
    assert (
        "As of 31 May 2026 (41.4% of the year gone by), the targets of 东城经济开发区 stood as "
        "follows: Newly signed, 100M yuan or more: reached 1 of a target of 3, 33.3% of the "
        "target, behind the year's pace."
    ) in text
    per_zone = next(t for t in document.tables if t.sheet == "By zone")
    assert per_zone.notes[1] == (
        "The zones' counting rules differ: Threshold for 100 million yuan or more "
        "(测试经济开发区: 100.00 million yuan and 东城经济开发区: 130.00 million yuan); "
        "Project types counted (测试经济开发区: Industrial/Services/Culture & tourism/Logistics/"
        "Infrastructure/Other and 东城经济开发区: Industrial/Services). "
        "The totals are therefore not fully comparable."
    )
    assert "2. Each zone is counted by its own counting rules:" in text
    assert any(line.startswith("3. 测试经济开发区: Projects of 100 million yuan") for line in text)
    assert any(line.startswith("4. 东城经济开发区: Projects of 100 million yuan") for line in text)


def test_the_chinese_briefing_of_the_same_data_keeps_its_chinese(east, projects):
    english([projects, east])  # the English build leaves the active language as it was
    document = build_briefing(zones=[projects], as_of=d("2026-05-31"), today=TODAY, now=NOW)
    headline = paragraphs(document)[0]
    assert headline == (
        "2026年1—5月，我区新签约亿元以上投资项目2个（总投资2.70亿元），正在洽谈亿元以上项目1个"
        "（总投资4.00亿元），在建、续建亿元以上投资项目1个（总投资1.20亿元），"
        "新开工项目1个（总投资1.20亿元），新竣工项目0个。"
    )
    assert document.subtitle == "（数据截至2026年5月31日）"
    assert "我区新开工项目" not in document.text()  # a unit's target is named by its unit
    assert "招商一组新开工项目目标2个，完成1个，为目标的50.0%；" in document.text()
    assert [b.full for b in document.blocks if isinstance(b, Heading)][:2] == [
        "一、总体情况",
        "二、年度目标完成情况",
    ]
    rollup = build_briefing(zones=[projects, east], as_of=d("2026-05-31"), today=TODAY, now=NOW)
    per_zone = next(t for t in rollup.tables if t.sheet == "分开发区")
    assert per_zone.notes[1].startswith(
        "各开发区统计口径不一致：亿元以上项目门槛（测试经济开发区1.00亿元、东城经济开发区1.30亿元）；"
        "计入统计的项目类型（测试经济开发区：工业/服务业/"
    )


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2026-01-01", "2026-05-31", "January–May 2026"),
        ("2026-05-01", "2026-05-31", "May 2026"),
        ("2025-11-01", "2026-02-28", "November 2025–February 2026"),
        ("2026-01-01", "2026-05-18", "1 January–18 May 2026"),
        ("2026-05-18", "2026-05-18", "18 May 2026"),
        ("2025-12-20", "2026-01-10", "20 December 2025–10 January 2026"),
    ],
)
def test_period_labels_in_english(start, end, label):
    with translation.override("en"):
        assert period_label(d(start), d(end)) == label


def test_dates_and_lists_follow_the_language():
    with translation.override("en"):
        assert format_date(d("2026-05-31")) == "31 May 2026"
        assert format_month_day(d("2026-05-31")) == "31 May"
        assert format_moment(NOW) == "2 June 2026, 09:30"
        assert series(["A", "B", "C"]) == "A, B and C"
        assert series(["A", "B", "C"], conjunction=False) == "A, B, C"
    assert format_date(d("2026-05-31")) == "2026年5月31日"
    assert format_month_day(d("2026-05-31")) == "5月31日"
    assert format_moment(NOW) == "2026年6月2日09:30"
    assert series(["甲", "乙", "丙"]) == "甲、乙、丙"


@pytest.mark.parametrize("kind", ["md", "html", "docx", "xlsx", "pdf"])
def test_the_writers_write_the_english_briefing(projects, kind):
    with translation.override("en"):
        document = build_briefing(
            zones=[projects],
            as_of=d("2026-05-31"),
            today=TODAY,
            now=NOW,
            complete=FORMATS[kind].complete,
        )
        content = FORMATS[kind].write(document)
    if kind == "md":
        text = content.decode()
        assert "## 1. Overview" in text and "### (1) By industry" in text
        assert HEADLINE in text
    elif kind == "html":
        assert "1. Overview</h2>" in content.decode()
    elif kind == "pdf":
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        assert "1. Overview" in text and "By industry" in text
    elif kind == "docx":
        texts = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
        assert "1. Overview" in texts and HEADLINE in texts
    else:
        book = openpyxl.load_workbook(io.BytesIO(content))
        first = book.worksheets[0]
        assert first.title == "Briefing"
        assert first["A1"].value == document.title
        # A header too wide for its column breaks before its bracket.
        headers = [cell.value.replace("\n", " ") for cell in book["Key figures"][1]]
        assert "Amount this period (10k yuan)" in headers
        assert "Year-on-year change (%)" in headers
        notes = [cell.value for cell in first["A"] if cell.value]
        assert not [n for n in notes if CHINESE_PUNCTUATION.search(n)]
