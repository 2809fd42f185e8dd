"""The demo's chains: 精细化工 around 华鲁恒升 and 现代物流, the 化工设备融资租赁 project tagged 强链,
gaps with target companies owned by units; loading twice changes nothing."""

import datetime as dt

import pytest

from zhaoshang.chains import selectors
from zhaoshang.chains.models import Chain, ProjectTag, Target
from zhaoshang.demo.loader import load_demo

YEAR = 2026
pytestmark = pytest.mark.django_db


def test_the_demo_has_both_chains_with_gaps_and_targets():
    zone = load_demo(year=YEAR)
    assert set(Chain.objects.filter(zone=zone).values_list("name", flat=True)) == {
        "精细化工产业链",
        "现代物流产业链",
    }
    lease = ProjectTag.objects.get(project__name="化工设备融资租赁项目")
    assert lease.role == "strengthen" and lease.node.chain.name == "精细化工产业链"
    hualu = Chain.objects.get(name="精细化工产业链").nodes.get(name="甲醇").enterprises.get()
    assert hualu.is_anchor and "华鲁恒升" in hualu.company.name
    gaps = selectors.gaps(zone, dt.date(YEAR, 5, 31))
    with_targets = [n for n in gaps if n.open_targets]
    assert len(gaps) >= 4 and len(with_targets) >= 3
    assert all(t.unit_id for t in Target.objects.filter(zone=zone))
    counts = (Chain.objects.count(), ProjectTag.objects.count(), Target.objects.count())
    load_demo(year=YEAR)
    assert (Chain.objects.count(), ProjectTag.objects.count(), Target.objects.count()) == counts
