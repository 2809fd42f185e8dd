"""The unit page carries what other apps know of the unit: its work in the period (field work)
and its rank with the sub-scores (targets), each as the viewer may see it."""

import re

import pytest

from zhaoshang.demo.loader import load_demo
from zhaoshang.org.models import Unit

pytestmark = pytest.mark.django_db

YEAR = 2025
PERIOD = f"from={YEAR}-01-01&as_of={YEAR}-05-31"


@pytest.fixture
def demo():
    return load_demo(year=YEAR)


def page(client, demo, username: str, unit_name: str) -> str:
    client.force_login(demo.memberships.get(user__username=username).user)
    unit = Unit.objects.get(zone=demo, name=unit_name)
    response = client.get(f"/units/{unit.pk}/?{PERIOD}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_unit_with_targets_shows_its_rank_and_its_trips(client, demo):
    html = page(client, demo, "director", "招商二组")
    rank = re.search(r'id="unit-rank".*?</section>', html, re.S).group(0)
    assert "data-rank=" in rank and 'data-part="signed_major"' in rank
    trips = re.search(r'id="unit-trips">(.*?)</ul>', html, re.S).group(1)
    assert f"{YEAR}-02-08" in trips  # the trip to 宁波 of the demo


def test_a_unit_without_targets_has_no_rank_and_says_it_made_no_trip(client, demo):
    html = page(client, demo, "director", "招商九组")
    rank = re.search(r'id="unit-rank".*?</section>', html, re.S).group(0)
    assert "不参加排名" in rank and "data-rank=" not in rank
    assert "本期没有外出招商。" in html
