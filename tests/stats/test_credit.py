"""Credit follows the project into the figures: signings by channel and by referrer add up to
the period's signings, counted here independently of the engine, for several periods."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from tests.factories import TODAY, make_user
from zhaoshang.companies.models import Channel
from zhaoshang.companies.services import get_or_create_company, save_organisation
from zhaoshang.org.models import Role
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, Stage
from zhaoshang.stats.selectors import signing_credit, zone_figures

PERIODS = [
    (dt.date(2026, 1, 1), dt.date(2026, 5, 31)),
    (dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    (dt.date(2024, 7, 1), dt.date(2026, 2, 28)),
]


@pytest.fixture
def credited(zone, refs, people):
    """60 projects, signed on random days of 2024–2026 (some not at all), each with a random
    channel and at most one referrer: a person, an anchor enterprise or an organisation."""
    rng = random.Random(12)
    anchor = get_or_create_company(zone=zone, actor=None, name="龙头企业甲", is_anchor=True)
    orgs = [
        save_organisation(zone=zone, actor=None, name=f"<i>商会{i}</i>", kind="chamber")
        for i in range(3)
    ]
    persons = [people["cody"], make_user("dan", zone, Role.CONTRIBUTOR), people["bob"]]
    referrers = [None, None, anchor, *orgs, *persons]
    investor = get_or_create_company(zone=zone, actor=None, name="投资方乙")
    made = []
    for i in range(60):
        signed = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 880))
        signs = rng.random() < 0.8
        referrer = rng.choice(referrers)
        extra = {}
        if referrer is anchor:
            extra["introduced_by"] = anchor
        elif referrer in orgs:
            extra["referrer_org"] = referrer
        elif referrer is not None:
            extra["referred_by"] = referrer
        made.append(
            services.create_project(
                zone=zone,
                actor=None,
                code=f"C{i:03d}",
                name=f"项目{i}",
                company=investor,
                unit=refs["group1"],
                channel=rng.choice(["", *Channel.values]),
                total_investment_wan=Decimal(rng.choice([800, 9999, 10000, 25000, 10**9])),
                agreement_type=AgreementType.CONTRACT if signs else "",
                milestones={Stage.SIGNED: signed} if signs else {Stage.LEAD: dt.date(2024, 1, 1)},
                today=TODAY,
                **extra,
            )
        )
    return made


def referrer_key(project) -> str:
    if project.referred_by_id:
        return f"person-{project.referred_by_id}"
    if project.introduced_by_id:
        return f"enterprise-{project.introduced_by_id}"
    if project.referrer_org_id:
        return f"organisation-{project.referrer_org_id}"
    return "none"


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_referrer_credit_adds_up_to_the_signings(zone, credited, start, end):
    # The independent count: plain Python over the projects.
    signed = [p for p in credited if p.signed_date and start <= p.signed_date <= end]
    expected_referrer: dict[str, tuple[int, Decimal]] = {}
    expected_channel: dict[str, tuple[int, Decimal]] = {}
    for project in signed:
        for table, key in (
            (expected_referrer, referrer_key(project)),
            (expected_channel, project.channel or "none"),
        ):
            count, amount = table.get(key, (0, Decimal(0)))
            table[key] = (count + 1, amount + project.total_investment_wan)

    credit = signing_credit(zone=zone, as_of=end, period_from=start)
    by_referrer = {
        row.group: (row.figures["signed"].count, row.figures["signed"].amount_wan)
        for row in credit.by_referrer
    }
    by_channel = {
        row.group: (row.figures["signed"].count, row.figures["signed"].amount_wan)
        for row in credit.by_channel
    }
    assert by_referrer == expected_referrer
    assert by_channel == expected_channel
    # …and both equal the engine's own signed figure.
    figures = zone_figures(zone=zone, as_of=end, period_from=start, breakdowns=False, today=TODAY)
    for table in (by_referrer, by_channel):
        assert sum(c for c, _a in table.values()) == figures["signed"].count == len(signed)
        assert sum(a for _c, a in table.values()) == figures["signed"].amount_wan
    major = sum(r.figures["signed_major"].count for r in credit.by_referrer)
    assert major == figures["signed_major"].count
    assert credit.total["signed"].count == len(signed)


def test_each_row_opens_exactly_its_projects(client, zone, people, credited):
    start, end = PERIODS[0]
    credit = signing_credit(zone=zone, as_of=end, period_from=start)
    client.force_login(people["alice"])
    for dimension, rows in (("referrer", credit.by_referrer), ("channel", credit.by_channel)):
        for row in rows:
            response = client.get(
                "/figures/signed/",
                {"from": start, "as_of": end, "by": dimension, "group": row.group},
            )
            assert response.context["total"] == row.figures["signed"].count
            assert response.context["row_name"] == row.name


def test_a_bad_row_is_not_found(client, people, credited):
    client.force_login(people["alice"])
    for group in ("person-x", "nobody-1", "person"):
        assert client.get("/figures/signed/", {"by": "referrer", "group": group}).status_code == 404
    assert client.get("/figures/signed/", {"by": "channel", "group": "nope"}).status_code == 404


def test_the_dashboard_shows_the_credit_tables(client, zone, people, credited):
    start, end = PERIODS[0]
    client.force_login(people["lee"])
    response = client.get("/", {"from": start, "as_of": end})
    page = response.content.decode()
    assert 'id="credit-channel"' in page and 'id="credit-referrer"' in page
    assert "&lt;i&gt;商会" in page  # names are escaped
    credit = response.context["credit"]
    figures = zone_figures(zone=zone, as_of=end, period_from=start, breakdowns=False, today=TODAY)
    assert f"data-credit-total>{figures['signed'].count}<" in page
    assert credit.total["signed"].count == figures["signed"].count
