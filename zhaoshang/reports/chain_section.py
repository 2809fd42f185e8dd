"""The briefing's short section on the industry chains (docs/chains.md): the gaps on the as-of
day, the gaps filled in the period and the 补链 projects newly signed in it (by the figures
engine's `signed`), for every zone that keeps chains."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhaoshang.chains import selectors as chains
from zhaoshang.core.dates import format_date
from zhaoshang.reports.document import Column, Kind, Paragraph, Span, Table


@dataclass
class ChainFacts:
    gaps: int
    filled: list[tuple[str, str, str]]  # chain, node, its state on the as-of day


def chain_facts(zone, period_from: dt.date, as_of: dt.date) -> ChainFacts | None:
    """None for a zone without chains (the briefing then has no chain section)."""
    found = chains.summary(zone, period_from, as_of)
    if not found.chains:
        return None
    return ChainFacts(
        gaps=len(found.gaps),
        filled=[
            (node.chain.name, node.name, str(node.state.label))  # type: ignore[attr-defined]
            for node in found.filled
        ],
    )


def chain_blocks(facts: list, *, period: str, as_of: dt.date, single: bool) -> list:
    """A paragraph of the zones' totals and the table of the gaps filled in the period."""
    found = [(item.zone, item.chains) for item in facts if item.chains is not None]
    gaps = sum(c.gaps for _zone, c in found)
    filled = [(zone, row) for zone, c in found for row in c.filled]
    signings = sum(item.chain_fill_signings.count for item in facts)
    text = _(
        "截至%(date)s，产业链缺失节点%(gaps)s个；%(period)s补上缺失节点%(filled)s个，"
        "新签约补链项目%(signings)s个。"
    ) % {
        "date": format_date(as_of),
        "gaps": gaps,
        "period": period,
        "filled": len(filled),
        "signings": signings,
    }
    blocks: list = [Paragraph([Span(text)])]
    if filled:
        columns = [
            *([] if single else [Column(_("开发区"), Kind.TEXT, 1.4)]),
            Column(_("产业链"), Kind.TEXT, 1.6),
            Column(_("链上节点"), Kind.TEXT, 1.8),
            Column(_("现状"), Kind.TEXT, 1.0),
        ]
        rows = [[*([] if single else [zone.name]), *row] for zone, row in filled]
        blocks.append(
            Table(
                sheet=_("补上的缺失节点"),
                caption=_("本期补上的产业链缺失节点"),
                columns=columns,
                rows=rows,
            )
        )
    return blocks
