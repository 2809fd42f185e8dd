"""Chain test data: the conftest's zone and people (alice directs, bob works in 招商一组, carol in
招商二组, lee leads, cody contributes) and a small 精细化工 chain: 合成气 (upstream) → 甲醇
(midstream, with a sub-node 甲醇制烯烃) → 新材料 (downstream)."""

import pytest

from tests.factories import TODAY, d
from tests.security.roles import elsewhere  # noqa: F401
from zhaoshang.chains import services
from zhaoshang.chains.models import Tier
from zhaoshang.companies.services import get_or_create_company


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    for module in ("zhaoshang.chains.views", "zhaoshang.chains.services", "zhaoshang.chains.api"):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


@pytest.fixture
def chain(zone, refs):
    made = services.save_chain(zone=zone, actor=None, name="精细化工产业链", industry=refs["chem"])
    services.save_node(chain=made, actor=None, name="合成气", tier=Tier.UPSTREAM, order=1)
    methanol = services.save_node(chain=made, actor=None, name="甲醇", tier=Tier.MIDSTREAM, order=2)
    services.save_node(
        chain=made, actor=None, name="甲醇制烯烃", tier=Tier.MIDSTREAM, parent=methanol, order=3
    )
    services.save_node(chain=made, actor=None, name="新材料", tier=Tier.DOWNSTREAM, order=4)
    return made


@pytest.fixture
def node(chain):
    return lambda name: chain.nodes.get(name=name)


@pytest.fixture
def firm(zone):
    return lambda name: get_or_create_company(zone=zone, actor=None, name=name)


@pytest.fixture
def link(node, firm):
    """link("甲醇", "华鲁恒升", on="2026-01-05", anchor=True)"""

    def make(node_name, company, on="2026-01-05", anchor=False):
        return services.link_enterprise(
            node=node(node_name),
            actor=None,
            company=firm(company),
            linked_on=d(on),
            is_anchor=anchor,
            today=TODAY,
        )

    return make


@pytest.fixture
def tag(node):
    def make(node_name, project, role="fill", on="2026-02-01", actor=None):
        return services.tag_project(
            node=node(node_name),
            actor=actor,
            project=project,
            role=role,
            tagged_on=d(on),
            today=TODAY,
        )

    return make
