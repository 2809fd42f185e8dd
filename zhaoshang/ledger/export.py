"""Writing ledgers: the export (re-imports as "unchanged"), the empty template, the error sheet.

Sheets are written with XlsxWriter in constant-memory mode (rows streamed to disk), every cell
with an explicit type: text as text — so 项目编号 00123 keeps its zeros and a name beginning with
= + - @ is never a formula — amounts as numbers, dates as dates. No title row above the header,
so the file re-imports as it is; the header row is frozen and filtered.

Every sheet prints (zhaoshang/core/spreadsheets.py): the ledger's 24 columns on A3 landscape,
one page wide, the header row on every page; names, investors, reasons and notes wrap, and a
row that wraps is as tall as its lines.

A CSV export is UTF-8 with a byte-order mark (Excel and WPS then read it as UTF-8), or GBK for
old Excel and WPS versions that read every CSV as GBK: a character GBK cannot hold (a rare
character of a name, an emoji) refuses that export, naming the row, the column and the
character, rather than writing a file with a character lost.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import BinaryIO

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from zhaoshang.core.amounts import format_wan
from zhaoshang.core.spreadsheets import (
    APPLICATION,
    Workbook,
    is_rich_text_markup,
    print_setup,
    row_height,
    wrapped_lines,
    write_text,
)
from zhaoshang.ledger.columns import (
    AGREEMENT_LABELS,
    BY_KEY,
    CHANNEL_LABELS,
    COLUMNS,
    ERROR_HEADER,
    HEADER_KEYS,
    PROJECT_TYPE_LABELS,
    REFERRER_KIND_LABELS,
    STAGE_CHOICES,
    STAGE_LABELS,
    header_key,
)
from zhaoshang.ledger.validation import LedgerError
from zhaoshang.org.models import Industry, Park, Unit, Zone
from zhaoshang.projects.models import DATE_FIELD, MILESTONES, Project, Stage
from zhaoshang.stats.selectors import rules_of

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
CSV_GBK_TYPE = "text/csv; charset=gbk"
SHEET_NAME = "项目台账"
FORMULA_START = ("=", "+", "-", "@")
# Data validation reaches this many rows below the header in the template and the export.
VALIDATION_ROWS = 5000
FONT_SIZE = 10  # of the ledger's rows
# Columns whose text wraps onto more lines (the others hold codes, numbers, dates, short words).
WRAPPED_KINDS = {"text", "company", "longtext", "region", "industry", "park", "unit", "referrer"}
PRINT_SIDE_MARGIN = 0.3  # inches, left and right: the 24 columns print larger on A3
CSV_ENCODINGS = {"utf-8": "utf-8-sig", "gbk": "gbk"}  # the choice → the codec (with a BOM)
REFUSED_SHOWN = 10  # characters GBK cannot hold, listed in a refusal


class ExportRefused(Exception):
    """An export that cannot be written as asked; the message says why and where."""


# The projects' columns, in template order, as one values_list() (no model instances).
QUERY_FIELDS = [
    "code",
    "name",
    "company__name",
    "company__uscc",
    "origin_region__name",
    "industry__name",
    "park__name",
    "unit__name",
    "project_type",
    "channel",
    "total_investment_wan",
    "foreign_capital_usd_wan",
    "agreement_type",
    *(DATE_FIELD[stage] for stage in Stage),
    "drop_reason",
    "note",
    # 引荐方: at most one of these is set
    "referred_by__username",
    "referred_by__first_name",
    "referred_by__last_name",
    "introduced_by__name",
    "referrer_org__name",
]
_TYPE_AT = QUERY_FIELDS.index("project_type")
_CHANNEL_AT = QUERY_FIELDS.index("channel")
_AGREEMENT_AT = QUERY_FIELDS.index("agreement_type")
_DATES_AT = QUERY_FIELDS.index(DATE_FIELD[Stage.LEAD])
_DROPPED_AT = QUERY_FIELDS.index(DATE_FIELD[Stage.DROPPED])
_REFERRER_AT = QUERY_FIELDS.index("referred_by__username")
_MILESTONES_AT = [QUERY_FIELDS.index(DATE_FIELD[stage]) for stage in MILESTONES]


def ledger_rows(projects: QuerySet[Project], *, ordered: bool = False) -> Iterator[tuple]:
    """Each project as a tuple of cell values in template order: text, Decimal, date or None.
    By code unless the queryset comes `ordered` (the library's sort)."""
    query = (projects if ordered else projects.order_by("code")).values_list(*QUERY_FIELDS)
    for values in query.iterator(chunk_size=2000):
        stage = ""
        if values[_DROPPED_AT]:
            stage = STAGE_LABELS["dropped"]
        else:
            for stage_value, at in zip(reversed(MILESTONES), reversed(_MILESTONES_AT), strict=True):
                if values[at]:
                    stage = STAGE_LABELS[stage_value.value]
                    break
        yield (
            *values[:_TYPE_AT],
            PROJECT_TYPE_LABELS.get(values[_TYPE_AT], values[_TYPE_AT]),
            CHANNEL_LABELS.get(values[_CHANNEL_AT], values[_CHANNEL_AT]),
            values[_CHANNEL_AT + 1],
            values[_CHANNEL_AT + 2],
            AGREEMENT_LABELS.get(values[_AGREEMENT_AT], values[_AGREEMENT_AT]),
            *values[_DATES_AT : _DROPPED_AT + 1],
            values[_DROPPED_AT + 1],
            stage,
            values[_DROPPED_AT + 2],
            *_referrer_cells(values[_REFERRER_AT:]),
        )


def _referrer_cells(values) -> tuple[str, str]:
    """引荐方类型 and 引荐方: a person as 姓名(用户名), as the import reads it back."""
    username, first, last, enterprise, organisation = values
    if username:
        name = " ".join(part for part in (first, last) if part)
        return REFERRER_KIND_LABELS["person"], f"{name}({username})" if name else username
    if enterprise:
        return REFERRER_KIND_LABELS["enterprise"], enterprise
    if organisation:
        return REFERRER_KIND_LABELS["organisation"], organisation
    return "", ""


class _Formats:
    def __init__(self, book: Workbook):
        self.header = book.add_format(
            {
                "bold": True,
                "font_name": "宋体",
                "font_size": 11,
                "bg_color": "#DCE6F1",
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        )
        self.text = book.add_format(
            {"font_name": "宋体", "font_size": FONT_SIZE, "valign": "vcenter"}
        )
        self.wrap = book.add_format(
            {"font_name": "宋体", "font_size": FONT_SIZE, "valign": "vcenter", "text_wrap": True}
        )
        # Every cell of a row centred vertically: a row that wraps in one column is taller.
        self.date = book.add_format(
            {
                "font_name": "宋体",
                "font_size": FONT_SIZE,
                "num_format": "yyyy-mm-dd",
                "align": "center",
                "valign": "vcenter",
            }
        )
        self.amount = book.add_format(
            {
                "font_name": "宋体",
                "font_size": FONT_SIZE,
                "num_format": "#,##0.00",
                "valign": "vcenter",
            }
        )
        self.title = book.add_format({"bold": True, "font_size": 14, "font_name": "黑体"})
        self.label = book.add_format(
            {"bold": True, "font_name": "宋体", "bg_color": "#F2F2F2", "border": 1, "valign": "top"}
        )
        self.cell = book.add_format(
            {"font_name": "宋体", "text_wrap": True, "border": 1, "valign": "top"}
        )
        self.error = book.add_format(
            {
                "font_name": "宋体",
                "font_size": 10,
                "font_color": "#9C0006",
                "bg_color": "#FFC7CE",
                "text_wrap": True,
            }
        )
        self.note = book.add_format(
            {"font_name": "宋体", "font_size": FONT_SIZE, "valign": "top", "text_wrap": True}
        )
        self.bad = book.add_format({"bg_color": "#FFC7CE"})
        self.bad_date = book.add_format({"bg_color": "#FFC7CE", "num_format": "yyyy-mm-dd"})


def _workbook(out: BinaryIO, *, zone: Zone, title: str, at: dt.datetime) -> Workbook:
    book = Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    book.set_properties(
        {
            "title": title,
            "author": zone.name,
            "company": APPLICATION,
            "created": timezone.localtime(at).replace(tzinfo=None),
        }
    )
    return book


def _title(zone: Zone) -> str:
    return _("%(zone)s项目台账") % {"zone": zone.name}


def _header(sheet, formats: _Formats, rows: int, *, title: str) -> None:
    for col, column in enumerate(COLUMNS):
        kind = column.kind
        fmt = formats.date if kind == "date" else formats.amount if kind == "amount" else None
        sheet.set_column(col, col, column.width, fmt)
        sheet.write_string(0, col, column.header, formats.header)
    lines = max(wrapped_lines(column.header, column.width, 11) for column in COLUMNS)
    sheet.set_row(0, max(30, row_height(lines, 11)))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(rows, 1), len(COLUMNS) - 1)
    print_setup(
        sheet,
        title=title,
        width=sum(column.width for column in COLUMNS),
        header_rows=1,
        gridlines=True,
        side_margin=PRINT_SIDE_MARGIN,
    )


def write_xlsx(
    out: BinaryIO,
    rows: Iterable[tuple],
    *,
    zone: Zone,
    scope: str = "",
    exported_at: dt.datetime | None = None,
    total: int | None = None,
) -> int:
    """The ledger sheet, its counting-rules sheet and the column notes. Returns the row count."""
    exported_at = exported_at or timezone.now()
    title = _title(zone)
    book = _workbook(out, zone=zone, title=title, at=exported_at)
    formats = _Formats(book)
    sheet = book.add_worksheet(SHEET_NAME)
    rules_sheet = book.add_worksheet(_("统计口径"))
    notes_sheet = book.add_worksheet(_("填写说明"))
    options = book.add_worksheet("选项")
    # The autofilter needs the last row up front (constant-memory mode cannot go back); without
    # a count, a generous range does no harm.
    _header(sheet, formats, total if total is not None else 1_048_575, title=title)
    kinds = [column.kind for column in COLUMNS]
    count = _write_rows(sheet, rows, kinds, formats)
    _validations(sheet, options, zone, max(count, VALIDATION_ROWS))
    _rules_sheet(rules_sheet, formats, zone=zone, scope=scope, count=count, at=exported_at)
    _notes_sheet(notes_sheet, formats, title=title)
    options.hide()
    book.close()
    return count


def _write_rows(sheet, rows: Iterable[tuple], kinds: list[str], formats: _Formats) -> int:
    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime, set_row = sheet.write_datetime, sheet.set_row
    date_format, amount_format, wrap, text = (
        formats.date,
        formats.amount,
        formats.wrap,
        formats.text,
    )
    text_kinds = [k not in ("amount", "date") for k in kinds]
    wraps = [k in WRAPPED_KINDS for k in kinds]
    # A cell of n characters is at most 2n character widths: most fit on one line unmeasured.
    wrapping = [(col, COLUMNS[col].width) for col, wrapped in enumerate(wraps) if wrapped]
    number = 0
    for number, values in enumerate(rows, start=1):
        lines = 1
        for col, width in wrapping:
            value = values[col]
            if value and 2 * len(value) > width - 2:
                lines = max(lines, wrapped_lines(value, width, FONT_SIZE))
        if lines > 1:
            set_row(number, row_height(lines, FONT_SIZE))
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if text_kinds[col]:
                # A text cell whatever the text: never a formula, a number or markup.
                if value[0] == "<" and is_rich_text_markup(value):
                    write_text(sheet, number, col, value, wrap if wraps[col] else text)
                else:
                    write_string(number, col, value, wrap if wraps[col] else text)
            elif isinstance(value, Decimal):
                write_number(number, col, float(value), amount_format)
            else:
                write_datetime(
                    number, col, dt.datetime(value.year, value.month, value.day), date_format
                )
    return number


def _validations(sheet, options, zone: Zone, rows: int) -> None:
    """Drop-down lists, from a hidden sheet so long lists fit. Fixed lists (stages, types,
    channels, agreements) stop a wrong word; the zone's own lists only warn (a director may
    import new names with 自动新建)."""
    lists = {
        "stage": (STAGE_CHOICES, "stop"),
        "industry": (
            list(Industry.objects.filter(zone=zone).values_list("name", flat=True)),
            "warning",
        ),
        "park": (list(Park.objects.filter(zone=zone).values_list("name", flat=True)), "warning"),
        "unit": (list(Unit.objects.filter(zone=zone).values_list("name", flat=True)), "warning"),
        "project_type": (list(PROJECT_TYPE_LABELS.values()), "stop"),
        "channel": (list(CHANNEL_LABELS.values()), "stop"),
        "agreement_type": (list(AGREEMENT_LABELS.values()), "stop"),
        "referrer_kind": (list(REFERRER_KIND_LABELS.values()), "stop"),
    }
    positions = {column.key: i for i, column in enumerate(COLUMNS)}
    # Constant-memory sheets are written row by row: the lists side by side, a row at a time.
    columns = [[COLUMNS[positions[key]].header, *values] for key, (values, _s) in lists.items()]
    for row in range(max(len(column) for column in columns)):
        for list_col, column in enumerate(columns):
            if row < len(column):
                write_text(options, row, list_col, column[row])
    for list_col, (key, (values, style)) in enumerate(lists.items()):
        if not values:
            continue
        header = COLUMNS[positions[key]].header
        letter = xlsxwriter.utility.xl_col_to_name(list_col)
        col = positions[key]
        sheet.data_validation(
            1,
            col,
            rows,
            col,
            {
                "validate": "list",
                "source": f"='选项'!${letter}$2:${letter}${len(values) + 1}",
                "error_type": style,
                "error_title": header,
                "error_message": _validation_message(key, header),
                "ignore_blank": True,
            },
        )


def _validation_message(key: str, header: str) -> str:
    """What Excel, WPS and LibreOffice say when a cell holds a word not in its drop-down (at
    most 255 characters)."""
    if key == "stage":
        return _(
            "当前阶段须为下拉列表中的一项(在谈含洽谈和实质性谈判,在建即已开工),且与节点日期一致;可以留空。"
        )
    if key in ("industry", "park", "unit"):
        return _(
            "“%(column)s”不在本开发区的列表中:导入时将报错;局长或系统管理员导入时勾选“自动新建”则新建。"
        ) % {"column": header}
    return _("%(column)s须为下拉列表中的一项,可以留空。") % {"column": header}


def _rules_sheet(sheet, formats: _Formats, *, zone: Zone, scope: str, count: int, at) -> None:
    rules = rules_of(zone)
    major, tier = rules.major_threshold_wan, rules.tier_threshold_wan
    types = "、".join(PROJECT_TYPE_LABELS.get(t, t) for t in rules.counted_project_types)
    local = timezone.localtime(at)
    sheet.set_column(0, 0, RULES_LABEL_WIDTH)
    sheet.set_column(1, 1, RULES_TEXT_WIDTH)
    title = _title(zone)
    print_setup(sheet, title=title, width=RULES_LABEL_WIDTH + RULES_TEXT_WIDTH)
    sheet.write_string(0, 0, title, formats.title)
    facts = [
        (_("开发区"), zone.name),
        (_("导出时间"), local.strftime("%Y-%m-%d %H:%M")),
        (_("导出范围"), scope or _("全部项目")),
        (_("项目数"), str(count)),
    ]
    rules_text = [
        (_("新签约项目"), _("签约日期在统计期间内的项目。")),
        (
            _("新签约亿元以上项目"),
            _("其中总投资不低于 %(amount)s 的项目(“以上”含本数)。") % {"amount": format_wan(major)},
        ),
        (
            _("新签约5亿元以上项目"),
            _("其中总投资不低于 %(amount)s 的项目。") % {"amount": format_wan(tier)},
        ),
        (_("在谈项目"), _("截止日处于洽谈或实质性谈判阶段的项目;亿元以上同上。")),
        (
            _("在建、续建项目"),
            _(
                "截止日处于开工阶段(已开工、未竣工、未投产、未终止)的项目;续建项目为其中开工日期早于统计期间起始日的项目。"
            ),
        ),
        (_("新开工、新竣工、新投产项目"), _("开工、竣工、投产日期在统计期间内的项目。")),
        (_("实际到位资金"), _("统计期间内登记的到位资金合计(台账不含到位资金明细)。")),
        (
            _("阶段"),
            _(
                "按截止日判断:取截止日及以前日期最晚的节点;同一天有多个节点时取靠后的阶段;终止日期不晚于截止日的项目不计入任何阶段。"
            ),
        ),
        (
            _("金额与归属"),
            _("总投资、责任单位、产业、园区、项目类型按当前登记值计算,修改即更正历史数字。"),
        ),
        (_("计入统计的项目类型"), types or _("无")),
        (
            _("最低投资额"),
            format_wan(rules.minimum_amount_wan) if rules.minimum_amount_wan else _("不设下限"),
        ),
        (_("统计期间"), _("默认为截止日所在年度的1月1日至截止日。")),
    ]
    row = 2
    for label, text in facts:
        _labelled_row(sheet, row, label, text, formats)
        row += 1
    row += 1
    sheet.write_string(row, 0, _("统计口径"), formats.title)
    row += 1
    for label, text in rules_text:
        _labelled_row(sheet, row, label, text, formats)
        row += 1


RULES_LABEL_WIDTH = 22
RULES_TEXT_WIDTH = 66


def _labelled_row(sheet, row: int, label: str, text: str, formats: _Formats) -> None:
    lines = max(
        wrapped_lines(label, RULES_LABEL_WIDTH, 11), wrapped_lines(text, RULES_TEXT_WIDTH, 11)
    )
    if lines > 1:
        sheet.set_row(row, row_height(lines, 11))
    sheet.write_string(row, 0, label, formats.label)
    write_text(sheet, row, 1, text, formats.cell)


# Translated when the sheet is written (lazily: a list made at import would keep the language
# active then).
NOTES = [
    gettext_lazy(
        "第一行为表头;表头上方可以有标题行。列的顺序不限,不认识的列导入时会被忽略并提示。"
    ),
    gettext_lazy(
        "项目编号相同的行更新该项目;没有编号的行按“投资方+项目名称”匹配已有项目,匹配不到的新建并自动编号。"
    ),
    gettext_lazy(
        "某一列整列不存在时,导入不改动该字段;列存在而单元格为空时,清空该字段(项目类型除外)。"
    ),
    gettext_lazy(
        "导入全部校验通过才会写入;有任何错误时一条都不写入,可下载带“错误说明”列的文件修改后重新上传。"
    ),
    gettext_lazy(
        "节点日期须按 登记 → 洽谈 → 实质性谈判 → 签约 → 开工 → 竣工 → 投产 的顺序,且不晚于今天;未发生的节点留空,不要补写。"
    ),
    gettext_lazy("签约及以后阶段须有投资方和总投资;签约须注明协议类型;终止须填写终止原因。"),
    gettext_lazy(
        "金额单位为万元,也可写 1.2亿、8000万;日期可写 2026-05-18、2026/5/18、2026年5月18日。"
    ),
]


NOTES_WIDTHS = [18, 8, 56, 28]  # 列名, 必填, 说明, 示例


def _notes_sheet(sheet, formats: _Formats, *, title: str) -> None:
    for col, width in enumerate(NOTES_WIDTHS):
        sheet.set_column(col, col, width)
    print_setup(sheet, title=title, width=sum(NOTES_WIDTHS))
    sheet.write_string(0, 0, _("台账模板填写说明"), formats.title)
    row = 2
    for number, note in enumerate(NOTES, start=1):
        # Numbered and across the sheet's width: the text starts at the margin, as in a letter.
        text = f"{number}. {note}"
        sheet.set_row(row, row_height(wrapped_lines(text, sum(NOTES_WIDTHS), FONT_SIZE), FONT_SIZE))
        sheet.merge_range(row, 0, row, len(NOTES_WIDTHS) - 1, text, formats.note)
        row += 1
    row += 1
    for col, label in enumerate([_("列名"), _("必填"), _("说明"), _("示例")]):
        sheet.write_string(row, col, label, formats.label)
    # The columns' table runs onto a second page: its header row heads that page too (a print
    # title row below the top is repeated from the page after the one it is on).
    sheet.repeat_rows(row)
    row += 1
    for column in COLUMNS:
        cells = [column.header, _("是") if column.key == "name" else "", str(column.note)]
        cells.append(column.example)
        lines = max(
            wrapped_lines(text, width, 11) for text, width in zip(cells, NOTES_WIDTHS, strict=True)
        )
        if lines > 1:
            sheet.set_row(row, row_height(lines, 11))
        for col, text in enumerate(cells):
            sheet.write_string(row, col, text, formats.cell)
        row += 1


def write_template(out: BinaryIO, *, zone: Zone) -> None:
    """The empty ledger: the header, drop-downs for the lists, the notes sheet."""
    title = _("%(zone)s项目台账模板") % {"zone": zone.name}
    book = _workbook(out, zone=zone, title=title, at=timezone.now())
    formats = _Formats(book)
    sheet = book.add_worksheet(SHEET_NAME)
    notes = book.add_worksheet(_("填写说明"))
    options = book.add_worksheet("选项")
    _header(sheet, formats, VALIDATION_ROWS, title=title)
    _validations(sheet, options, zone, VALIDATION_ROWS)
    _notes_sheet(notes, formats, title=title)
    options.hide()
    book.close()


def csv_text(value) -> str:
    """A cell for CSV: dates ISO, amounts plain, text that Excel would take for a formula behind
    an apostrophe (the importer strips it)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def write_csv(out: BinaryIO, rows: Iterable[tuple], *, encoding: str = "utf-8") -> int:
    """UTF-8 with a BOM, so Excel and WPS open it in the right encoding; or GBK (`encoding`
    "gbk"), refused with ExportRefused when a cell holds a character GBK cannot hold."""
    if encoding not in CSV_ENCODINGS:
        raise ExportRefused(_("不支持的编码“%(encoding)s”。") % {"encoding": encoding})
    stream = io.TextIOWrapper(out, encoding=CSV_ENCODINGS[encoding], newline="")
    writer = csv.writer(stream)
    writer.writerow([column.header for column in COLUMNS])
    check = encoding == "gbk"
    refused: list[str] = []
    count = 0
    for count, values in enumerate(rows, start=1):
        cells = [csv_text(value) for value in values]
        if check and not _gbk_holds("".join(cells)):
            refused += _not_in_gbk(count + 1, cells)  # the header is the file's row 1
            if len(refused) >= REFUSED_SHOWN:
                break
            continue
        if not refused:
            writer.writerow(cells)
    if refused:
        stream.detach()
        raise ExportRefused(
            _("GBK 编码无法表示以下字符,未导出:%(cells)s。请导出 UTF-8 CSV 或 .xlsx。")
            % {"cells": pgettext("标点", "；").join(refused[:REFUSED_SHOWN])}
        )
    stream.flush()
    stream.detach()
    return count


def _gbk_holds(text: str) -> bool:
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def _not_in_gbk(row: int, cells: list[str]) -> list[str]:
    found = []
    for column, text in zip(COLUMNS, cells, strict=True):
        characters = "".join(dict.fromkeys(c for c in text if not _gbk_holds(c)))
        if characters:
            found.append(
                _("第 %(row)s 行“%(column)s”列的“%(characters)s”")
                % {"row": row, "column": column.header, "characters": characters}
            )
    return found


# --- the error sheet --------------------------------------------------------------------------


def write_error_sheet(
    out: BinaryIO,
    *,
    rows: Iterable[list],
    header_row: int,
    positions: dict[str, int],
    errors: list[LedgerError],
    as_csv: bool,
    zone: Zone,
) -> None:
    """The uploaded sheet as it was, every row in place, with 错误说明 added after the last column:
    each bad row lists its problems, and the bad cells are marked. Fix and upload again."""
    by_row: dict[int, list[LedgerError]] = {}
    for error in errors:
        if error.row is not None:
            by_row.setdefault(error.row, []).append(error)
    rows = list(rows)
    width = max((len(row) for row in rows), default=0)
    if as_csv:
        stream = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        writer = csv.writer(stream)
        for number, row in enumerate(rows, start=1):
            cells = [csv_text(_plain(cell)) for cell in row] + [""] * (width - len(row))
            if number == header_row:
                cells.append(ERROR_HEADER)
            elif number in by_row:
                cells.append(_messages(by_row[number]))
            writer.writerow(cells)
        stream.flush()
        stream.detach()
        return
    title = _("%(zone)s项目台账错误说明") % {"zone": zone.name}
    book = _workbook(out, zone=zone, title=title, at=timezone.now())
    formats = _Formats(book)
    sheet = book.add_worksheet(SHEET_NAME)
    # The template's columns as wide as in the template (a date in a column of Excel's default
    # 8.43 prints as ###), any other column of the upload at OTHER_WIDTH.
    widths = _upload_widths(positions, width)
    for col, column_width in enumerate(widths):
        sheet.set_column(col, col, column_width)
    sheet.set_column(width, width, ERROR_WIDTH)
    print_setup(
        sheet,
        title=title,
        width=sum(widths) + ERROR_WIDTH,
        header_rows=max(header_row, 0),
        gridlines=True,
        side_margin=PRINT_SIDE_MARGIN,
    )
    for index, row in enumerate(rows):
        number = index + 1
        bad_columns = {positions.get(e.column) for e in by_row.get(number, [])}
        if number in by_row and number != header_row:
            messages = _messages(by_row[number])
            sheet.set_row(index, row_height(wrapped_lines(messages, ERROR_WIDTH, 10), 10))
        for col, cell in enumerate(row):
            bad = col in bad_columns
            _write_cell(sheet, index, col, cell, formats, bad)
        if number == header_row:
            sheet.write_string(index, width, ERROR_HEADER, formats.header)
        elif number in by_row:
            sheet.write_string(index, width, messages, formats.error)
    if header_row:
        sheet.freeze_panes(header_row, 0)
    book.close()


ERROR_WIDTH = 60  # the 错误说明 column
OTHER_WIDTH = 12  # an uploaded column that is not the template's


def _upload_widths(positions: dict[str, int], count: int) -> list[float]:
    """The widths of an uploaded sheet's `count` columns, by the headers found at `positions`."""
    widths: list[float] = [OTHER_WIDTH] * count
    for text, position in positions.items():
        key = HEADER_KEYS.get(header_key(text))
        if key is not None and position < count:
            widths[position] = BY_KEY[key].width
    return widths


def _messages(errors: list[LedgerError]) -> str:
    return "\n".join(
        _("【%(column)s】%(message)s") % {"column": e.column, "message": e.message} for e in errors
    )


def _plain(cell):
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date()
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell


def _write_cell(sheet, row: int, col: int, cell, formats: _Formats, bad: bool) -> None:
    if cell is None or cell == "":
        if bad:
            sheet.write_blank(row, col, None, formats.bad)
        return
    style = formats.bad if bad else None
    if isinstance(cell, bool):
        sheet.write_boolean(row, col, cell, style)
    elif isinstance(cell, (int, float)):
        sheet.write_number(row, col, cell, style)
    elif isinstance(cell, dt.datetime):
        sheet.write_datetime(row, col, cell, formats.bad_date if bad else formats.date)
    elif isinstance(cell, dt.date):
        sheet.write_datetime(
            row,
            col,
            dt.datetime(cell.year, cell.month, cell.day),
            formats.bad_date if bad else formats.date,
        )
    else:
        write_text(sheet, row, col, str(cell), style)
