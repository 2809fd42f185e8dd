"""The .xlsx writer's fast path (rows written as XML into XlsxWriter's row file) gives the
workbook XlsxWriter's own calls give, byte for byte, awkward text included."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest

from tests.reports.conftest import NOW
from zhaoshang.reports.document import Briefing, Column, FigureLink, Kind, Linked, Table
from zhaoshang.reports.writers import excel

AWKWARD = [
    "普通文本",
    "A & B <c> d",
    "<r><t>rich-like</t></r>",
    " 前后空格 ",
    "控制\x01字符",
    "_x0041_ 像转义",
    "emoji 🚀",
    "长" * 20000,
    "=SUM(A1)",
    "",
    None,
]


def briefing(rows: list[list]) -> Briefing:
    link = FigureLink(zone="z", key="signed", period_from=dt.date(2026, 1, 1), as_of=NOW.date())
    table = Table(
        sheet="名单",
        caption="名单",
        columns=[
            Column("序号", Kind.INDEX),
            Column("名称", Kind.TEXT),
            Column("个数", Kind.COUNT),
            Column("金额", Kind.WAN),
            Column("日期", Kind.DATE),
            Column("同比", Kind.PERCENT),
            Column("完成率", Kind.SHARE),
        ],
        rows=[[n, *row[:1], Linked(row[1], link), *row[2:]] for n, row in enumerate(rows, 1)],
        total=["", "合计", 3, Decimal("1.50"), None, None, None],
        notes=["注：测试"],
    )
    return Briefing(
        title="标题",
        subtitle="副标题",
        zones=[],
        period_from=dt.date(2026, 1, 1),
        as_of=dt.date(2026, 5, 31),
        blocks=[table],
        generated_at=NOW,
        closing="生成于",
        complete=True,
    )


def sheets(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name: book.read(name) for name in book.namelist() if "docProps" not in name}


@pytest.fixture
def rows():
    return [
        [
            text,
            n,
            Decimal(n) / 3 if n % 2 else None,
            dt.date(2026, 1, 1) + dt.timedelta(days=n % 40) if n % 5 else None,
            Decimal("-12.5") if n % 3 else None,
            Decimal("100.0"),
        ]
        for n, text in enumerate(AWKWARD * 300)
    ]


def test_the_fast_rows_equal_xlsxwriters_own(rows, monkeypatch):
    document = briefing(rows)
    fast = sheets(excel.write(document))
    monkeypatch.setattr(excel, "_stream_rows", lambda *args: False)
    slow = sheets(excel.write(document))
    assert fast.keys() == slow.keys()
    differing = [name for name in fast if fast[name] != slow[name]]
    # XlsxWriter passes <r>…</r> text through as rich-text XML; the fast path escapes it.
    assert differing == ["xl/worksheets/sheet2.xml"]
    escaped = "<t>&lt;r&gt;&lt;t&gt;rich-like&lt;/t&gt;&lt;/r&gt;</t>"
    assert fast[differing[0]].replace(escaped.encode(), b"") == slow[differing[0]].replace(
        b"<r><t>rich-like</t></r>", b""
    )


def test_the_fast_rows_read_back_as_typed_cells(rows):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(excel.write(briefing(rows))))
    sheet = book["名单"]
    assert [c.value for c in sheet[1]] == [
        "名称",
        "个数",
        "金额（万元）",
        "日期",
        "同比（%）",
        "完成率（%）",
    ]
    second = [c.value for c in sheet[3]]
    assert second[0] == "A & B <c> d" and second[1] == 1
    assert second[3] == dt.datetime(2026, 1, 2) and second[4] == -12.5 and second[5] == 100
    assert sheet.max_row == len(rows) + 1 + 1 + 1 + 1  # header, rows, total, gap, note
