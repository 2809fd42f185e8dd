"""Reading cleaned text for candidate projects, reported figures and targets, phrasing by phrasing.
Every text here is written for the test."""

from decimal import Decimal

import pytest

from zhaoshang.ingest.extract import read_text


def candidates(text: str, **options) -> list[dict]:
    return read_text(text, **options).as_json()["candidates"]


def brief(text: str, **options) -> list[tuple]:
    return [(c["name"], c["amount_wan"], c["stage"]) for c in candidates(text, **options)]


def test_a_signing_ceremony_gives_each_project_its_amount_and_investor():
    found = candidates(
        "签约仪式上，园区与苏州长风机械有限公司签订了总投资4亿元的精密铸件项目，"
        "与杭州云杉数据科技有限公司签订了协议投资6000万元的工业互联网平台项目。",
        year=2026,
    )
    assert [(c["name"], c["amount_wan"], c["stage"], c["companies"]) for c in found] == [
        ("精密铸件项目", "40000.00", "signed", ["苏州长风机械有限公司"]),
        ("工业互联网平台项目", "6000.00", "signed", ["杭州云杉数据科技有限公司"]),
    ]


def test_a_list_gives_one_candidate_per_item():
    found = candidates("目前，生物降解塑料、高端轴承和医用敷料等项目已进入实质性谈判阶段。")
    assert [(c["name"], c["stage"], c["milestone"]) for c in found] == [
        ("生物降解塑料项目", "negotiating", "substantive"),
        ("高端轴承项目", "negotiating", "substantive"),
        ("医用敷料项目", "negotiating", "substantive"),
    ]


def test_projects_of_one_sentence_keep_their_own_stages():
    assert brief(
        "总投资3亿元的木业加工项目已竣工投产，投资2亿元的饲料项目即将开工，"
        "正在洽谈的光伏支架项目有望年内签约，计划总投资1.5亿元的冷库项目已于3月开工。"
    ) == [
        ("木业加工项目", "30000.00", "completed"),
        ("饲料项目", "20000.00", "to_start"),
        ("光伏支架项目", None, "negotiating"),
        ("冷库项目", "15000.00", "started"),
    ]


def test_dollars_are_converted_at_the_rate_of_the_setting(settings):
    settings.INGEST_USD_CNY_RATE = Decimal("7.0")
    [found] = candidates("韩国晓星集团投资2亿美元建设的氨纶项目正式签约。")
    assert (found["amount_wan"], found["amount_text"], found["currency"]) == (
        "140000.00",
        "2亿美元",
        "USD",
    )
    assert found["companies"] == ["韩国晓星集团"]


@pytest.mark.parametrize(
    "sentence, amount",
    [
        ("投资十二亿元的化纤项目签约。", "120000.00"),
        ("总投资3,500万元的包装材料项目开工。", "3500.00"),
        ("化纤项目总投资12亿元，已开工建设。", "120000.00"),
        ("化纤项目建成后年产值可达20亿元，已开工建设。", None),  # output, not investment
        ("化纤项目、纺织项目开工，两个项目总投资20亿元。", None),  # the two together
    ],
)
def test_amounts_as_news_writes_them(sentence, amount):
    assert candidates(sentence)[0]["amount_wan"] == amount


@pytest.mark.parametrize(
    "text",
    [
        "一批大项目、好项目成功签约落户。",
        "重点引进一批补链强链项目，全力推进项目建设。",
        "今年新签约亿元以上项目8个，新开工项目5个。",
        "首页 > 重点项目 > 签约项目\n请安装 Flash Player 播放器观看项目签约视频\n",
        "坚持“项目为王”，加强项目落地保障，进一步加大项目宣传推介力度。",
    ],
)
def test_no_candidate_is_invented_from_kinds_of_project_figures_or_page_clutter(text):
    assert candidates(text) == []


def test_the_event_and_date_of_a_sentence_and_of_one_that_goes_on_from_it():
    found = candidates(
        "2025年11月6日，第八届中国国际进口博览会在上海开幕。会上，保税区与德国巴斯夫集团签署了"
        "工程塑料改性项目合作协议。"
    )
    assert [(c["event"], c["date"], c["companies"]) for c in found] == [
        ("第八届中国国际进口博览会", "2025-11-06", ["德国巴斯夫集团"])
    ]


@pytest.mark.parametrize(
    "text, year, date",
    [
        ("5月18日，锻造项目签约。", 2026, "2026-05-18"),  # --year completes the date
        ("2024年5月18日，锻造项目签约。", 2026, "2024-05-18"),  # the text's own year wins
        ("锻造项目去年已开工。", 2026, "2025"),
        ("锻造项目签约。", 2026, "2026"),  # the year alone
        ("5月18日，锻造项目签约。", None, None),  # no year known
        ("发布时间：2023-06-01\n5月18日，锻造项目签约。", None, "2023-05-18"),
    ],
)
def test_dates_take_their_year_from_the_text_the_option_or_the_publication(text, year, date):
    [found] = candidates(text, year=year)
    assert found["date"] == date


def test_every_candidate_points_at_its_sentence_in_the_clean_and_the_original_text():
    original = "首頁 > 新聞\n簽(qiān)約(yuē)儀(yí)式上,園(yuán)區(qū)簽(qiān)訂(dìng)了總(zǒng)投資(zī)5億(yì)元的電(diàn)纜(lǎn)項(xiàng)目。"
    result = read_text(original).as_json()
    [found] = result["candidates"]
    assert found["name"] == "电缆项目"
    start, end = found["span"]
    assert result["clean_text"][start:end] == "电缆项目"
    sentence_start, sentence_end = found["sentence_span"]
    assert result["clean_text"][sentence_start:sentence_end] == found["sentence"]
    original_start, original_end = found["original_span"]
    assert original[original_start:original_end] == original.split("\n")[1]


# --- reported figures and targets -------------------------------------------------------------


def figures(text: str, **options) -> dict:
    return {
        key: (value["count"], value["amount_wan"])
        for key, value in read_text(text, **options).as_json()["reported_figures"].items()
    }


def test_figures_under_the_keys_of_the_figures_engine():
    assert figures(
        "1-9月，全区新签约项目32个，其中亿元以上项目14个，总投资96亿元，同比增长12%；"
        "正在洽谈亿元以上项目18个；在建、续建亿元以上项目27个；新开工项目9个；新竣工项目4个；"
        "新投产项目3个；实际到位资金31.5亿元。"
    ) == {
        "signed": (32, None),
        "signed_major": (14, "960000.00"),
        "negotiating_major": (18, None),
        "under_construction_major": (27, None),
        "started": (9, None),
        "completed": (4, None),
        "operating": (3, None),
        "funds_arrived": (None, "315000.00"),
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("新签约过亿元项目6个。", {"signed_major": (6, None)}),
        ("新签约5亿元以上项目2个。", {"signed_over_5yi": (2, None)}),
        (
            "在谈项目21个，续建项目7个。",
            {"negotiating": (21, None), "continued_construction": (7, None)},
        ),
        ("新签约10亿元以上项目2个，新开工亿元以上项目3个。", {}),  # tiers with no key
        ("新签约项目十二个，协议投资总额45亿元。", {"signed": (12, "450000.00")}),
    ],
)
def test_figure_phrasings(text, expected):
    assert figures(text) == expected


def test_targets_are_not_reported_figures():
    result = read_text(
        "明年力争新签约亿元以上项目20个、总投资100亿元，确保实际到位资金达到40亿元。", year=2026
    ).as_json()
    assert result["reported_figures"] == {}
    assert [(t["metric"], t["count"], t["amount_wan"], t["year"]) for t in result["targets"]] == [
        ("signed_major", 20, "1000000.00", 2027),
        ("funds_arrived", None, "400000.00", 2027),
    ]


def test_an_event_s_totals_are_not_the_period_s_figures():
    assert figures("在第三届海洋经济博览会上，新区共签约项目9个，总投资60亿元。") == {}
