"""Hostile files built by hand, small: an .xlsx package part by part, an .ods content.xml, an
.xlsb sheet of records, an OLE2 compound file (the container of .xls and of encrypted
workbooks), a BIFF8 workbook stream."""

import io
import struct
import zipfile

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER_CELLS = (
    '<c r="A1" t="inlineStr"><is><t>项目名称</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>项目编号</t></is></c>'
)


def xlsx(sheet_data: str, *, dimension: str = "A1:B2", sheet_xml: str | None = None) -> bytes:
    """A workbook of one sheet named 台账 whose <sheetData> holds `sheet_data`."""
    sheet = sheet_xml or (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_NS}">'
        f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    return package({"xl/worksheets/sheet1.xml": sheet})


def package(parts: dict[str, str | bytes]) -> bytes:
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    base = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rels}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{SHEET_NS}" xmlns:r="{rels}"><sheets>'
            '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rels}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**base, **parts}.items():
            archive.writestr(name, data)
    return out.getvalue()


def declare_size(content: bytes, part: str, size: int) -> bytes:
    """The zip with `part`'s uncompressed size rewritten (local header and central directory):
    a package that lies about what it expands to."""
    data = bytearray(content)
    name = part.encode()
    archive = zipfile.ZipFile(io.BytesIO(content))
    info = archive.getinfo(part)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        (length,) = struct.unpack_from("<H", data, at + 28)
        if data[at + 46 : at + 46 + length] == name:
            struct.pack_into("<I", data, at + 24, size)
            break
        at += 4
    return bytes(data)


def ods(rows_xml: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="台账">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>项目名称</text:p>'
        '</table:table-cell><table:table-cell office:value-type="string"><text:p>项目编号'
        "</text:p></table:table-cell></table:table-row>"
        f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def xlsb_record(kind: int, payload: bytes) -> bytes:
    def varint(value: int) -> bytes:
        out = bytearray()
        while True:
            byte = value & 0x7F
            value >>= 7
            out.append(byte | (0x80 if value else 0))
            if not value:
                return bytes(out)

    return varint(kind) + varint(len(payload)) + payload


def xlsb(sheet_records: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.bin", b"")
        archive.writestr("xl/worksheets/sheet1.bin", sheet_records)
    return out.getvalue()


def biff(kind: int, payload: bytes) -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


def biff_workbook(sheet_records: bytes, *, globals_records: bytes = b"") -> bytes:
    """A BIFF8 Workbook stream: globals (BOF, a BOUNDSHEET to the sheet, EOF), then the sheet's
    substream (BOF, `sheet_records`, EOF)."""
    bof_globals = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    name = "台账".encode("utf-16-le")

    def boundsheet(offset: int) -> bytes:
        return biff(0x0085, struct.pack("<IBBBB", offset, 0, 0, 2, 1) + name)

    head = bof_globals + globals_records + boundsheet(0) + biff(0x000A, b"")
    offset = len(head)
    head = bof_globals + globals_records + boundsheet(offset) + biff(0x000A, b"")
    sheet = (
        biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
        + sheet_records
        + biff(0x000A, b"")
    )
    return head + sheet


def ole(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file (512-byte sectors) with `streams` at its root, each padded to
    4096 bytes so that it lives in ordinary sectors. One FAT sector, one directory sector: up
    to three streams of at most 60 KB together."""
    sector = 512
    names = list(streams)
    datas = [streams[n] + b"\0" * max(0, 4096 - len(streams[n])) for n in names]
    datas = [d + b"\0" * (-len(d) % sector) for d in datas]
    fat = [0xFFFFFFFD, 0xFFFFFFFE]  # the FAT sector itself, the directory sector
    starts = []
    for data in datas:
        starts.append(len(fat))
        count = len(data) // sector
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, right: int, child: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, 0xFFFFFFFF, right, child)
            + b"\0" * 36
            + struct.pack("<III", start, size, 0)
        )

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, 0xFFFFFFFF, 1 if names else 0xFFFFFFFF)
    for i, (start, data) in enumerate(zip(starts, datas, strict=True)):
        right = i + 2 if i + 1 < len(names) else 0xFFFFFFFF
        directory += entry(names[i], 2, start, len(data), right, 0xFFFFFFFF)
    directory = directory.ljust(sector, b"\0")
    for i in range(len(names) + 1, 4):  # the unused entries of the directory sector
        at = i * 128
        directory = (
            directory[:at]
            + b"\0" * 68
            + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
            + directory[at + 80 :]
        )
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIII", 0, 1, 1, 0)
        + struct.pack("<IIIII", 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", 0xFFFFFFFF) * 108
    )
    assert len(header) == sector
    return header + struct.pack("<128I", *fat) + directory + b"".join(datas)
