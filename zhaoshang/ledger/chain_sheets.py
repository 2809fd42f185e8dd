"""Chain definitions as a workbook (docs/chains.md): the nodes, the links between them and the
local enterprises of each node, a sheet each, exported and imported with the ledger's discipline
— the file checked before it is read, every row through the chain services (so the permission
policy and their checks hold), every error with its sheet, row, column and value, and nothing
written unless every row passes. Re-importing an exported workbook changes nothing."""

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.chains import services
from zhaoshang.chains.models import Chain, Link, Node, NodeEnterprise, Tier
from zhaoshang.core.dates import parse_date
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.text import shown, text_error
from zhaoshang.ledger.worksheets import (
    Column,
    FoundSheet,
    RowError,
    SheetKind,
    cell_text,
    read_sheets,
)
from zhaoshang.org.models import Industry, Zone

# Each sheet: its columns (header, key) and the header only it has, which tells its kind
# whatever the sheet's name (ledger.worksheets.read_sheets).
KINDS = [
    SheetKind(
        "nodes",
        gettext_lazy("产业链节点"),
        [
            Column("产业链", "chain"),
            Column("所属产业", "industry"),
            Column("节点", "node"),
            Column("环节", "tier"),
            Column("上级节点", "parent"),
            Column("排序", "order"),
        ],
        "环节",
    ),
    SheetKind(
        "links",
        gettext_lazy("节点关系"),
        [
            Column("产业链", "chain"),
            Column("供应方节点", "from_node"),
            Column("需求方节点", "to_node"),
        ],
        "供应方节点",
    ),
    SheetKind(
        "enterprises",
        gettext_lazy("节点企业"),
        [
            Column("产业链", "chain"),
            Column("节点", "node"),
            Column("企业", "company"),
            Column("龙头", "anchor"),
            Column("关联日期", "linked_on"),
        ],
        "关联日期",
    ),
]
SHEET_KEYS = [kind.key for kind in KINDS]
REQUIRED = {
    "nodes": ["chain", "node", "tier"],
    "links": ["chain", "from_node", "to_node"],
    "enterprises": ["chain", "node", "company", "linked_on"],
}
TIERS = {str(t.label): t.value for t in Tier} | {t.value: t.value for t in Tier}
YES = {"是", "龙头", "y", "yes", "true", "1", "√", "✓"}


def export_chains(*, zone: Zone) -> bytes:
    """Every chain of the zone: its nodes (parents before their sub-nodes), links, enterprises."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    nodes = Node.objects.filter(chain__zone=zone).select_related("chain__industry", "parent")
    rows: dict[str, list[list]] = {
        "nodes": [
            [
                n.chain.name,
                n.chain.industry.name if n.chain.industry else "",
                n.name,
                str(n.get_tier_display()),
                n.parent.name if n.parent else "",
                n.order,
            ]
            for n in nodes.order_by(
                "chain__sort_order",
                "chain__name",
                F("parent_id").asc(nulls_first=True),
                "order",
                "pk",
            )
        ],
        "links": [
            [link.chain.name, link.from_node.name, link.to_node.name]
            for link in Link.objects.filter(chain__zone=zone)
            .select_related("chain", "from_node", "to_node")
            .order_by("chain__name", "pk")
        ],
        "enterprises": [
            [
                e.node.chain.name,
                e.node.name,
                e.company.name,
                "是" if e.is_anchor else "",
                e.linked_on,
            ]
            for e in NodeEnterprise.objects.filter(node__chain__zone=zone)
            .select_related("node__chain", "company")
            .order_by("node__chain__name", "node__order", "pk")
        ],
    }
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for kind in KINDS:
        sheet = book.add_worksheet(str(kind.title))
        for col, column in enumerate(kind.columns):
            sheet.write_string(0, col, column.header, bold)
            sheet.set_column(col, col, 18)
        for r, row in enumerate(rows[kind.key], start=1):
            for col, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, col, dt.datetime.combine(value, dt.time()), dates)
                elif isinstance(value, int):
                    sheet.write_number(r, col, value)
                else:
                    sheet.write_string(r, col, value)
    book.close()
    return out.getvalue()


@dataclass
class ChainImport:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEET_KEYS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEET_KEYS, 0))
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False
    # A chain row is there or not: nothing is updated in place (the preview's column stays 0).
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEET_KEYS, 0))


def _cell(sheet: FoundSheet, cells: list, key: str) -> str:
    position = sheet.positions.get(key)
    if position is None or position >= len(cells):
        return ""
    value = cells[position]
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return cell_text(value)


def _header(sheet: FoundSheet, key: str) -> str:
    return next((c.header for c in sheet.kind.columns if c.key == key), "")


def import_chains(
    content: bytes, filename: str, *, zone: Zone, actor, dry_run: bool, today=None
) -> ChainImport:
    """Every row through the chain services in one transaction, kept only when no row has an
    error and this is not a preview. Directors and admins only (the services say so)."""
    today = today or shanghai_today()
    sheets = sorted(
        read_sheets(content, filename, KINDS), key=lambda sheet: SHEET_KEYS.index(sheet.kind.key)
    )
    result = ChainImport()
    with transaction.atomic():
        for sheet in sheets:
            missing = [k for k in REQUIRED[sheet.kind.key] if k not in sheet.positions]
            for key in missing:
                result.errors.append(
                    RowError(
                        sheet.name, sheet.header_row, _header(sheet, key), "", _("缺少必填列。")
                    )
                )
            if missing:
                continue
            for number, cells in sheet.rows:
                _row(sheet, number, cells, zone=zone, actor=actor, today=today, result=result)
        if result.errors or dry_run:
            transaction.set_rollback(True)
        else:
            result.applied = True
    return result


class CellError(Exception):
    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key, self.message = key, message


def _row(sheet: FoundSheet, number: int, cells: list, *, zone, actor, today, result) -> None:
    values = {column.key: _cell(sheet, cells, column.key) for column in sheet.kind.columns}
    try:
        for key in REQUIRED[sheet.kind.key]:
            if not values[key]:
                raise CellError(key, _("不能为空。"))
        for key, value in values.items():  # a control character (a NUL) is refused, not queried
            if message := text_error(value, limit=None, subject=_header(sheet, key)):
                raise CellError(key, message)
        with transaction.atomic():
            created = WRITERS[sheet.kind.key](zone, actor, values, today)
    except CellError as exc:
        result.errors.append(_error(sheet, number, exc.key, values, exc.message))
        return
    except ValidationError as exc:
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        for name, texts in messages.items():
            key = FIELD_COLUMNS.get(name, "")
            for text in texts:
                result.errors.append(_error(sheet, number, key, values, text))
        return
    except PermissionDenied as exc:
        result.errors.append(RowError(sheet.name, number, "", "", str(exc)))
        return
    (result.created if created else result.unchanged)[sheet.kind.key] += 1


# A service's field → the column it came from.
FIELD_COLUMNS = {
    "name": "node",
    "tier": "tier",
    "parent": "parent",
    "industry": "industry",
    "order": "order",
    "to_node": "to_node",
    "company": "company",
    "linked_on": "linked_on",
}


def _error(sheet: FoundSheet, number: int, key: str, values: dict, message: str) -> RowError:
    header = _header(sheet, key)
    return RowError(sheet.name, number, header, shown(values.get(key, ""), limit=40), message)


def _chain(zone: Zone, actor, values: dict, *, create: bool) -> Chain:
    chain = Chain.objects.filter(zone=zone, name=values["chain"]).first()
    if chain is not None:
        return chain
    if not create:
        raise CellError("chain", _("没有这条产业链(先在节点表中定义)。"))
    industry = None
    if values.get("industry"):
        industry = Industry.objects.filter(zone=zone, name=values["industry"]).first()
        if industry is None:
            raise CellError("industry", _("没有这个产业。"))
    return services.save_chain(zone=zone, actor=actor, name=values["chain"], industry=industry)


def _node(chain: Chain, name: str, key: str) -> Node:
    node = chain.nodes.filter(name=name).first()
    if node is None:
        raise CellError(key, _("产业链“%(chain)s”没有这个节点。") % {"chain": chain.name})
    return node


def _write_node(zone: Zone, actor, values: dict, today) -> bool:
    chain = _chain(zone, actor, values, create=True)
    tier = TIERS.get(values["tier"])
    if tier is None:
        raise CellError("tier", _("环节应为上游、中游或下游。"))
    parent = _node(chain, values["parent"], "parent") if values["parent"] else None
    try:
        order = int(values["order"] or 0)
    except ValueError:
        raise CellError("order", _("排序应为整数。")) from None
    node = chain.nodes.filter(name=values["node"]).first()
    if node is not None and (node.tier, node.parent_id, node.order) == (
        tier,
        parent.pk if parent else None,
        order,
    ):
        return False
    services.save_node(
        chain=chain,
        actor=actor,
        node=node,
        name=values["node"],
        tier=tier,
        parent=parent,
        order=order,
    )
    return node is None


def _write_link(zone: Zone, actor, values: dict, today) -> bool:
    chain = _chain(zone, actor, values, create=False)
    a, b = (
        _node(chain, values["from_node"], "from_node"),
        _node(chain, values["to_node"], "to_node"),
    )
    if Link.objects.filter(from_node=a, to_node=b).exists():
        return False
    services.add_link(actor=actor, from_node=a, to_node=b)
    return True


def _write_enterprise(zone: Zone, actor, values: dict, today) -> bool:
    chain = _chain(zone, actor, values, create=False)
    node = _node(chain, values["node"], "node")
    try:
        linked_on = parse_date(values["linked_on"])
    except ValidationError as exc:
        raise CellError("linked_on", " ".join(exc.messages)) from None
    anchor = values["anchor"].strip().lower() in YES
    found = node.enterprises.filter(company__name=values["company"]).first()
    if found is not None and (found.is_anchor, found.linked_on) == (anchor, linked_on):
        return False
    services.link_enterprise(
        node=node,
        actor=actor,
        company_name=values["company"],
        is_anchor=anchor,
        linked_on=linked_on,
        today=today,
    )
    return found is None


WRITERS: dict[str, Callable[..., bool]] = {
    "nodes": _write_node,
    "links": _write_link,
    "enterprises": _write_enterprise,
}
