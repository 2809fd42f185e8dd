"""The exported ledger as a clerk prints and opens it: one page wide in landscape with the
header on every page, rows as tall as their wrapped names and notes, drop-downs that refuse a
wrong word with a message about that column, the zone as the file's author; the CSV in UTF-8
with a byte-order mark or in GBK, a character GBK cannot hold refused with its row and column;
text that looks like markup kept as text."""

import datetime as dt
import io
import math
import re
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.ledger.conftest import run
from tests.ledger.test_views import login
from zhaoshang.ledger.columns import COLUMNS
from zhaoshang.ledger.export import ExportRefused, write_error_sheet, write_template
from zhaoshang.ledger.selectors import export_ledger
from zhaoshang.ledger.validation import LedgerError
from zhaoshang.org.models import Park
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.django_db
HEADERS = [column.header for column in COLUMNS]
LETTER = {c.key: openpyxl.utils.get_column_letter(i + 1) for i, c in enumerate(COLUMNS)}
CJK = re.compile("[\u2e80-\ud7ff\uff00-\uffef]")
LONG_NOTE = (
    "该项目已完成土地摘牌和规划许可,正在办理施工许可,预计下月开工,需协调电力增容和污水管网接入。"
)


def exported(zone, **options) -> bytes:
    out = io.BytesIO()
    export_ledger(out, zone=zone, **options)
    return out.getvalue()


def least_lines(text: str, width: float) -> int:
    """The fewest lines `text` takes in a column `width` digits wide (a CJK character is at
    least two digits wide)."""
    wide = len(CJK.findall(text))
    return max(1, math.ceil((2 * wide + len(text) - wide) / width))


def test_the_ledger_prints_one_page_wide_with_its_header_on_every_page(zone, refs, existing):
    book = openpyxl.load_workbook(io.BytesIO(exported(zone)))
    ledger = book["项目台账"]
    assert ledger.page_setup.orientation == "landscape"
    assert ledger.sheet_properties.pageSetUpPr.fitToPage
    assert (ledger.page_setup.fitToWidth or 1, ledger.page_setup.fitToHeight) == (1, 0)
    assert ledger.print_title_rows == "$1:$1"
    assert "&P" in ledger.oddFooter.center.text and "&N" in ledger.oddFooter.center.text
    for sheet in (book["统计口径"], book["填写说明"]):
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.page_setup.paperSize is not None, sheet.title


def test_rows_are_as_tall_as_their_wrapped_text(zone, refs, existing):
    Project.objects.filter(code="P-1").update(note=LONG_NOTE)
    sheet = openpyxl.load_workbook(io.BytesIO(exported(zone)))["项目台账"]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=2)}
    note = sheet[f"{LETTER['note']}{rows['P-1']}"]
    assert note.value == LONG_NOTE and note.alignment.wrap_text
    width = sheet.column_dimensions[LETTER["note"]].width
    lines = least_lines(LONG_NOTE, width)
    assert lines >= 3
    # LibreOffice and WPS keep a file's row heights: 15 pt would print these lines over the
    # next rows. Each line at least as tall as its 10 pt characters.
    assert sheet.row_dimensions[rows["P-1"]].height >= lines * 10 * 1.2
    # A row whose text fits on a line keeps the default height.
    assert sheet.row_dimensions[rows["P-3"]].height is None
    assert sheet[f"{LETTER['name']}2"].alignment.wrap_text  # names wrap too


def validations(sheet) -> dict:
    return {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}


def test_drop_downs_refuse_other_words_with_a_message_about_their_column(zone, refs):
    out = io.BytesIO()
    write_template(out, zone=zone)
    by_cell = validations(openpyxl.load_workbook(io.BytesIO(out.getvalue()))["项目台账"])
    stage = by_cell[f"{LETTER['stage']}2"]
    assert stage.errorStyle in (None, "stop")  # absent means stop in the file format
    assert stage.showErrorMessage
    assert "当前阶段" in stage.error and "自动新建" not in stage.error
    for key in ("project_type", "channel", "agreement_type"):
        rule = by_cell[f"{LETTER[key]}2"]
        assert rule.errorStyle in (None, "stop"), key
        assert COLUMNS[[c.key for c in COLUMNS].index(key)].header in rule.error, key
    for key in ("industry", "park", "unit"):
        rule = by_cell[f"{LETTER[key]}2"]
        assert rule.errorStyle == "warning", key  # a director may create new names
        assert "自动新建" in rule.error, key
    for rule in by_cell.values():
        assert len(rule.error) <= 255 and len(rule.errorTitle) <= 32


def test_the_file_names_the_zone_as_its_author(zone, refs, existing):
    properties = openpyxl.load_workbook(io.BytesIO(exported(zone))).properties
    assert properties.creator == zone.name
    assert properties.title == f"{zone.name}项目台账"


def test_markup_like_text_stays_text_and_round_trips(zone, refs, existing):
    Project.objects.filter(code="P-3").update(name="<r></is></c>破坏</r>", note="<r><t>x</t></r>")
    content = exported(zone)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "</is></c>破坏" not in archive.read("xl/worksheets/sheet1.xml").decode()
    plan, _applied = run(content, zone=zone)
    assert plan.ok and plan.summary() == "新增 0 / 更新 0 / 未变 3"


def test_the_gbk_csv_round_trips_and_has_no_byte_order_mark(zone, refs, existing):
    content = exported(zone, as_csv=True, encoding="gbk")
    assert not content.startswith(b"\xef\xbb\xbf")
    assert content.decode("gbk").splitlines()[0] == ",".join(HEADERS)
    assert "水溶性复合肥项目" in content.decode("gbk")
    plan, _applied = run(content, "台账.csv", zone=zone)
    assert plan.ok and plan.summary() == "新增 0 / 更新 0 / 未变 3"
    utf8 = exported(zone, as_csv=True)
    assert utf8.startswith(b"\xef\xbb\xbf")  # the UTF-8 one keeps its byte-order mark


def test_a_character_gbk_cannot_hold_refuses_the_gbk_csv(zone, refs, existing):
    Project.objects.filter(code="P-2").update(note="负责人:吉𠮷")
    with pytest.raises(ExportRefused) as refused:
        exported(zone, as_csv=True, encoding="gbk")
    message = str(refused.value)
    # P-2 is the second project by code: the file's row 3 (the header is row 1).
    assert "第 3 行" in message and "“备注”" in message and "𠮷" in message


def test_the_command_writes_gbk_and_refuses_without_leaving_a_file(zone, refs, existing, tmp_path):
    target = tmp_path / "台账.csv"
    call_command("export-ledger", "--zone", zone.code, "-o", str(target), "--encoding", "gbk")
    assert target.read_bytes().decode("gbk").startswith("项目编号,")
    Project.objects.filter(code="P-1").update(name="𠮷祥项目")
    refused = tmp_path / "refused.csv"
    with pytest.raises(CommandError, match="𠮷"):
        call_command("export-ledger", "--zone", zone.code, "-o", str(refused), "--encoding", "gbk")
    assert list(tmp_path.iterdir()) == [target]  # no file, no temporary file left behind
    with pytest.raises(CommandError, match="CSV"):
        call_command(
            "export-ledger",
            "--zone",
            zone.code,
            "-o",
            str(tmp_path / "a.xlsx"),
            "--encoding",
            "gbk",
        )


def test_the_ledger_page_offers_both_csvs_and_says_what_they_are(client, people, existing):
    client = login(client, people["alice"])
    html = client.get("/ledger/").content.decode()
    assert "format=csv&amp;encoding=gbk" in html and "BOM" in html
    response = client.get("/ledger/export/", {"status": "all", "format": "csv", "encoding": "gbk"})
    assert response["Content-Type"] == "text/csv; charset=gbk"
    assert response.content.decode("gbk").startswith("项目编号,")
    utf8 = client.get("/ledger/export/", {"status": "all", "format": "csv"})
    assert utf8.content.startswith(b"\xef\xbb\xbf")
    Project.objects.filter(code="P-1").update(name="𠮷祥项目")
    refused = client.get(
        "/ledger/export/", {"status": "all", "format": "csv", "encoding": "gbk"}, follow=True
    )
    page = refused.content.decode()
    assert refused.redirect_chain[-1][0] == "/ledger/"
    assert "GBK" in page and "“项目名称”" in page


# --- how large the ledger prints, its grid, its notes and its properties ----------------------

PAPER_MM = {8: (297, 420), 9: (210, 297)}  # Excel's paper codes: A3, A4 (portrait width, height)


def print_scale(sheet) -> float:
    """The scale at which a sheet fitted to one page wide prints: the paper's width between the
    margins over the columns' width (a column W digits wide is 7 W pixels at 96 dpi)."""
    width, height = PAPER_MM[int(sheet.page_setup.paperSize)]
    paper = height if sheet.page_setup.orientation == "landscape" else width
    printable = paper - 25.4 * (sheet.page_margins.left + sheet.page_margins.right)
    columns = sum(
        round(sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width * 7)
        for i in range(len(COLUMNS))
    )
    return printable / (columns * 25.4 / 96)


def test_the_ledger_prints_large_enough_to_read_with_its_grid(zone, refs, existing):
    ledger = openpyxl.load_workbook(io.BytesIO(exported(zone)))["项目台账"]
    assert int(ledger.page_setup.paperSize) == 8  # A3
    # 26 columns of 10 pt text on A3: shrunk to 55% (5.5 pt) they could not be read.
    assert print_scale(ledger) >= 0.65
    # Cells have no borders of their own: the printed grid keeps a wide row readable.
    assert ledger.print_options.gridLines
    # Parks, units, industries and places wrap rather than spill into the next column.
    for key in ("park", "unit", "industry", "company_region", "company", "drop_reason", "referrer"):
        assert (
            ledger[f"{LETTER[key]}2"].alignment.wrap_text or ledger[f"{LETTER[key]}2"].value is None
        )


def test_a_long_park_name_makes_its_row_taller(zone, refs, existing):
    park = Park.objects.create(zone=zone, name="运河经济开发区化工循环经济产业园东区二期")
    Project.objects.filter(code="P-2").update(park=park)
    sheet = openpyxl.load_workbook(io.BytesIO(exported(zone)))["项目台账"]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=2)}
    cell = sheet[f"{LETTER['park']}{rows['P-2']}"]
    assert cell.alignment.wrap_text
    width = sheet.column_dimensions[LETTER["park"]].width
    lines = least_lines(park.name, width)
    assert lines >= 2
    assert sheet.row_dimensions[rows["P-2"]].height >= lines * 10 * 1.2


def test_the_notes_are_in_the_users_language_and_start_at_the_margin(zone, refs, existing):
    with translation.override("en"):
        book = openpyxl.load_workbook(io.BytesIO(exported(zone)))
    notes = book.worksheets[2]
    texts = [notes.cell(row, 1).value or "" for row in range(3, 10)]
    assert texts[0].startswith("1. ") and texts[-1].startswith("7. ")
    assert not any(CJK.match(text[3:]) for text in texts), texts  # English, not Chinese
    merged = {str(r) for r in notes.merged_cells.ranges}
    assert {f"A{row}:D{row}" for row in range(3, 10)} <= merged
    for row in range(3, 10):  # as tall as their lines, across the four columns
        assert notes.row_dimensions[row].height >= 12
    book = openpyxl.load_workbook(io.BytesIO(exported(zone)))
    assert book.worksheets[2].cell(3, 1).value.startswith("1. 第一行为表头")


@pytest.mark.parametrize("kind", ["export", "template"])
def test_the_file_names_this_application_not_excel(zone, refs, existing, kind):
    out = io.BytesIO()
    if kind == "export":
        export_ledger(out, zone=zone)
    else:
        write_template(out, zone=zone)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        app = archive.read("docProps/app.xml").decode()
    assert "<Application>zhaoshang</Application>" in app
    assert "Microsoft" not in app and "AppVersion" not in app
    properties = openpyxl.load_workbook(io.BytesIO(out.getvalue())).properties
    assert properties.creator == zone.name and zone.name in properties.title


def test_the_notes_columns_table_repeats_its_header_on_its_next_page(zone, refs):
    out = io.BytesIO()
    write_template(out, zone=zone)
    notes = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["填写说明"]
    header = next(row[0].row for row in notes.iter_rows() if row[0].value == "列名")
    assert notes.print_title_rows == f"${header}:${header}"


def test_the_error_sheet_keeps_the_templates_widths_so_dates_show(zone, refs):
    headers = ["项目编号", "项目名称", "签约日期", "自己加的列"]
    rows = [headers, ["P-9", "新项目", dt.datetime(2026, 3, 18), "x"]]
    error = LedgerError(row=2, column="签约日期", value="x", message="不对")
    out = io.BytesIO()
    write_error_sheet(
        out,
        rows=rows,
        header_row=1,
        positions={h: i for i, h in enumerate(headers)},
        errors=[error],
        as_csv=False,
        zone=zone,
    )
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    width = {c: sheet.column_dimensions[c].width for c in "ABCDE"}
    # A date in Excel's default 8.43 prints as ###: the template's columns keep its widths.
    assert width["C"] >= 11 and width["B"] >= 20 and width["D"] >= 10
    assert width["E"] >= 60  # 错误说明
    assert sheet.print_options.gridLines and sheet.print_title_rows == "$1:$1"
