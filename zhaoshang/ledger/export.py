"""Writing ledgers: the export (re-imports as "unchanged"), the empty template, the error sheet.

Sheets are written with XlsxWriter in constant-memory mode (rows streamed to disk), every cell
with an explicit type: text as text — so 项目编号 00123 keeps its zeros and a name beginning with
= + - @ is never a formula — amounts as numbers, dates as dates. No title row above the header,
so the file re-imports as it is; the header row is frozen and filtered.
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

from zhaoshang.core.amounts import format_wan
from zhaoshang.ledger.columns import (
    AGREEMENT_LABELS,
    CHANNEL_LABELS,
    COLUMNS,
    ERROR_HEADER,
    PROJECT_TYPE_LABELS,
    STAGE_CHOICES,
    STAGE_LABELS,
)
from zhaoshang.ledger.validation import LedgerError
from zhaoshang.org.models import Industry, Park, Unit, Zone
from zhaoshang.projects.models import DATE_FIELD, MILESTONES, Project, Stage
from zhaoshang.stats.selectors import rules_of

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
SHEET_NAME = "项目台账"
FORMULA_START = ("=", "+", "-", "@")
# Data validation reaches this many rows below the header in the template and the export.
VALIDATION_ROWS = 5000

# The projects' columns, in template order, as one values_list() (no model instances).
QUERY_FIELDS = [
    "code",
    "name",
    "company__name",
    "company__uscc",
    "company__region__name",
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
]
_TYPE_AT = QUERY_FIELDS.index("project_type")
_CHANNEL_AT = QUERY_FIELDS.index("channel")
_AGREEMENT_AT = QUERY_FIELDS.index("agreement_type")
_DATES_AT = QUERY_FIELDS.index(DATE_FIELD[Stage.LEAD])
_DROPPED_AT = QUERY_FIELDS.index(DATE_FIELD[Stage.DROPPED])
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
        )


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook):
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
        self.text = book.add_format({"font_name": "宋体", "font_size": 10, "valign": "vcenter"})
        self.wrap = book.add_format(
            {"font_name": "宋体", "font_size": 10, "valign": "vcenter", "text_wrap": True}
        )
        self.date = book.add_format(
            {"font_name": "宋体", "font_size": 10, "num_format": "yyyy-mm-dd", "align": "center"}
        )
        self.amount = book.add_format(
            {"font_name": "宋体", "font_size": 10, "num_format": "#,##0.00"}
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
        self.bad = book.add_format({"bg_color": "#FFC7CE"})
        self.bad_date = book.add_format({"bg_color": "#FFC7CE", "num_format": "yyyy-mm-dd"})


def _workbook(out: BinaryIO) -> xlsxwriter.Workbook:
    return xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )


def _header(sheet, formats: _Formats, rows: int) -> None:
    for col, column in enumerate(COLUMNS):
        kind = column.kind
        fmt = formats.date if kind == "date" else formats.amount if kind == "amount" else None
        sheet.set_column(col, col, column.width, fmt)
        sheet.write_string(0, col, column.header, formats.header)
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(rows, 1), len(COLUMNS) - 1)


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
    book = _workbook(out)
    formats = _Formats(book)
    sheet = book.add_worksheet(SHEET_NAME)
    rules_sheet = book.add_worksheet(_("统计口径"))
    notes_sheet = book.add_worksheet(_("填写说明"))
    options = book.add_worksheet("选项")
    # The autofilter needs the last row up front (constant-memory mode cannot go back); without
    # a count, a generous range does no harm.
    _header(sheet, formats, total if total is not None else 1_048_575)
    kinds = [column.kind for column in COLUMNS]
    count = _write_rows(sheet, rows, kinds, formats)
    _validations(sheet, options, zone, max(count, VALIDATION_ROWS))
    _rules_sheet(rules_sheet, formats, zone=zone, scope=scope, count=count, at=exported_at)
    _notes_sheet(notes_sheet, formats)
    options.hide()
    book.close()
    return count


def _write_rows(sheet, rows: Iterable[tuple], kinds: list[str], formats: _Formats) -> int:
    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime = sheet.write_datetime
    date_format, amount_format, wrap = formats.date, formats.amount, formats.wrap
    text_kinds = [k not in ("amount", "date") for k in kinds]
    wraps = [k == "longtext" for k in kinds]
    number = 0
    for number, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if text_kinds[col]:
                # write_string: a text cell whatever the text, never a formula or a number.
                write_string(number, col, value, wrap if wraps[col] else None)
            elif isinstance(value, Decimal):
                write_number(number, col, float(value), amount_format)
            else:
                write_datetime(
                    number, col, dt.datetime(value.year, value.month, value.day), date_format
                )
    return number


def _validations(sheet, options, zone: Zone, rows: int) -> None:
    """Drop-down lists, from a hidden sheet so long lists fit. Fixed lists stop a wrong word;
    the zone's own lists only warn (a director may import new names with 自动新建)."""
    lists = {
        "stage": (STAGE_CHOICES, "information"),
        "industry": (
            list(Industry.objects.filter(zone=zone).values_list("name", flat=True)),
            "warning",
        ),
        "park": (list(Park.objects.filter(zone=zone).values_list("name", flat=True)), "warning"),
        "unit": (list(Unit.objects.filter(zone=zone).values_list("name", flat=True)), "warning"),
        "project_type": (list(PROJECT_TYPE_LABELS.values()), "stop"),
        "channel": (list(CHANNEL_LABELS.values()), "stop"),
        "agreement_type": (list(AGREEMENT_LABELS.values()), "stop"),
    }
    positions = {column.key: i for i, column in enumerate(COLUMNS)}
    # Constant-memory sheets are written row by row: the lists side by side, a row at a time.
    columns = [[COLUMNS[positions[key]].header, *values] for key, (values, _s) in lists.items()]
    for row in range(max(len(column) for column in columns)):
        for list_col, column in enumerate(columns):
            if row < len(column):
                options.write_string(row, list_col, column[row])
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
                "error_message": _("请从下拉列表中选择。")
                if style == "stop"
                else _("不在本开发区的列表中,导入时将报错(局长勾选“自动新建”时将新建)。"),
                "ignore_blank": True,
            },
        )


def _rules_sheet(sheet, formats: _Formats, *, zone: Zone, scope: str, count: int, at) -> None:
    rules = rules_of(zone)
    major, tier = rules.major_threshold_wan, rules.tier_threshold_wan
    types = "、".join(PROJECT_TYPE_LABELS.get(t, t) for t in rules.counted_project_types)
    local = timezone.localtime(at)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 90)
    sheet.write_string(0, 0, _("%(zone)s项目台账") % {"zone": zone.name}, formats.title)
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
        sheet.write_string(row, 0, label, formats.label)
        sheet.write_string(row, 1, text, formats.cell)
        row += 1
    row += 1
    sheet.write_string(row, 0, _("统计口径"), formats.title)
    row += 1
    for label, text in rules_text:
        sheet.write_string(row, 0, label, formats.label)
        sheet.write_string(row, 1, text, formats.cell)
        row += 1


NOTES = [
    _("第一行为表头;表头上方可以有标题行。列的顺序不限,不认识的列导入时会被忽略并提示。"),
    _(
        "项目编号相同的行更新该项目;没有编号的行按“投资方+项目名称”匹配已有项目,匹配不到的新建并自动编号。"
    ),
    _("某一列整列不存在时,导入不改动该字段;列存在而单元格为空时,清空该字段(项目类型除外)。"),
    _(
        "导入全部校验通过才会写入;有任何错误时一条都不写入,可下载带“错误说明”列的文件修改后重新上传。"
    ),
    _(
        "节点日期须按 登记 → 洽谈 → 实质性谈判 → 签约 → 开工 → 竣工 → 投产 的顺序,且不晚于今天;未发生的节点留空,不要补写。"
    ),
    _("签约及以后阶段须有投资方和总投资;签约须注明协议类型;终止须填写终止原因。"),
    _("金额单位为万元,也可写 1.2亿、8000万;日期可写 2026-05-18、2026/5/18、2026年5月18日。"),
]


def _notes_sheet(sheet, formats: _Formats) -> None:
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 10)
    sheet.set_column(2, 2, 70)
    sheet.set_column(3, 3, 28)
    sheet.write_string(0, 0, _("台账模板填写说明"), formats.title)
    row = 2
    for note in NOTES:
        sheet.write_string(row, 0, "•", formats.text)
        sheet.merge_range(row, 1, row, 3, str(note), formats.wrap)
        sheet.set_row(row, 30)
        row += 1
    row += 1
    for col, label in enumerate([_("列名"), _("必填"), _("说明"), _("示例")]):
        sheet.write_string(row, col, label, formats.label)
    row += 1
    for column in COLUMNS:
        sheet.write_string(row, 0, column.header, formats.cell)
        sheet.write_string(row, 1, _("是") if column.key == "name" else "", formats.cell)
        sheet.write_string(row, 2, str(column.note), formats.cell)
        sheet.write_string(row, 3, column.example, formats.cell)
        row += 1


def write_template(out: BinaryIO, *, zone: Zone) -> None:
    """The empty ledger: the header, drop-downs for the lists, the notes sheet."""
    book = _workbook(out)
    formats = _Formats(book)
    sheet = book.add_worksheet(SHEET_NAME)
    notes = book.add_worksheet(_("填写说明"))
    options = book.add_worksheet("选项")
    _header(sheet, formats, VALIDATION_ROWS)
    _validations(sheet, options, zone, VALIDATION_ROWS)
    _notes_sheet(notes, formats)
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


def write_csv(out: BinaryIO, rows: Iterable[tuple]) -> int:
    """UTF-8 with a BOM, so Excel and WPS open it in the right encoding."""
    stream = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(stream)
    writer.writerow([column.header for column in COLUMNS])
    count = 0
    for values in rows:
        writer.writerow([csv_text(value) for value in values])
        count += 1
    stream.flush()
    stream.detach()
    return count


# --- the error sheet --------------------------------------------------------------------------


def write_error_sheet(
    out: BinaryIO,
    *,
    rows: Iterable[list],
    header_row: int,
    positions: dict[str, int],
    errors: list[LedgerError],
    as_csv: bool,
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
    book = _workbook(out)
    formats = _Formats(book)
    sheet = book.add_worksheet(SHEET_NAME)
    sheet.set_column(width, width, 60)
    for index, row in enumerate(rows):
        number = index + 1
        bad_columns = {positions.get(e.column) for e in by_row.get(number, [])}
        for col, cell in enumerate(row):
            bad = col in bad_columns
            _write_cell(sheet, index, col, cell, formats, bad)
        if number == header_row:
            sheet.write_string(index, width, ERROR_HEADER, formats.header)
        elif number in by_row:
            sheet.write_string(index, width, _messages(by_row[number]), formats.error)
    if header_row:
        sheet.freeze_panes(header_row, 0)
    book.close()


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
        sheet.write_string(row, col, str(cell), style)
