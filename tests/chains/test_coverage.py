"""Coverage states as of a day, gap lists, gaps filled in a period, and the chain figures equal to
the figures engine's."""

import datetime as dt

import pytest

from tests.factories import d
from zhaoshang.chains import selectors
from zhaoshang.chains.models import State
from zhaoshang.stats.selectors import stage_funnel


def states_by_name(zone, on, chain):
    found = selectors.node_states(zone, d(on))
    return {n.name: found[n.pk] for n in chain.nodes.all()}


def test_a_node_with_nothing_is_a_gap(zone, chain):
    assert set(states_by_name(zone, "2026-05-31", chain).values()) == {State.GAP}


def test_an_anchor_alone_makes_a_node_strong(zone, chain, link):
    link("甲醇", "华鲁恒升化工股份有限公司", anchor=True)
    assert states_by_name(zone, "2026-05-31", chain)["甲醇"] == State.STRONG


def test_one_enterprise_covers_a_node_and_two_make_it_strong(zone, chain, link):
    link("合成气", "德州甲企业", on="2026-01-10")
    assert states_by_name(zone, "2026-05-31", chain)["合成气"] == State.COVERED
    link("合成气", "德州乙企业", on="2026-03-01")
    assert states_by_name(zone, "2026-05-31", chain)["合成气"] == State.STRONG
    # As of a day before the second link, it was only covered; before the first, a gap.
    assert states_by_name(zone, "2026-02-28", chain)["合成气"] == State.COVERED
    assert states_by_name(zone, "2026-01-09", chain)["合成气"] == State.GAP


def test_a_live_project_tagged_to_an_empty_node_is_filling_it(zone, chain, build, tag):
    project = build("P1", "20000", negotiating="2026-01-15")
    tag("新材料", project, on="2026-02-01")
    assert states_by_name(zone, "2026-05-31", chain)["新材料"] == State.FILLING
    assert states_by_name(zone, "2026-01-31", chain)["新材料"] == State.GAP  # not yet tagged


def test_a_dropped_project_no_longer_fills_a_node_from_the_day_it_was_dropped(
    zone, chain, build, tag
):
    project = build("P1", "20000", negotiating="2026-01-15", dropped="2026-04-01")
    tag("新材料", project, on="2026-02-01")
    assert states_by_name(zone, "2026-03-31", chain)["新材料"] == State.FILLING
    assert states_by_name(zone, "2026-04-01", chain)["新材料"] == State.GAP


def test_a_project_in_production_no_longer_counts_as_filling(zone, chain, build, tag):
    project = build(
        "P1",
        "20000",
        signed="2025-01-10",
        started="2025-03-01",
        completed="2025-12-01",
        operating="2026-03-01",
    )
    tag("新材料", project, on="2025-02-01")
    assert states_by_name(zone, "2026-02-28", chain)["新材料"] == State.FILLING
    assert states_by_name(zone, "2026-03-01", chain)["新材料"] == State.GAP


def test_an_enterprise_outranks_a_tag(zone, chain, build, tag, link):
    tag("新材料", build("P1", "20000", negotiating="2026-01-15"))
    link("新材料", "新材料企业")
    assert states_by_name(zone, "2026-05-31", chain)["新材料"] == State.COVERED


def test_the_gap_list_per_chain_and_zone_wide(zone, chain, link, refs):
    from zhaoshang.chains import services

    other = services.save_chain(zone=zone, actor=None, name="高端制造产业链")
    services.save_node(chain=other, actor=None, name="数控机床", tier="midstream")
    link("甲醇", "华鲁恒升化工股份有限公司", anchor=True)
    in_chain = [n.name for n in selectors.gaps(zone, d("2026-05-31"), chain)]
    assert in_chain == ["合成气", "甲醇制烯烃", "新材料"]
    zone_wide = [n.name for n in selectors.gaps(zone, d("2026-05-31"))]
    assert sorted(zone_wide) == sorted(["合成气", "甲醇制烯烃", "新材料", "数控机床"])
    rows = {row.chain.name: row.counts for row in selectors.chain_rows(zone, d("2026-05-31"))}
    assert rows["精细化工产业链"]["gap"] == 3 and rows["精细化工产业链"]["strong"] == 1
    assert rows["高端制造产业链"]["gap"] == 1


def test_gaps_filled_this_period(zone, chain, link, build, tag):
    link("合成气", "去年企业", on="2025-06-01")  # covered before the period: not "filled"
    link("甲醇", "今年企业", on="2026-03-01")
    tag("新材料", build("P1", "20000", negotiating="2026-01-15"), on="2026-04-01")
    filled = selectors.gaps_filled(zone, d("2026-01-01"), d("2026-05-31"))
    assert {n.name: n.state for n in filled} == {"甲醇": State.COVERED, "新材料": State.FILLING}
    assert selectors.gaps_filled(zone, d("2026-01-01"), d("2026-02-28")) == []


def test_new_fill_signings_are_the_engines_signed_projects_tagged_fill(zone, chain, build, tag):
    signed = build("P1", "20000", signed="2026-03-01")
    tag("新材料", signed, role="fill", on="2026-01-10")
    tag("甲醇", build("P2", "30000", signed="2026-03-01"), role="strengthen")
    tag("合成气", build("P3", "30000", signed="2025-03-01"), role="fill", on="2025-02-01")
    found = selectors.fill_signings(zone, d("2026-01-01"), d("2026-05-31"))
    assert [p.code for p in found] == ["P1"]


def test_chain_figures_equal_the_figures_engines(zone, chain, build, tag):
    """Every counted project tagged to one node: the chain's tiers add up to the engine's funnel."""
    names = ["合成气", "甲醇", "甲醇制烯烃", "新材料"]
    projects = [
        build("P1", "12000", negotiating="2026-01-15"),
        build("P2", "50000", signed="2026-02-01"),
        build("P3", "8000", signed="2025-05-01", started="2025-09-01"),
        build("P4", "30000", substantive="2026-03-01"),
        build("P5", "9000", negotiating="2026-01-15", dropped="2026-03-01"),
        build("P6", "60000", signed="2026-04-20"),
    ]
    for i, project in enumerate(projects):
        tag(names[i % 4], project, on="2025-01-01")
    for on in ("2026-05-31", "2026-03-31", "2026-01-31"):
        by_node, by_tier = selectors.chain_figures(chain, d(on))
        funnel = stage_funnel(zone=zone, as_of=d(on))
        for row in funnel:
            assert sum(t.stages[row["stage"]] for t in by_tier.values()) == row["count"]
        assert sum(t.amount_wan for t in by_tier.values()) == sum(r["amount_wan"] for r in funnel)
        assert sum(f.projects for f in by_node.values()) == sum(r["count"] for r in funnel)


def test_chain_figures_leave_out_tags_made_after_the_day(zone, chain, build, tag, node):
    tag("甲醇", build("P1", "12000", negotiating="2026-01-15"), on="2026-04-01")
    by_node, _ = selectors.chain_figures(chain, d("2026-03-31"))
    assert node("甲醇").pk not in by_node
    by_node, by_tier = selectors.chain_figures(chain, d("2026-05-31"))
    assert by_node[node("甲醇").pk].stages["negotiating"] == 1
    assert by_tier["midstream"].amount_wan == 12000


@pytest.mark.parametrize("on", [dt.date(2026, 5, 31)])
def test_state_queries_do_not_grow_with_nodes(zone, chain, django_assert_max_num_queries, on):
    with django_assert_max_num_queries(3):
        selectors.node_states(zone, on)
