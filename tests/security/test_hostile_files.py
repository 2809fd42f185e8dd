"""Hostile workbooks (issue 9, item 2; uploads of item 14): a file past the limits, or not a
spreadsheet at all, is refused with a message that names the limit (and the cell), before any
parser allocates by what it declares; the page, the CLI and the background task stay up.

On the code before this suite the sparse far cell and the declared .xls range abort the process
(calamine allocates hundreds of GB), so these tests would take pytest down with them."""

import io
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tests.factories import TODAY
from tests.ledger import files
from tests.security import hostile_files as hostile
from zhaoshang.ledger import services, tasks
from zhaoshang.ledger.limits import FileRefused, check_file
from zhaoshang.ledger.models import LedgerImport
from zhaoshang.ledger.reader import LedgerFileError, read_ledger
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.django_db

FAR_CELL = hostile.xlsx(
    f'<row r="1">{hostile.HEADER_CELLS}</row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
    dimension="A1:XFD1048576",
)


def refusal(content: bytes, filename: str) -> str:
    with pytest.raises(LedgerFileError) as caught:
        read_ledger(content, filename)
    return caught.value.message


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# --- the sparse far cell and its relatives -------------------------------------------------------


def test_a_2_kb_workbook_with_a_cell_at_xfd1048576_is_refused_naming_the_cell():
    assert len(FAR_CELL) < 3000
    message = refusal(FAR_CELL, "台账.xlsx")
    assert "单元格 XFD1048576 超出第 100 列" in message and "台账" in message


def test_the_row_limit_names_the_cell(settings):
    settings.LEDGER_MAX_ROWS = 1000
    content = hostile.xlsx(
        f'<row r="1">{hostile.HEADER_CELLS}</row><row r="5001"><c r="A5001"><v>1</v></c></row>'
    )
    assert "单元格 A5001 超出第 1000 行" in refusal(content, "台账.xlsx")


def test_cells_without_references_are_placed_as_the_reader_places_them():
    """No `r` on the cells: the row's position and the cells before count, as in calamine."""
    cells = "".join("<c><v>1</v></c>" for _ in range(120))
    content = hostile.xlsx(f'<row r="1">{hostile.HEADER_CELLS}</row><row r="2">{cells}</row>')
    assert "单元格 CW2 超出第 100 列" in refusal(content, "台账.xlsx")


def test_a_prefixed_cell_element_is_still_a_cell():
    content = hostile.xlsx(
        "",
        sheet_xml=(
            f'<x:worksheet xmlns:x="{hostile.SHEET_NS}"><x:sheetData><x:row r="1">'
            '<x:c r="A1"><x:v>1</x:v></x:c><x:c r="ZZ9"><x:v>1</x:v></x:c>'
            "</x:row></x:sheetData></x:worksheet>"
        ),
    )
    assert "单元格 ZZ9 超出第 100 列" in refusal(content, "台账.xlsx")


def test_a_dimension_that_lies_is_not_believed_either_way():
    small_claim = hostile.xlsx(
        f'<row r="1">{hostile.HEADER_CELLS}</row><row r="3"><c r="DA3"><v>1</v></c></row>',
        dimension="A1:B2",
    )
    assert "单元格 DA3 超出第 100 列" in refusal(small_claim, "台账.xlsx")
    big_claim = hostile.xlsx(
        f'<row r="1">{hostile.HEADER_CELLS}</row><row r="2"><c r="A2" t="inlineStr"><is><t>甲'
        "</t></is></c></row>",
        dimension="A1:XFD1048576",
    )
    sheet = read_ledger(big_claim, "台账.xlsx")
    assert [row for _number, row in sheet.rows()] == [["甲", ""]]


def test_the_area_the_reader_would_lay_out_is_bounded(settings):
    """Two cells far apart within the row and column limits: the dense rectangle between them is
    what memory would follow, so it counts against the cells limit."""
    settings.LEDGER_MAX_CELLS = 50_000
    content = hostile.xlsx(
        f'<row r="1">{hostile.HEADER_CELLS}</row><row r="2000"><c r="CV2000"><v>1</v></c></row>'
    )
    message = refusal(content, "台账.xlsx")
    assert "2000 行 × 100 列" in message and "50000" in message


# --- expansion bombs --------------------------------------------------------------------------------


def bomb(size: int) -> bytes:
    """A sheet padded with `size` bytes of blanks between its cells: tiny once compressed."""
    return hostile.xlsx(f'<row r="1">{hostile.HEADER_CELLS}</row>' + " " * size)


def test_an_expansion_bomb_is_refused_by_what_it_declares(settings):
    settings.LEDGER_MAX_EXPANDED_BYTES = 1024 * 1024
    content = bomb(3 * 1024 * 1024)
    assert len(content) < 20_000
    assert "文件解压后超过 1 MB" in refusal(content, "台账.xlsx")


def test_an_expansion_bomb_that_lies_about_its_size_is_refused_while_it_inflates(settings):
    settings.LEDGER_MAX_EXPANDED_BYTES = 1024 * 1024
    content = hostile.declare_size(bomb(3 * 1024 * 1024), "xl/worksheets/sheet1.xml", 100)
    declared = zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet1.xml")
    assert declared.file_size == 100
    assert "文件解压后超过 1 MB" in refusal(content, "台账.xlsx")


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(settings):
    settings.LEDGER_MAX_FILE_BYTES = 2048
    message = refusal(files.xlsx(files.table({"项目名称": "甲" * 3000})), "台账.xlsx")
    assert "超过上限 2 KB" in message


# --- the other formats the reader accepts ----------------------------------------------------------


def test_an_ods_whose_repeated_columns_expand_past_the_limit_is_refused():
    content = hostile.ods(
        '<table:table-row><table:table-cell table:number-columns-repeated="16384"'
        ' office:value-type="float" office:value="1"/></table:table-row>'
    )
    assert len(content) < 2000
    assert "单元格 XFD2 超出第 100 列" in refusal(content, "台账.ods")


def test_an_ods_whose_repeated_rows_expand_past_the_limit_is_refused():
    content = hostile.ods(
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell'
        ' office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    )
    assert "单元格 A1048576 超出第 500000 行" in refusal(content, "台账.ods")


def test_the_empty_repeats_libreoffice_writes_at_the_end_of_a_sheet_pass():
    trailing = (
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell'
        ' table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = hostile.ods(
        '<table:table-row><table:table-cell office:value-type="string"><text:p>甲</text:p>'
        "</table:table-cell></table:table-row>" + trailing
    )
    extent = check_file(content, "台账.ods")
    assert (extent.rows, extent.columns) == (2, 2)


def test_an_xls_with_a_cell_past_the_columns_is_refused():
    content = files.xls([["项目名称", "项目编号"], ["甲", "A-1"]])
    import xlwt  # a real .xls with one far cell, as Excel 97 would write it

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    sheet.write(0, 0, "项目名称")
    sheet.write(0, 1, "项目编号")
    sheet.write(65535, 255, "远处")
    out = io.BytesIO()
    book.save(out)
    assert read_ledger(content, "台账.xls").headers  # the small one reads
    assert "单元格 IV65536 超出第 100 列" in refusal(out.getvalue(), "台账.xls")


def test_an_xls_whose_declared_range_is_huge_is_refused_before_it_is_reserved():
    dimensions = hostile.biff(0x0200, struct.pack("<IIHHH", 0, 0xFFFFFFFF, 0, 256, 0))
    content = hostile.ole({"Workbook": hostile.biff_workbook(dimensions)})
    assert "声明的范围(4294967295 行 × 256 列)" in refusal(content, "台账.xls")


def test_an_xlsb_cell_past_the_columns_is_refused():
    records = hostile.xlsb_record(0x0000, struct.pack("<I", 5) + b"\0" * 8)
    records += hostile.xlsb_record(0x0005, struct.pack("<IId", 16383, 0, 1.0))
    assert "单元格 XFD6 超出第 100 列" in refusal(hostile.xlsb(records), "台账.xlsb")


def test_a_csv_past_the_limits_is_refused(settings):
    settings.LEDGER_MAX_ROWS = 100
    rows = "项目名称,项目编号\n" + "甲,A\n" * 150
    assert "超出第 100 行" in refusal(rows.encode(), "台账.csv")
    wide = "项目名称,项目编号" + ",x" * 150 + "\n"
    assert "超出第 100 列" in refusal(wide.encode(), "台账.csv")
    commas = "项目名称,项目编号\n" + "," * 100_000 + "\n"
    assert "分隔符" in refusal(commas.encode(), "台账.csv")


# --- what is not a spreadsheet ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PNG 图片"),
        (b"%PDF-1.7\n", "PDF 文档"),
    ],
)
def test_a_file_of_another_type_renamed_xlsx_says_what_it_is(content, words):
    message = refusal(content, "台账.xlsx")
    assert "不是表格" in message and words in message


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photos/a.jpg", b"\xff\xd8\xff")
    assert "没有 Excel 或 ODS 工作表" in refusal(out.getvalue(), "台账.xlsx")


def test_a_truncated_workbook_is_refused_as_damaged():
    good = files.xlsx(files.table({"项目名称": "甲"}))
    assert "已损坏或不完整" in refusal(good[: len(good) // 2], "台账.xlsx")


def test_an_encrypted_workbook_is_refused_as_encrypted():
    encrypted_xlsx = hostile.ole({"EncryptionInfo": b"\4\0\4\0", "EncryptedPackage": b"\0" * 64})
    assert "设有打开密码" in refusal(encrypted_xlsx, "台账.xlsx")
    filepass = hostile.biff(0x002F, struct.pack("<HHH", 1, 1, 1))
    encrypted_xls = hostile.ole({"Workbook": hostile.biff_workbook(b"", globals_records=filepass)})
    assert "设有打开密码" in refusal(encrypted_xls, "台账.xls")


def test_good_files_of_every_format_still_pass():
    rows = files.table({"项目编号": "A-1", "项目名称": "甲", "登记日期": TODAY})
    for builder, name in (
        (files.xlsx, "a.xlsx"),
        (files.xls, "a.xls"),
        (files.ods, "a.ods"),
        (files.csv_bytes, "a.csv"),
    ):
        sheet = read_ledger(builder(rows), name)
        assert [row[:2] for _number, row in sheet.rows()] == [["A-1", "甲"]], name


# --- the worker, the page and the CLI stay up ----------------------------------------------------------


def test_the_background_task_ends_a_hostile_file_as_invalid_and_returns(zone, people):
    job = LedgerImport.objects.create(
        zone=zone, user=people["alice"], filename="台账.xlsx", content=FAR_CELL, background=True
    )
    tasks.validate_import_task.call(job.pk)
    job.refresh_from_db()
    assert job.status == LedgerImport.Status.INVALID
    assert "XFD1048576" in job.result["errors"][0]["message"]


def test_the_page_refuses_a_hostile_upload_and_its_error_sheet_stays_safe(client, zone, people):
    client.force_login(people["alice"])
    handle = io.BytesIO(FAR_CELL)
    handle.name = "台账.xlsx"
    response = client.post("/ledger/", {"file": handle})
    job = LedgerImport.objects.get()
    assert job.status == LedgerImport.Status.INVALID
    html = client.get(response["Location"]).content.decode()
    assert "单元格 XFD1048576 超出第 100 列" in html
    assert client.get(f"/ledger/imports/{job.pk}/errors/").status_code == 404
    assert not Project.objects.exists()


def test_an_upload_over_the_limit_is_refused_while_it_arrives(client, zone, people, settings):
    settings.LEDGER_MAX_FILE_BYTES = 64 * 1024
    client.force_login(people["alice"])
    handle = io.BytesIO(b"PK\x03\x04" + b"\0" * (100 * 1024))
    handle.name = "台账.xlsx"
    response = client.post("/ledger/", {"file": handle})
    assert response.status_code == 413
    assert "超过上限 64 KB" in response.content.decode()
    assert not LedgerImport.objects.exists()


def test_an_upload_declaring_a_huge_body_is_refused_unread(client, zone, people, settings):
    settings.LEDGER_MAX_FILE_BYTES = 64 * 1024
    client.force_login(people["alice"])
    body = b"x" * 16
    response = client.generic(
        "POST",
        "/ledger/",
        body,
        content_type="multipart/form-data; boundary=zz",
        CONTENT_LENGTH=str(2 * 1024 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "超过上限 64 KB" in response.content.decode()
    assert not LedgerImport.objects.exists()


def test_the_service_never_stores_an_upload_over_the_limit(zone, people, settings):
    settings.LEDGER_MAX_FILE_BYTES = 1024
    with pytest.raises(ValidationError):
        services.start_import(
            zone=zone, actor=people["alice"], filename="台账.csv", content=b"x" * 2048
        )
    assert not LedgerImport.objects.exists()


def test_the_cli_refuses_a_file_over_the_limit_without_reading_it(
    zone, settings, tmp_path, monkeypatch
):
    settings.LEDGER_MAX_FILE_BYTES = 1024
    path = tmp_path / "台账.csv"
    path.write_bytes(b"x" * 4096)

    def never(self):
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(CommandError, match="超过上限 1 KB"):
        call_command("import-ledger", str(path), "--zone", zone.code)


def test_the_cli_lists_a_hostile_file_as_an_error(zone, tmp_path, capsys):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(FAR_CELL)
    with pytest.raises(CommandError) as caught:
        call_command("import-ledger", str(path), "--zone", zone.code, "--today", "2026-05-31")
    assert caught.value.returncode == 1
    assert "单元格 XFD1048576 超出第 100 列" in capsys.readouterr().out


def test_limits_refuse_directly_with_the_same_message():
    with pytest.raises(FileRefused, match="XFD1048576"):
        check_file(FAR_CELL, "台账.xlsx")


def test_an_xls_whose_sector_chain_loops_is_refused():
    """calamine follows a chain until its end mark: a loop would read and allocate for ever."""
    content = bytearray(hostile.ole({"Workbook": hostile.biff_workbook(b"")}))
    fat_at = 512  # the FAT is the first sector: the stream's sectors are 2…9
    struct.pack_into("<I", content, fat_at + 9 * 4, 2)  # the last one points back to the first
    assert "扇区链循环" in refusal(bytes(content), "台账.xls")
