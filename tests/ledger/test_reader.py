"""Reading ledgers as they arrive: formats, encodings, title rows, headers as people type them."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.ledger import files
from zhaoshang.ledger.reader import LedgerFileError, decode_csv, read_ledger

ROWS = [
    ["项目编号", "项目名称", "签约日期", "总投资(万元)"],
    ["A-1", "水溶性复合肥项目", dt.date(2026, 5, 18), Decimal("120000")],
    ["A-2", "船用电机项目", "", "1.2亿"],
]
TITLE = [["2026年招商引资项目台账"], ["填报单位:运河经济开发区招商局"]]


def rows_of(sheet) -> list[tuple[int, list]]:
    return list(sheet.rows())


@pytest.mark.parametrize(
    ("build", "filename"),
    [
        (files.xlsx, "台账.xlsx"),
        (files.xls, "台账.xls"),
        (files.ods, "台账.ods"),
    ],
)
def test_it_finds_the_header_under_title_rows_in_every_format(build, filename):
    sheet = read_ledger(build(ROWS, title_rows=TITLE), filename)
    assert sheet.header_row == 3
    assert sheet.columns == {"code": 0, "name": 1, "signed_date": 2, "total_investment_wan": 3}
    rows = rows_of(sheet)
    assert [number for number, _cells in rows] == [4, 5]  # the numbers Excel shows
    first = rows[0][1]
    assert first[0] == "A-1" and first[2] == dt.date(2026, 5, 18) and first[3] == 120000


def test_it_reads_a_gbk_csv():
    content = files.csv_bytes(ROWS, encoding="gbk", title_rows=TITLE)
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    sheet = read_ledger(content, "台账.csv")
    assert sheet.is_csv and sheet.header_row == 3
    assert rows_of(sheet)[0] == (4, ["A-1", "水溶性复合肥项目", "2026-05-18", "120000"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_it_decodes_csv_in_the_encodings_excel_and_wps_save(encoding):
    text = "项目编号,项目名称\nA-1,年产10万吨异辛烷溶剂油项目(一期)\n"
    assert decode_csv(text.encode(encoding)).lstrip("\ufeff") == text


def test_it_tells_gbk_from_big5_on_a_few_short_lines():
    assert decode_csv("项目名称,登记日期\r\n甲,昨天\r\n".encode("gbk")).startswith("项目名称")
    assert decode_csv("項目名稱,登記日期\r\n甲,昨天\r\n".encode("big5")).startswith("項目名稱")


def test_it_reads_tab_separated_unicode_text():
    content = files.csv_bytes(ROWS, encoding="utf-16", delimiter="\t")
    sheet = read_ledger(content, "台账.csv")
    assert sheet.columns["name"] == 1
    assert rows_of(sheet)[1][1][1] == "船用电机项目"


def test_it_takes_headers_with_full_width_brackets_spaces_and_english_keys():
    header = [
        " 项目名称 ",
        "总投资（万元）",
        "外资 (万美元)",
        "SIGNED_DATE",
        "company",
        "序号",
        "错误说明",
    ]
    sheet = read_ledger(files.xlsx([header, ["项目", 1, 2, "", "", 1, ""]]), "a.xlsx")
    assert sheet.columns == {
        "name": 0,
        "total_investment_wan": 1,
        "foreign_capital_usd_wan": 2,
        "signed_date": 3,
        "company": 4,
    }
    # Unknown columns are reported; our own error column comes back silently.
    assert sheet.ignored == ["序号"]
    assert sheet.header_text("total_investment_wan") == "总投资（万元）"
    assert sheet.header_text("note") == "备注"


def test_it_names_a_missing_required_column():
    with pytest.raises(LedgerFileError) as caught:
        read_ledger(files.xlsx([["项目编号", "投资方"], ["A-1", "史丹利"]]), "a.xlsx")
    assert caught.value.column == "项目名称"
    assert "缺少必填列“项目名称”" in caught.value.message


def test_it_says_when_no_row_looks_like_a_header():
    with pytest.raises(LedgerFileError) as caught:
        read_ledger(files.xlsx([["姓名", "电话"], ["张三", "123"]]), "a.xlsx")
    assert "找不到表头行" in caught.value.message


def test_it_refuses_the_same_column_twice():
    with pytest.raises(LedgerFileError) as caught:
        read_ledger(files.xlsx([["项目名称", "总投资(万元)", "total_investment_wan"]]), "a.xlsx")
    assert "是同一列" in caught.value.message


def test_it_refuses_what_is_not_a_spreadsheet():
    with pytest.raises(LedgerFileError):
        read_ledger(b"PK\x03\x04 not really a zip", "a.xlsx")
    with pytest.raises(LedgerFileError) as caught:
        read_ledger(b"%PDF-1.7", "a.pdf")
    assert ".pdf" in caught.value.message


def test_it_skips_blank_rows_and_keeps_counting_them():
    sheet = read_ledger(files.xlsx([ROWS[0], ROWS[1], ["", "", "", ""], ROWS[2]]), "a.xlsx")
    assert [number for number, _cells in rows_of(sheet)] == [2, 4]


def test_it_reads_the_first_visible_sheet_that_has_a_header():
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表为2026年台账"])
    ledger = book.create_sheet("台账")
    for row in ROWS:
        ledger.append([float(c) if isinstance(c, Decimal) else c for c in row])
    out = io.BytesIO()
    book.save(out)
    sheet = read_ledger(out.getvalue(), "a.xlsx")
    assert sheet.name == "台账" and sheet.header_row == 1
