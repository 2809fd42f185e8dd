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
import re
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

from zhaoshang.core.widths import is_wide
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


# --- the widths of a table's columns --------------------------------------------------------
#
# Widths follow the content: a column as wide as its longest text when the table fits; when it
# does not, the widest text columns are narrowed first, to a common width (numbers and dates
# never wrap), and no column is left at a width where its text would leave one character alone
# on a last line, nor narrower than its longest word (an English word is never cut in two).
# Widths are in ems of the table's font size: a CJK character is one, a Latin letter or digit
# a little more than Times New Roman's (the tables' Latin font).

NARROWEST_TEXT = 4.0  # ems: a text column is never narrower (unless its longest text is)
NARROW = 0.55  # ems of a digit or a letter of average width (Times New Roman's are 0.5)
SLIM = 0.33  # ems of i, l, t, f, r, j, a space and punctuation (Times: 0.25 to 0.33)
BROAD = 0.8  # ems of m, w, M, W (Times: 0.72 to 0.94)
CAPITAL = 0.72  # ems of another capital (Times: 0.56 to 0.72)
SLIM_CHARACTERS = frozenset("iltfrjI.,:;'!|()[]- ")
BROAD_CHARACTERS = frozenset("mwMW%@")
FIXED_SLACK = 0.5  # ems a number is given beyond its width, so that it never wraps
TOKENS = re.compile(r"\s+|[^\s\u2e80-\uffff]+|.", re.S)


@functools.cache
def _ems(char: str) -> float:
    if is_wide(char):
        return 1.0
    if char in SLIM_CHARACTERS:
        return SLIM
    if char in BROAD_CHARACTERS:
        return BROAD
    if char.isupper():
        return CAPITAL
    return NARROW


def text_ems(text: str) -> float:
    return sum(_ems(char) for char in text)


def _tokens(text: str) -> list[str]:
    """What a line may not break inside: a run of Latin letters, digits and punctuation (a
    word, a number), or one CJK character; spaces between them."""
    return TOKENS.findall(text)


def longest_word(texts: list[str]) -> float:
    """The width of the widest word (or CJK character) of `texts`: a column narrower than it
    would cut the word in two."""
    return max(
        [text_ems(token) for text in texts for token in _tokens(text) if not token.isspace()]
        + [0.0]
    )


def _lines(text: str, width: float) -> list[tuple[float, str]]:
    """The lines `text` takes wrapped into `width` ems, each with its width: broken between
    words and CJK characters, a word wider than the whole line between its characters."""
    lines: list[tuple[float, str]] = []
    line, chars, space = 0.0, "", 0.0
    for token in _tokens(text):
        if token.isspace():
            space = text_ems(token) if line else 0.0
            continue
        ems = text_ems(token)
        if line and line + space + ems > width + 1e-9:
            lines.append((line, chars))
            line, chars, space = 0.0, "", 0.0
        if ems > width + 1e-9:  # a word longer than the line: broken by characters
            for char in token:
                if line and line + _ems(char) > width + 1e-9:
                    lines.append((line, chars))
                    line, chars = 0.0, ""
                line += _ems(char)
                chars += char
            continue
        line += space + ems
        chars += token
        space = 0.0
    lines.append((line, chars))
    return lines


def last_line(text: str, width: float) -> float:
    """The width of the last line of `text` wrapped into `width` ems."""
    return _lines(text, width)[-1][0]


def leaves_an_orphan(texts: list[str], width: float) -> bool:
    """Whether some text wraps onto a last line of a single character, in `width` ems or a
    little less (a reader's font and spacing differ from these estimates)."""
    return any(
        text_ems(t) > line + 1e-9 and len(_lines(t, line)[-1][1]) <= 1
        for t in texts
        for line in (width, width - 0.3, width - 0.6)
    )


HEADER_LINES = (2, 3, 4, 5, 6)  # the lines a number's header may take, fewest first


def column_widths(texts: list[list[str]], fixed: list[bool], available: float) -> list[float]:
    """Each column's width in ems, `texts` its header and cells, `fixed` when they must not wrap
    (numbers, dates; their headers may take two lines or more), within `available` ems all
    told: of the widths the headers' lines allow, those that make the table shortest (a header
    on more lines leaves the text columns more room: an English table's long headers)."""
    flexible = [i for i, keep in enumerate(fixed) if not keep] or list(range(len(texts)))
    # The narrowest a text column may become: NARROWEST_TEXT, or its longest text if shorter,
    # and never narrower than its longest word.
    floors = [
        max(min(max(text_ems(t) for t in column), NARROWEST_TEXT), longest_word(column))
        for column in texts
    ]
    # (crowded, lines, widths): a table that fits without crowding its columns first.
    best: tuple[bool, int, list[float]] | None = None
    for header_lines in HEADER_LINES:
        needs = [
            _fixed_width(column, header_lines) if keep else max(text_ems(t) for t in column)
            for column, keep in zip(texts, fixed, strict=True)
        ]
        least = sum(floors[i] if i in flexible else needs[i] for i in range(len(needs)))
        if least > available and (best or header_lines != HEADER_LINES[-1]):
            continue
        widths, crowded = _fitted(texts, needs, floors, flexible, available)
        candidate = (crowded, _table_lines(texts, widths), widths)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    assert best is not None
    return best[2]


def _table_lines(texts: list[list[str]], widths: list[float]) -> int:
    """The lines a table takes with these widths: each row as many as its tallest cell."""
    rows = zip(*texts, strict=True)
    total = 0
    for row in rows:
        total += max(
            sum(len(_lines(part, width)) for part in header_parts(text) if part)
            for text, width in zip(row, widths, strict=True)
        )
    return total


def _fitted(
    texts: list[list[str]],
    needs: list[float],
    floors: list[float],
    flexible: list[int],
    available: float,
) -> tuple[list[float], bool]:
    """The widths within `available`: fixed columns as they `need`, text columns sharing the
    rest (or giving up what is missing, the widest first, down to their `floors`); and
    whether that was not enough (every column narrowed in proportion: crowded)."""
    widths = list(needs)
    room = available - sum(widths)
    if room >= 0:  # everything fits on one line: the room goes to the text columns
        for i in flexible:
            widths[i] += room * needs[i] / sum(needs[j] for j in flexible)
    else:  # the text columns give up what is missing, the widest first
        budget = available - sum(widths[i] for i in range(len(texts)) if i not in flexible)
        cap = _common_width([needs[i] for i in flexible], budget)
        for i in flexible:
            widths[i] = min(needs[i], max(cap, floors[i]))
    for i in flexible:
        widths[i] = _without_orphans(texts[i], widths[i], floor=floors[i])
    excess = sum(widths) - available
    for i in sorted(flexible, key=lambda i: -widths[i]):
        if excess < 1e-6:
            break
        # Narrower by the excess, or by more where that would leave a character alone.
        candidate = max(widths[i] - excess, floors[i])
        while candidate > floors[i] and leaves_an_orphan(texts[i], candidate):
            candidate = max(candidate - 0.1, floors[i])
        if not leaves_an_orphan(texts[i], candidate):
            excess -= widths[i] - candidate
            widths[i] = candidate
    crowded = sum(widths) > available + 1e-6
    if crowded:  # narrower everywhere rather than off the page
        widths = [width * available / sum(widths) for width in widths]
        for i in flexible:
            widths[i] = _without_orphans(texts[i], widths[i], wider=False)
    else:
        _widen(texts, widths, needs, flexible, available)
    return widths, crowded


def _widen(
    texts: list[list[str]],
    widths: list[float],
    needs: list[float],
    flexible: list[int],
    available: float,
) -> None:
    """Room left over (a column narrowed further than the excess, away from an orphan) goes
    to the text column it shortens the table most, up to its need."""
    room = available - sum(widths)
    if room < 0.1:
        return
    lines = _table_lines(texts, widths)
    best = None
    for i in flexible:
        wider = min(widths[i] + room, needs[i])
        while wider > widths[i] and leaves_an_orphan(texts[i], wider):
            wider -= 0.1
        if wider <= widths[i]:
            continue
        trial = [*widths[:i], wider, *widths[i + 1 :]]
        saved = lines - _table_lines(texts, trial)
        if saved > 0 and (best is None or saved > best[0]):
            best = (saved, i, wider)
    if best is not None:
        widths[best[1]] = best[2]


def header_parts(header: str) -> tuple[str, str]:
    """A header and its unit in brackets: 新开工（个） → 新开工, （个）; Newly started
    (projects) → Newly started, (projects)."""
    for opening in ("（", " ("):
        head, bracket, unit = header.rpartition(opening)
        if bracket and head and unit.endswith((")", "）")):
            return head, (bracket + unit).strip()
    return header, ""


def _fixed_width(column: list[str], header_lines: int) -> float:
    """A column of numbers or dates: as wide as its widest value, and as its header on
    `header_lines` lines at most, its unit on lines of its own (序号 and the like on one; a
    Chinese unit on one line, an English one broken between its words), no line of it a
    single character and no word of it cut."""
    head, unit = header_parts(column[0])
    width = max(
        [text_ems(t) + FIXED_SLACK for t in column[1:]]
        + [text_ems(part) for part in unit.split()]
        + [longest_word([head]), min(text_ems(head), 2.0)]
    )
    while len(_lines(head, width)) + (
        len(_lines(unit, width)) if unit else 0
    ) > header_lines or leaves_an_orphan([head, unit], width):
        width += 0.1
    return width


def _common_width(widths: list[float], budget: float) -> float:
    """The width w at which the columns, each min(width, w) wide, take up `budget`."""
    narrower = 0.0
    for n, width in enumerate(sorted(widths)):
        wider = len(widths) - n  # columns from this one on are cut to w
        if narrower + wider * width >= budget:
            return max((budget - narrower) / wider, 0.0)
        narrower += width
    return max(widths)


def _without_orphans(
    texts: list[str], width: float, *, wider: bool = True, floor: float = 1.0
) -> float:
    """The width nearest `width` (in tenths of an em, up to two ems either way; only narrower
    unless `wider`; not under `floor`) at which no text leaves a single character on its last
    line."""
    steps = [0.0]
    for tenth in range(1, 21):
        steps += [-tenth / 10, tenth / 10] if wider else [-tenth / 10]
    for step in steps:
        candidate = width + step
        if candidate >= max(floor, 1) and not leaves_an_orphan(texts, candidate):
            return candidate
    return width
