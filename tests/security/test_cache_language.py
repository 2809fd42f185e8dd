"""Figures and charts are cached per zone and period for everyone: whoever warms the cache, each
reader gets their own language (the cached rows hold no translated word)."""

import json
import re
from decimal import Decimal

import pytest
from django.utils import translation

from tests.factories import TODAY, d
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, Stage
from zhaoshang.stats.selectors import cached_figures

PERIOD = "from=2026-01-01&as_of=2026-05-31"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    for module in (
        "zhaoshang.dashboard.views",
        "zhaoshang.stats.forms",
        "zhaoshang.stats.selectors",
        "zhaoshang.reports.views",
    ):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


@pytest.fixture
def unfiled(zone, refs, company):
    """A signed project with no industry or park: it falls in the 未填写 rows."""
    return services.create_project(
        zone=zone,
        actor=None,
        code="U-1",
        name="未归类的项目",
        company=company,
        unit=refs["group1"],
        total_investment_wan=Decimal(15000),
        agreement_type=AgreementType.CONTRACT,
        milestones={Stage.LEAD: d("2026-01-05"), Stage.SIGNED: d("2026-03-01")},
        today=TODAY,
    )


def _charts(page) -> dict:
    found = re.search(r'<script id="zs-charts" type="application/json">(.*?)</script>', page.text)
    return json.loads(found.group(1))


def _reader(client_class, user, language):
    reader = client_class()
    reader.force_login(user)
    reader.cookies["django_language"] = language
    return reader


def test_a_chinese_reader_warms_the_dashboard_and_an_english_reader_reads_english(
    client, people, unfiled
):
    chinese = _reader(client.__class__, people["alice"], "zh-hans")
    warm = _charts(chinese.get(f"/?{PERIOD}"))
    assert [row["name"] for row in warm["industry"]] == ["未填写"]
    assert warm["funnel"][0]["label"] == "线索"

    english = _reader(client.__class__, people["lee"], "en")
    read = _charts(english.get(f"/?{PERIOD}"))
    assert [row["name"] for row in read["industry"]] == ["Not given"]
    assert [row["label"] for row in read["funnel"]][:4] == [
        "Lead",
        "Negotiating",
        "Substantive negotiation",
        "Signed",
    ]
    assert read["funnel"][3]["reached"] == warm["funnel"][3]["reached"] == 1


def test_an_english_reader_warms_it_and_a_chinese_reader_reads_chinese(client, people, unfiled):
    english = _reader(client.__class__, people["lee"], "en")
    assert _charts(english.get(f"/?{PERIOD}"))["park"][0]["name"] == "Not given"
    chinese = _reader(client.__class__, people["alice"], "zh-hans")
    read = _charts(chinese.get(f"/?{PERIOD}"))
    assert read["park"][0]["name"] == "未填写" and read["funnel"][3]["label"] == "签约"


def test_the_briefing_reads_the_shared_figures_in_each_readers_language(client, people, unfiled):
    chinese = _reader(client.__class__, people["alice"], "zh-hans")
    assert "其他地区或未填写" in chinese.get(f"/briefings/?{PERIOD}").text
    english = _reader(client.__class__, people["lee"], "en")
    page = english.get(f"/briefings/?{PERIOD}").text
    assert "Other regions or not given" in page and "其他地区或未填写" not in page


def test_cached_figures_name_their_unfiled_rows_when_read(zone, unfiled):
    start, as_of = d("2026-01-01"), d("2026-05-31")
    with translation.override("zh-hans"):
        warmed = cached_figures(zone=zone, as_of=as_of, period_from=start)
        assert warmed.by["industry"][0].name == "未填写"
    with translation.override("en"):
        read = cached_figures(zone=zone, as_of=as_of, period_from=start)
        assert read.by["industry"][0].name == "Not given"
        assert read.by["region_group"][-1].name == "Other regions or not given"
