"""Credit follows the project into the figures: the period's signings by channel, by kind of
referrer and by referrer add up to the signings the figures engine counts, period after period,
checked against a count made independently in Python."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import TODAY, d
from zhaoshang.companies.models import Channel
from zhaoshang.companies.services import get_or_create_company, save_organisation
from zhaoshang.projects import services
from zhaoshang.projects.models import Project, ProjectType
from zhaoshang.stats.models import CountingRules
from zhaoshang.stats.selectors import signing_credit, zone_figures

PERIODS = [
    ("2026-01-01", "2026-05-31"),
    ("2026-01-01", "2026-03-31"),
    ("2026-04-01", "2026-05-31"),
    ("2026-02-01", "2026-02-28"),
    ("2025-01-01", "2025-12-31"),
    ("2026-05-31", "2026-05-31"),
]


@pytest.fixture
def credited(zone, build, people):
    """Signings over two years with every kind of referrer, channels, a drop after signing, a
    project the counting rules leave out, and leads never signed."""
    hualu = get_or_create_company(zone=zone, actor=None, name="华鲁恒升集团", is_anchor=True)
    huaneng = get_or_create_company(zone=zone, actor=None, name="华能德州电厂", is_anchor=True)
    chamber = save_organisation(zone=zone, actor=None, name="德州市温州商会", kind="chamber")
    institute = save_organisation(zone=zone, actor=None, name="山东省化工研究院", kind="research")
    cody = people["cody"]
    plan = [
        # code, amount, signed, channel, referrer
        ("A", "12000", "2026-01-15", Channel.BY_BUSINESS, ("introduced_by", hualu)),
        ("B", "3000", "2026-02-10", Channel.BY_BUSINESS, ("introduced_by", hualu)),
        ("C", "50000", "2026-02-28", Channel.BY_BUSINESS, ("introduced_by", huaneng)),
        ("D", "8000", "2026-03-31", Channel.ALL_STAFF, ("referrer_user", cody)),
        ("E", "6000", "2026-04-01", Channel.ALL_STAFF, ("referrer_user", cody)),
        ("F", "20000", "2026-04-20", Channel.AGENCY, ("referrer_org", chamber)),
        ("G", "9000", "2026-05-31", Channel.INDUSTRY_CHAIN, ("referrer_org", institute)),
        ("H", "15000", "2026-05-02", Channel.INDUSTRY_CHAIN, None),
        ("I", "7000", "2026-03-03", "", None),
        ("J", "4000", "2025-06-01", Channel.BY_BUSINESS, ("introduced_by", hualu)),
        ("K", "4500", "2025-11-30", Channel.EXHIBITION, ("referrer_org", chamber)),
        ("L", "100", "2026-02-02", Channel.ALL_STAFF, ("referrer_user", cody)),  # below minimum
        (
            "M",
            "30000",
            "2026-03-05",
            Channel.AGENCY,
            ("referrer_org", chamber),
        ),  # 文旅: not counted
    ]
    for code, amount, signed, channel, referrer in plan:
        project = build(
            code,
            amount,
            signed=signed,
            project_type=ProjectType.CULTURE_TOURISM if code == "M" else ProjectType.INDUSTRIAL,
        )
        fields = {"channel": channel}
        if referrer:
            fields[referrer[0]] = referrer[1]
        services.update_project(project=project, actor=None, today=TODAY, **fields)
    build("N", "9000", lead="2026-03-01")  # a lead: never signed
    dropped = Project.objects.get(code="B")
    services.drop_project(project=dropped, actor=None, on=d("2026-04-10"), reason="外迁")
    CountingRules.objects.create(
        zone=zone,
        minimum_amount_wan=Decimal(1000),
        counted_project_types=[ProjectType.INDUSTRIAL],
    )
    return {"hualu": hualu, "huaneng": huaneng, "chamber": chamber, "cody": cody}


def independent(zone, start, end):
    """The signings of the period by plain Python: counted type, minimum amount, signed date."""
    return [
        p
        for p in Project.objects.filter(zone=zone)
        if p.project_type == ProjectType.INDUSTRIAL
        and p.total_investment_wan >= 1000
        and p.signed_date
        and start <= p.signed_date <= end
    ]


def referrer_key(p):
    if p.introduced_by_id:
        return ("company", p.introduced_by_id)
    if p.referrer_user_id:
        return ("user", p.referrer_user_id)
    if p.referrer_org_id:
        return ("org", p.referrer_org_id)
    return ("none", None)


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_credit_adds_up_to_the_signings_of_every_period(zone, credited, start, end):
    start, end = d(start), d(end)
    credit = signing_credit(zone=zone, as_of=end, period_from=start)
    signed = zone_figures(zone=zone, as_of=end, period_from=start, today=TODAY)["signed"]
    expected = independent(zone, start, end)
    assert credit.total.count == signed.count == len(expected)
    assert credit.total.amount_wan == signed.amount_wan
    assert credit.total.amount_wan == sum((p.total_investment_wan for p in expected), Decimal(0))
    for rows in (credit.by_channel, credit.by_kind, credit.by_referrer):
        assert sum(row.count for row in rows) == len(expected)
        assert sum(row.amount_wan for row in rows) == credit.total.amount_wan
    by_channel = {row.kind: row.count for row in credit.by_channel}
    for channel in {p.channel for p in expected}:
        assert by_channel[channel] == sum(1 for p in expected if p.channel == channel)
    by_referrer = {(row.kind, row.key): row.count for row in credit.by_referrer}
    wanted = {}
    for p in expected:
        wanted[referrer_key(p)] = wanted.get(referrer_key(p), 0) + 1
    assert by_referrer == wanted


def test_the_year_to_date_credit_names_each_referrer(zone, credited):
    credit = signing_credit(zone=zone, as_of=TODAY, period_from=dt.date(2026, 1, 1))
    rows = {(row.kind, row.known_name): (row.count, row.amount_wan) for row in credit.by_referrer}
    assert rows == {
        ("company", "华鲁恒升集团"): (2, Decimal("15000.00")),  # B was dropped later: still signed
        ("company", "华能德州电厂"): (1, Decimal("50000.00")),
        ("user", "cody"): (2, Decimal("14000.00")),  # L is below the zone's minimum
        ("org", "德州市温州商会"): (1, Decimal("20000.00")),  # M's type is not counted
        ("org", "山东省化工研究院"): (1, Decimal("9000.00")),
        ("none", None): (2, Decimal("22000.00")),
    }
    kinds = {row.kind: row.count for row in credit.by_kind}
    assert kinds == {"company": 3, "user": 2, "org": 2, "none": 2}
    assert credit.by_referrer[-1].kind == "none"


def test_the_credit_takes_one_query_whatever_the_number_of_referrers(
    zone, credited, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the rules, then the grouping with its aggregates
        signing_credit(zone=zone, as_of=TODAY, period_from=dt.date(2026, 1, 1))


def test_the_dashboard_shows_signings_by_channel_and_by_referrer(client, zone, credited, people):
    client.force_login(people["lee"])
    page = client.get("/?from=2026-01-01&as_of=2026-05-31")
    assert page.status_code == 200
    charts = page.context["charts"]
    assert sum(row["count"] for row in charts["channel"]) == 9
    assert sum(row["count"] for row in charts["referrer"]) == 9
    names = [row["name"] for row in charts["referrer"]]
    assert "华能德州电厂(引荐企业(以商招商))" in names
    assert names[-1] == "无引荐方"
    assert 'id="chart-referrer"' in page.text and 'id="table-referrer"' in page.text
    assert 'id="chart-channel"' in page.text


def test_the_briefing_says_who_brought_the_signings(zone, credited):
    from zhaoshang.reports.document import Table
    from zhaoshang.reports.selectors import build_briefing

    document = build_briefing(
        zones=[zone], as_of=TODAY, period_from=dt.date(2026, 1, 1), today=TODAY
    )
    text = document.text()
    assert (
        "本期新签约项目9个，其中由企业引荐（以商招商）的3个，由个人引荐（全员招商）的2个，"
        "由商会、协会、科研院所、中介机构等引荐的2个，未记录引荐方的2个。"
    ) in text
    [table] = [b for b in document.blocks if isinstance(b, Table) and b.sheet == "签约按引荐方"]
    assert table.total[2] == 9
    assert sum(row[2] for row in table.rows) == 9
    assert ["华能德州电厂", "引荐企业(以商招商)", 1, Decimal("50000.00")] in table.rows


def test_the_roll_up_adds_the_zones_credit(zone, credited):
    from zhaoshang.org.services import create_zone
    from zhaoshang.reports.document import Table
    from zhaoshang.reports.selectors import build_briefing

    other = create_zone(code="other", name="另一开发区")
    anchor = get_or_create_company(zone=other, actor=None, name="另一龙头集团", is_anchor=True)
    project = services.create_project(
        zone=other,
        actor=None,
        code="Q1",
        name="另一项目",
        company=anchor,
        total_investment_wan=Decimal(20000),
        agreement_type="contract",
        milestones={"signed": d("2026-03-01")},
        today=TODAY,
    )
    services.update_project(
        project=project, actor=None, introduced_by=anchor, channel="by_business"
    )
    document = build_briefing(
        zones=[zone, other], as_of=TODAY, period_from=dt.date(2026, 1, 1), today=TODAY
    )
    assert "本期新签约项目10个，其中由企业引荐（以商招商）的4个" in document.text()
    [table] = [b for b in document.blocks if isinstance(b, Table) and b.sheet == "签约按引荐方"]
    assert table.total[2] == 10 and sum(row[2] for row in table.rows) == 10
    assert ["另一开发区 · 另一龙头集团", "引荐企业(以商招商)", 1, Decimal("20000.00")] in table.rows
