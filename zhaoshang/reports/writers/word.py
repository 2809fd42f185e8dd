"""The briefing as .docx, laid out after GB/T 9704-2012 (党政机关公文格式).

A4; margins top 37, bottom 35, left 28, right 26 mm (text block 156 × 225 mm); a document grid
of 22 lines of 28 characters; body 3号 (16 pt) 仿宋 with a first-line indent of two characters;
title 2号 (22 pt) 方正小标宋简体, centred; headings 3号 黑体 (一、) and 楷体 ((一)); page numbers
4号 宋体 in the footer, 「— 1 —」, odd pages on the right and even pages on the left, one
character in from the edge.

Word and WPS take a Chinese font from the `w:eastAsia` attribute of `w:rFonts` (python-docx's
`font.name` sets only the Latin ones), and a theme attribute there (`w:eastAsiaTheme`) wins over
a named font — so every style and run here names its fonts explicitly and drops the theme ones.
"""

import copy
import functools
import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from zhaoshang.reports.document import (
    Briefing,
    Heading,
    Kind,
    Linked,
    Paragraph,
    Table,
    cell_text,
    cell_value,
    in_units,
)
from zhaoshang.reports.writers import APPLICATION, author, title_lines
from zhaoshang.reports.writers.columns import column_widths, header_parts, text_ems

FANGSONG = "仿宋"
HEITI = "黑体"
KAITI = "楷体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SMALL_4 = Pt(12)  # 小四
SIZE_5 = Pt(10.5)  # 五号
SMALL_5 = Pt(9)  # 小五
LINE = Pt(28.95)  # 225 mm / 22 lines
TEXT_WIDTH_PT = 156 / 25.4 * 72
CELL_PADDING_PT = 10.8  # Word's cell margins, 0.19 cm either side
WIDE_CELL_PADDING_PT = 5.7  # a wide table's: 0.1 cm either side
WIDE_TABLE = 8  # columns from which a table's text is 小五


def write(briefing: Briefing) -> bytes:
    doc = Document()
    _page(doc)
    _styles(doc)
    _page_numbers(doc)
    _title(doc, briefing)
    for block in briefing.blocks:
        if isinstance(block, Heading):
            style = "Heading 1" if block.level == 1 else "Heading 2"
            font = HEITI if block.level == 1 else KAITI
            _paragraph(doc, block.full, style, font, SIZE_3)
        elif isinstance(block, Paragraph):
            style = "ZS Body" if block.kind == "body" else "ZS Note"
            _paragraph(
                doc, block.text, style, FANGSONG, SIZE_3 if block.kind == "body" else SMALL_4
            )
        elif block.document:
            _table(doc, block)
    _paragraph(doc, "", "ZS Note", FANGSONG, SMALL_4)
    _paragraph(doc, briefing.closing, "ZS Note", FANGSONG, SMALL_4)
    properties = doc.core_properties
    properties.title = briefing.title
    properties.subject = briefing.subtitle
    properties.author = properties.last_modified_by = author(briefing)
    properties.keywords = _("简报")
    properties.comments = briefing.closing
    properties.created = properties.modified = briefing.generated_at.replace(tzinfo=None)
    properties.revision = 1
    _application_properties(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _application_properties(doc) -> None:
    """docProps/app.xml names this application, not the template's 「Microsoft Macintosh Word」
    with its page and word counts of an empty page: the package's relationship to the
    template's part is replaced by one to a part built here. The template's thumbnail (a
    picture of another document) goes too."""
    package = doc.part.package
    for rId, relationship in list(package.rels.items()):
        if relationship.reltype in (RT.EXTENDED_PROPERTIES, RT.THUMBNAIL):
            del package.rels[rId]
    name = escape(APPLICATION)
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{EXTENDED_PROPERTIES}" xmlns:vt="{DOC_PROPS_VTYPES}">'
        f"<Application>{name}</Application><DocSecurity>0</DocSecurity>"
        f"<Company>{name}</Company></Properties>"
    )
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, xml.encode(), package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
DOC_PROPS_VTYPES = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


# --- page, styles, footer ------------------------------------------------------------------


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The page number's dash sits 7 mm below the text block: a 4号 line is about 6.4 mm high.
    section.footer_distance = Mm(21.6)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # 22 lines of 28.95 pt (579 twips). The 28 characters a line come from the body's character
    # spacing (below), not from a character grid: Word would honour a grid's charSpace of -849,
    # but LibreOffice then gives each 16 pt character two grid cells of 15.79 pt.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")
    grid.attrib.pop(qn("w:charSpace"), None)


def _fonts(rpr, east_asia: str, latin: str = LATIN) -> None:
    """Name the fonts on a w:rPr: East Asian through w:eastAsia, Latin through w:ascii/w:hAnsi;
    theme attributes removed, since they would win over the names."""
    rfonts = rpr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attribute), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


# 156 mm is 442.2 pt: 28 characters of 16 pt fit when each is 0.25 pt narrower (441 pt).
CONDENSED_TWENTIETHS = "-5"


def _condense(rpr, twentieths: str = CONDENSED_TWENTIETHS) -> None:
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.insert_element_before(spacing, *_AFTER_SPACING)
    spacing.set(qn("w:val"), twentieths)


# w:rPr children that come after w:spacing in the schema's sequence.
_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def _style(doc, name: str, *, base: str = "Normal"):
    styles = doc.styles
    if name in [style.name for style in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    return style


def _format(
    style,
    *,
    font: str,
    size,
    latin: str = LATIN,
    align=None,
    indent: bool = False,
    exact: bool = True,
    grid: bool = False,
    before=None,
    after=None,
) -> None:
    """A paragraph style's fonts and spacing. Only body text and headings (`grid`) snap to the
    document's line grid and are set 28 characters a line; tables, notes and the title keep
    their own line heights."""
    _fonts(style.element.get_or_add_rPr(), font, latin)
    style.font.size = size
    style.font.bold = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    pf = style.paragraph_format
    pf.space_before, pf.space_after = before or Pt(0), after or Pt(0)
    snap = style.element.get_or_add_pPr().find(qn("w:snapToGrid"))
    if not grid:
        if snap is None:
            snap = OxmlElement("w:snapToGrid")
            style.element.get_or_add_pPr().insert_element_before(snap, *_AFTER_SNAP_TO_GRID)
        snap.set(qn("w:val"), "0")
    elif snap is not None:
        snap.getparent().remove(snap)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = LINE
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align is not None:
        pf.alignment = align
    # Body text and headings are condensed to 28 characters a line; the rest is set at the
    # font's own spacing — the Normal style's condensing, which they would inherit, is undone:
    # a table column's width is reckoned from whole characters (condensed, a sixth character
    # fitted a line meant for four or five, and the last wrapped alone: 快于序时进/度).
    _condense(style.element.get_or_add_rPr(), CONDENSED_TWENTIETHS if grid else "0")
    if indent:
        # Two characters: firstLineChars (hundredths of a character) for Word and WPS, firstLine
        # in twips for readers that know only that.
        pf.first_line_indent = Pt(32)
        style.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
    else:
        pf.first_line_indent = Pt(0)


# w:pPr children that come after w:snapToGrid in the schema's sequence.
_AFTER_SNAP_TO_GRID = (
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _styles(doc) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, FANGSONG)
    # The grid's character pitch is reckoned from the default font size: 16 pt.
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), "32")
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    if spacing is not None:
        spacing.set(qn("w:after"), "0")

    styles = doc.styles
    _format(
        styles["Normal"], font=FANGSONG, size=SIZE_3, align=WD_ALIGN_PARAGRAPH.JUSTIFY, grid=True
    )
    _format(_style(doc, "ZS Body"), font=FANGSONG, size=SIZE_3, indent=True, grid=True)
    for name, font in (("Heading 1", HEITI), ("Heading 2", KAITI)):
        style = styles[name]
        _format(style, font=font, size=SIZE_3, latin=font, indent=True, grid=True)
        style.font.italic = False
        style.paragraph_format.keep_with_next = True
        color = style.element.rPr.find(qn("w:color"))
        for attribute in ("w:themeColor", "w:themeShade"):
            color.attrib.pop(qn(attribute), None)
    _format(
        _style(doc, "ZS Title"),
        font=XIAOBIAOSONG,
        latin=XIAOBIAOSONG,
        size=SIZE_2,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        exact=False,
    )
    _format(
        _style(doc, "ZS Subtitle"),
        font=KAITI,
        size=SIZE_3,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=Pt(8),
        after=LINE,
    )
    _format(_style(doc, "ZS Note"), font=FANGSONG, size=SMALL_4, exact=False, after=Pt(4))
    _format(
        _style(doc, "ZS Caption"),
        font=HEITI,
        latin=HEITI,
        size=SMALL_4,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        exact=False,
        before=Pt(6),
        after=Pt(3),
    )
    # Table text is set left (numbers right, dates centred, by the cell): a justified cell
    # spreads a short phrase over its width (快 于 序 时).
    _format(
        _style(doc, "ZS Table"),
        font=FANGSONG,
        size=SIZE_5,
        exact=False,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    _format(
        _style(doc, "ZS Table Heading", base="ZS Table"),
        font=HEITI,
        latin=HEITI,
        size=SIZE_5,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        exact=False,
    )
    _format(styles["Footer"], font=SONGTI, latin=SONGTI, size=SIZE_4, exact=False)


def _page_numbers(doc) -> None:
    """「— 1 —」 in 4号 宋体: odd pages on the right, even pages on the left, one character in."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = doc.styles["Footer"]
        paragraph.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = SIZE_4
        else:
            paragraph.paragraph_format.left_indent = SIZE_4
        _run(paragraph, "— ", SONGTI, SIZE_4, latin=SONGTI)
        _field(paragraph, "PAGE", "1")
        _run(paragraph, " —", SONGTI, SIZE_4, latin=SONGTI)


def _field(paragraph, instruction: str, shown: str) -> None:
    def char(kind: str):
        run = _run(paragraph, "", SONGTI, SIZE_4, latin=SONGTI)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = _run(paragraph, "", SONGTI, SIZE_4, latin=SONGTI)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    _run(paragraph, shown, SONGTI, SIZE_4, latin=SONGTI)
    char("end")


# --- content --------------------------------------------------------------------------------


@functools.cache
def _run_properties(font: str, size: int, latin: str):
    """A run's w:rPr naming its fonts and size, built once and copied into every run (python-docx
    is slow at building them one by one)."""
    run = Document().add_paragraph().add_run()
    _fonts(run._r.get_or_add_rPr(), font, latin)
    run.font.size = size
    return run._r.rPr


def _run(paragraph, text: str, font: str, size, *, latin: str = LATIN):
    run = paragraph.add_run(text)
    run._r.insert(0, copy.deepcopy(_run_properties(font, size, latin)))
    return run


def _set_style(paragraph, style: str) -> None:
    """By style id (the name without spaces, for the built-in styles used and for those added
    here), straight into w:pStyle: python-docx's lookup by name scans every style each time."""
    paragraph._p.style = style.replace(" ", "")


def _paragraph(doc_or_cell, text: str, style: str, font: str, size, *, latin: str = LATIN):
    paragraph = doc_or_cell.add_paragraph()
    _set_style(paragraph, style)
    if text:
        _run(paragraph, text, font, size, latin=latin)
    return paragraph


def _title(doc, briefing: Briefing) -> None:
    paragraph = doc.add_paragraph()
    _set_style(paragraph, "ZS Title")
    for i, line in enumerate(title_lines(briefing.title)):
        run = _run(paragraph, line, XIAOBIAOSONG, SIZE_2, latin=XIAOBIAOSONG)
        if i < len(title_lines(briefing.title)) - 1:
            run.add_break()
    _paragraph(doc, briefing.subtitle, "ZS Subtitle", KAITI, SIZE_3)


def _table(doc, table: Table) -> None:
    table = in_units(table)
    if table.caption:
        _paragraph(doc, table.caption, "ZS Caption", HEITI, SMALL_4, latin=HEITI)
    size = SMALL_5 if len(table.columns) >= WIDE_TABLE else SIZE_5
    rows = [*table.rows, *([table.total] if table.total else [])]
    grid = doc.add_table(rows=1 + len(rows), cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    texts = [
        [column.title]
        + [cell_text(cell_value(values[i]), column.kind, column.unit) for values in rows]
        for i, column in enumerate(table.columns)
    ]
    padding = CELL_PADDING_PT
    if len(table.columns) >= WIDE_TABLE:
        padding = WIDE_CELL_PADDING_PT
        _cell_margins(grid, padding / 2)
    widths = [
        Pt(em * size.pt + padding)
        for em in column_widths(
            texts,
            [column.numeric or column.kind == Kind.DATE for column in table.columns],
            (TEXT_WIDTH_PT - padding * len(table.columns)) / size.pt,
        )
    ]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width

    header = grid.rows[0]
    _repeat_header(header)
    for cell, column, width in zip(header.cells, table.columns, widths, strict=True):
        paragraph = _cell(cell, column.title, "ZS Table Heading", HEITI, size, width, shade=True)
        head, unit = header_parts(column.title)
        if unit and text_ems(column.title) * size.pt > width.pt - padding:
            # Too wide for one line: the unit on a line of its own, never a bracket alone.
            paragraph.runs[0].text = head
            paragraph.runs[0].add_break()
            _run(paragraph, unit, HEITI, size, latin=LATIN)
    for index, (row, values) in enumerate(zip(grid.rows[1:], rows, strict=True)):
        _keep_row(row)
        is_total = table.total is not None and index == len(rows) - 1
        for cell, value, column, width in zip(
            row.cells, values, table.columns, widths, strict=True
        ):
            text = cell_text(
                value if not isinstance(value, Linked) else value.value, column.kind, column.unit
            )
            paragraph = _cell(
                cell,
                text,
                "ZS Table",
                HEITI if is_total else FANGSONG,
                size,
                width,
            )
            if column.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif column.kind == Kind.DATE:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in filter(None, [table.more, *table.notes]):
        _paragraph(doc, text, "ZS Note", FANGSONG, SMALL_4)


def _cell_margins(grid, points: float) -> None:
    """The left and right margins of every cell of a table (python-docx has no call for it)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        element = OxmlElement(side)
        element.set(qn("w:w"), str(round(points * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties = grid._tbl.tblPr
    layout = properties.find(qn("w:tblLayout"))
    # w:tblCellMar follows w:tblLayout in the schema's sequence of w:tblPr.
    if layout is not None:
        layout.addnext(margins)
    else:
        properties.append(margins)


def _cell(cell, text: str, style: str, font: str, size, width, *, shade: bool = False):
    cell.width = width
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    _set_style(paragraph, style)
    # Latin letters and digits in Times New Roman, in the headers and the total row too (黑体's
    # are as wide as half a character each, and its fallbacks' wider: a total would wrap).
    _run(paragraph, text, font, size, latin=LATIN)
    if shade:
        tcpr = cell._tc.get_or_add_tcPr()
        fill = OxmlElement("w:shd")
        fill.set(qn("w:val"), "clear")
        fill.set(qn("w:color"), "auto")
        fill.set(qn("w:fill"), "F2F2F2")
        tcpr.append(fill)
    return paragraph


def _repeat_header(row) -> None:
    """The header row repeats at the top of every page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        trpr.append(element)


def _keep_row(row) -> None:
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)
