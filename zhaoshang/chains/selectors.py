"""Reads of the industry chains: each node's coverage on a day, the gap lists, the gaps filled in a
period, the chain figures per node and tier (by the figures engine's own rules and stage as of the
day), and the target companies (scoped to the viewer by the one permission policy).

Coverage (docs/chains.md), on day D, from what is dated on or before D:
- strong: an anchor enterprise (龙头) or two or more local enterprises linked to the node;
- covered: exactly one local enterprise, not an anchor;
- being filled: no enterprise, but a project tagged to the node that by D is neither dropped
  nor in production (投产);
- gap: nothing.
Coverage is a figure: everyone with a role in the zone sees it. Lists of projects behind it show
only the projects the viewer may see."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from zhaoshang.chains.models import (
    Chain,
    Link,
    Node,
    NodeEnterprise,
    ProjectTag,
    State,
    TagRole,
    Target,
    Tier,
)
from zhaoshang.core.amounts import format_wan
from zhaoshang.fieldwork.models import Activity
from zhaoshang.org import permissions
from zhaoshang.org.models import Zone
from zhaoshang.projects.models import MILESTONES, Project, Stage
from zhaoshang.projects.selectors import stage_as_of
from zhaoshang.stats.selectors import conditions, counted_projects, rules_of

ZERO = Decimal("0.00")
# How a state is drawn on the map: the red node is the one a director points at.
STATE_COLOURS = {
    State.STRONG: "#1e7b4f",
    State.COVERED: "#5b9bd5",
    State.FILLING: "#f0ad4e",
    State.GAP: "#d9363e",
}


def chains(zone: Zone) -> QuerySet[Chain]:
    """The zone's chains: everyone with a role in the zone reads them."""
    return Chain.objects.filter(zone=zone).select_related("industry")


def nodes(zone: Zone) -> QuerySet[Node]:
    return Node.objects.filter(chain__zone=zone).select_related("chain", "parent")


def node_states(zone: Zone, on: dt.date, chain: Chain | None = None) -> dict[int, State]:
    """Every node's state on `on` (three queries, whatever the number of nodes)."""
    return states_on(zone, [on], chain)[on]


def _counted(queryset: QuerySet, condition: Q):
    """How many rows of `queryset` (enterprises or tags) of the outer node meet `condition`."""
    rows = (
        queryset.filter(condition, node=OuterRef("pk"))
        .order_by()
        .values("node")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def with_counts(found: QuerySet[Node], days: list[dt.date]) -> QuerySet[Node]:
    """Nodes with, per day i of `days`, their enterprises (`e{i}`), anchors (`a{i}`) and live
    tags (`f{i}`) on that day: one query however many nodes and days."""
    counts = {}
    for i, day in enumerate(days):
        linked = Q(linked_on__lte=day)
        live = (
            Q(tagged_on__lte=day)
            & ~Q(project__dropped_date__lte=day)
            & ~Q(project__operating_date__lte=day)
        )
        counts[f"e{i}"] = _counted(NodeEnterprise.objects.all(), linked)
        counts[f"a{i}"] = _counted(NodeEnterprise.objects.all(), linked & Q(is_anchor=True))
        counts[f"f{i}"] = _counted(ProjectTag.objects.all(), live)
    return found.annotate(**counts)


def state_of(node, i: int = 0) -> State:
    """The state of a node of with_counts() on its i-th day."""
    return _state(getattr(node, f"e{i}"), getattr(node, f"a{i}"), getattr(node, f"f{i}") > 0)


def states_on(
    zone: Zone, days: list[dt.date], chain: Chain | None = None
) -> dict[dt.date, dict[int, State]]:
    """Every node's state on each of `days` (one query)."""
    found = Node.objects.filter(chain__zone=zone)
    if chain is not None:
        found = found.filter(chain=chain)
    names = [f"{k}{i}" for i in range(len(days)) for k in "eaf"]
    rows = list(with_counts(found, days).values("pk", *names))
    return {
        day: {row["pk"]: _state(row[f"e{i}"], row[f"a{i}"], row[f"f{i}"] > 0) for row in rows}
        for i, day in enumerate(days)
    }


def _state(enterprises: int, anchors: int, filling: bool) -> State:
    if anchors or enterprises >= 2:
        return State.STRONG
    if enterprises == 1:
        return State.COVERED
    return State.FILLING if filling else State.GAP


@dataclass
class ChainRow:
    chain: Chain
    counts: dict[str, int]

    @property
    def nodes(self) -> int:
        return sum(self.counts.values())


def chain_rows(zone: Zone, on: dt.date) -> list[ChainRow]:
    """The chain list: per chain, how many of its nodes are in each state on `on`."""
    states = node_states(zone, on)
    by_chain: dict[int, dict[str, int]] = defaultdict(lambda: {s.value: 0 for s in State})
    for node_id, chain_id in Node.objects.filter(chain__zone=zone).values_list("pk", "chain_id"):
        by_chain[chain_id][states[node_id].value] += 1
    return [
        ChainRow(chain=chain, counts=by_chain[chain.pk])
        for chain in chains(zone).order_by().order_by("sort_order", "name")
    ]


def gaps(zone: Zone, on: dt.date, chain: Chain | None = None) -> list[Node]:
    """The nodes that are gaps on `on` (zone-wide, or of one chain), each with its number of
    open targets (`open_targets`), in chain and node order."""
    states = node_states(zone, on, chain)
    ids = [node_id for node_id, state in states.items() if state == State.GAP]
    return list(
        nodes(zone)
        .filter(pk__in=ids)
        .annotate(
            open_targets=Count(
                "targets",
                filter=Q(targets__status__in=[Target.Status.OPEN, Target.Status.CONTACTING]),
            )
        )
        .order_by("chain__sort_order", "chain__name", "order", "pk")
    )


def gaps_filled(zone: Zone, start: dt.date, end: dt.date) -> list[Node]:
    """Nodes that were gaps the day before `start` and are not on `end` (each with `state`)."""
    before = start - dt.timedelta(days=1)
    states = states_on(zone, [before, end])
    ids = {
        n
        for n, state in states[before].items()
        if state == State.GAP and states[end][n] != State.GAP
    }
    found = list(nodes(zone).filter(pk__in=ids).order_by("chain__name", "order", "pk"))
    for node in found:
        node.state = states[end][node.pk]  # type: ignore[attr-defined]
    return found


def fill_signings(zone: Zone, start: dt.date, end: dt.date) -> QuerySet[Project]:
    """Projects tagged 补链 by `end` and newly signed in the period, by the engine's `signed`."""
    rules = rules_of(zone, end)
    tagged = ProjectTag.objects.filter(
        node__chain__zone=zone, role=TagRole.FILL, tagged_on__lte=end
    ).values("project_id")
    return (
        counted_projects(zone, rules)
        .filter(conditions(rules, start, end)["signed"], pk__in=tagged)
        .order_by("-total_investment_wan", "code")
    )


@dataclass
class NodeFigures:
    """A node's (or a tier's) tagged projects on a day, by stage, as the figures engine counts."""

    stages: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in MILESTONES})
    amount_wan: Decimal = ZERO

    @property
    def projects(self) -> int:
        return sum(self.stages.values())

    def add(self, stage: str, count: int, amount: Decimal) -> None:
        self.stages[stage] += count
        self.amount_wan += amount


def chain_figures(
    chain: Chain, on: dt.date
) -> tuple[dict[int, NodeFigures], dict[str, NodeFigures]]:
    """Per node and per tier: the counted projects tagged to it by `on` that stand at a stage on
    `on` (dropped ones and those not yet registered aside), their number per stage and their
    investment. One query."""
    rules = rules_of(chain.zone, on)
    rows = (
        counted_projects(chain.zone, rules)
        .filter(chain_tags__node__chain=chain, chain_tags__tagged_on__lte=on)  # one join
        .annotate(stage_on=stage_as_of(on))
        .filter(stage_on__in=[s.value for s in MILESTONES])
        .values("chain_tags__node_id", "chain_tags__node__tier", "stage_on")
        .annotate(count=Count("pk"), amount=Sum("total_investment_wan"))
        .order_by()
    )
    by_node: dict[int, NodeFigures] = defaultdict(NodeFigures)
    by_tier = {tier.value: NodeFigures() for tier in Tier}
    for row in rows:
        by_node[row["chain_tags__node_id"]].add(
            row["stage_on"], row["count"], row["amount"] or ZERO
        )
        by_tier[row["chain_tags__node__tier"]].add(
            row["stage_on"], row["count"], row["amount"] or ZERO
        )
    return dict(by_node), by_tier


def links(zone: Zone) -> QuerySet[Link]:
    return Link.objects.filter(chain__zone=zone).select_related("chain", "from_node", "to_node")


def _details(user, chain: Chain, on: dt.date) -> dict[int, dict]:
    """What a click on each node opens: its enterprises, its projects with their stage on `on`
    (those the viewer may see, and how many more) and its targets (the viewer's). Four queries
    for the whole chain."""
    details: dict[int, dict] = defaultdict(
        lambda: {"enterprises": [], "projects": [], "hidden_projects": 0, "targets": []}
    )
    for record in (
        NodeEnterprise.objects.filter(node__chain=chain, linked_on__lte=on)
        .select_related("company")
        .order_by("-is_anchor", "linked_on", "pk")
    ):
        details[record.node_id]["enterprises"].append(record)
    tags = ProjectTag.objects.filter(node__chain=chain, tagged_on__lte=on)
    for row in tags.values("node_id").annotate(count=Count("pk")).order_by():
        details[row["node_id"]]["hidden_projects"] = row["count"]
    visible = permissions.visible(user, Project.objects.all(), chain.zone).values("pk")
    for tag in (
        tags.filter(project__in=visible)
        .select_related("project", "project__unit")
        .annotate(stage_on=stage_as_of(on, via="project__"))
        .order_by("-project__total_investment_wan", "project__code")
    ):
        entry = details[tag.node_id]
        tag.stage_label = Stage(tag.stage_on).label if tag.stage_on else "—"  # type: ignore[attr-defined]
        entry["projects"].append(tag)
        entry["hidden_projects"] -= 1
    for target in targets(user, chain.zone).filter(node__chain=chain):
        details[target.node_id]["targets"].append(target)
    return details


def chain_picture(user, chain: Chain, on: dt.date) -> dict:
    """Everything the chain page shows: nodes by tier with their state, figures and details,
    the tiers' figures and the map's data (positions by tier, colour by state, size by
    investment)."""
    states = node_states(chain.zone, on, chain)
    by_node, by_tier = chain_figures(chain, on)
    details = _details(user, chain, on)
    found = list(chain.nodes.select_related("parent").order_by("order", "pk"))
    for node in found:
        node.state = states[node.pk]  # type: ignore[attr-defined]
        node.colour = STATE_COLOURS[node.state]  # type: ignore[attr-defined]
        node.figures = by_node.get(node.pk, NodeFigures())  # type: ignore[attr-defined]
        node.details = details[node.pk]  # type: ignore[attr-defined]
    tiers = [
        {
            "tier": tier,
            "nodes": [n for n in found if n.tier == tier.value],
            "figures": by_tier[tier.value],
        }
        for tier in Tier
    ]
    return {
        "nodes": found,
        "states": [{"state": s, "colour": STATE_COLOURS[s]} for s in State],
        "tiers": tiers,
        "chart": _chart(chain, found, tiers),
    }


def _chart(chain: Chain, found: list[Node], tiers: list[dict]) -> dict:
    """ECharts graph data: a column per tier, nodes top to bottom in their order (a sub-node
    under its parent, indented); size grows with the square root of the investment."""
    points = []
    for column, tier in enumerate(tiers):
        for row, node in enumerate(tier["nodes"]):
            amount = float(node.figures.amount_wan)
            points.append(
                {
                    "id": str(node.pk),
                    "name": node.name,
                    "x": column * 300 + (40 if node.parent_id else 0),
                    "y": row * 70,
                    "symbolSize": round(22 + min(amount, 1_000_000) ** 0.5 / 10, 1),
                    "colour": node.colour,
                    "state": str(node.state.label),
                    "tier": str(tier["tier"].label),
                    "enterprises_label": _("本地企业 %(n)s 家")
                    % {"n": len(node.details["enterprises"])},
                    "projects_label": _("项目 %(n)s 个,%(amount)s")
                    % {"n": node.figures.projects, "amount": format_wan(node.figures.amount_wan)},
                }
            )
    edges = [
        {"source": str(a), "target": str(b), "kind": "supply"}
        for a, b in chain.links.values_list("from_node_id", "to_node_id")
    ]
    edges += [
        {"source": str(n.parent_id), "target": str(n.pk), "kind": "part"}
        for n in found
        if n.parent_id
    ]
    return {"nodes": points, "links": edges, "tiers": [str(t["tier"].label) for t in tiers]}


def targets(user, zone: Zone) -> QuerySet[Target]:
    """The targets the viewer may see, each with its last contact (`last_contact`: the latest
    field-work activity with its company)."""
    last = (
        Activity.objects.filter(zone=OuterRef("zone"), company=OuterRef("company"))
        .order_by("-date")
        .values("date")[:1]
    )
    return (
        permissions.visible(user, Target.objects.all(), zone)
        .select_related("company", "unit", "node", "node__chain", "project")
        .annotate(last_contact=Subquery(last))
        .order_by("node__chain__sort_order", "node__chain__name", "node__order", "status", "pk")
    )


@dataclass
class Summary:
    """The chain section of the dashboard and the briefing, for a period."""

    chains: int
    gaps: list[Node]
    filled: list[Node]
    fill_signings: list[Project]

    @property
    def fill_signings_amount_wan(self) -> Decimal:
        return sum((p.total_investment_wan or ZERO for p in self.fill_signings), ZERO)


def summary(zone: Zone, start: dt.date, end: dt.date) -> Summary:
    """Gaps on `end`, the gaps filled in the period and the 补链 projects newly signed in it: a
    zone without chains costs one query, one with chains a fixed few."""
    count = Chain.objects.filter(zone=zone).count()
    if not count:
        return Summary(chains=0, gaps=[], filled=[], fill_signings=[])
    found = list(
        with_counts(nodes(zone), [end, start - dt.timedelta(days=1)]).order_by(
            "chain__sort_order", "chain__name", "order", "pk"
        )
    )
    for node in found:
        node.state = state_of(node, 0)  # type: ignore[attr-defined]
    return Summary(
        chains=count,
        gaps=[n for n in found if n.state == State.GAP],  # type: ignore[attr-defined]
        filled=[
            n
            for n in found
            if state_of(n, 1) == State.GAP and n.state != State.GAP  # type: ignore[attr-defined]
        ],
        fill_signings=list(fill_signings(zone, start, end).select_related("company")),
    )
