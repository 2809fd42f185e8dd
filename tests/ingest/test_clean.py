"""Cleaning damaged text: each rule, what it must leave alone, garbled stretches and the map back
to the original. Damaged texts are made here from Simplified ones (pypinyin for the pinyin,
OpenCC for Traditional), never copied from anywhere."""

import pytest

from tests.ingest.labelled import damage, labelled_texts
from zhaoshang.ingest import clutter
from zhaoshang.ingest.clean import clean
from zhaoshang.ingest.garbled import DAMAGED, UTF8_AS_GBK, UTF8_AS_LATIN1
from zhaoshang.ingest.textmap import MappedText

# --- pinyin annotations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "damaged, cleaned",
    [
        ("內(nèi)容豐(fēng)富", "内容丰富"),  # tone marks
        ("綠(lǜ)色旅(lǚ)遊(yóu)", "绿色旅游"),  # ü with its tone
        ("內(nei4)容", "内容"),  # tone numbers
        ("綠(lv4)色、綠(lu:4)地", "绿色、绿地"),  # ü written v or u:
        ("內（nèi）容", "内容"),  # full-width brackets
        ("我們(men)的", "我们的"),  # a neutral tone carries no mark: a reading of the character
        ("內容(nèi róng)豐富", "内容丰富"),  # one bracket for a word
        ("北京(Běi)", "北京"),  # a capital at the start of a name
    ],
)
def test_it_removes_pinyin_after_chinese_characters(damaged, cleaned):
    assert clean(damaged).text == cleaned


@pytest.mark.parametrize(
    "text, cleaned",
    [
        ("本报讯(记者 王立新 通讯员 赵晓)昨日", "本报讯（记者 王立新 通讯员 赵晓）昨日"),
        ("(作者:李文)", "（作者：李文）"),
        ('由东方重工(以下简称"东方")投资', "由东方重工（以下简称“东方”）投资"),
        ("合作伙伴(Partner)名单", "合作伙伴（Partner）名单"),  # English words stay
        ("首席执行官(CEO)表示", "首席执行官（CEO）表示"),
        ("按照第(2)条和(2025)号文件", "按照第（2）条和（2025）号文件"),  # numbers stay
        ("市政(an)工程", "市政（an）工程"),  # a syllable, but not a reading of 政
        ("see Beijing (běi) here", "see Beijing (běi) here"),  # not after a Chinese character
        ("合作(HE)项目", "合作（HE）项目"),  # capitals are no annotation
    ],
)
def test_it_keeps_brackets_that_are_text(text, cleaned):
    assert clean(text).text == cleaned


@pytest.mark.parametrize("numbered", [False, True])
@pytest.mark.parametrize("every_character", [False, True])
def test_damaged_texts_clean_back_to_their_simplified_original(numbered, every_character):
    """Each labelled text, made Traditional with pinyin (pypinyin: tone marks or numbers) after
    each converted character — or after every character — and ASCII punctuation, cleans to what
    the Simplified original cleans to."""
    for labelled in labelled_texts():
        damaged = damage(labelled.text, numbered=numbered, every_character=every_character)
        assert damaged.text != labelled.text
        assert clean(damaged.text).text == clean(labelled.text).text, labelled.name


# --- Traditional, punctuation, whitespace -----------------------------------------------------


def test_it_makes_traditional_characters_simplified():
    assert clean("發揮優勢 做強產業，實際到位資金").text == "发挥优势 做强产业，实际到位资金"


def test_it_makes_ascii_punctuation_beside_chinese_full_width():
    cleaned = clean("签约项目8个,总投资:12亿元;进展如何?很好!").text
    assert cleaned == "签约项目8个，总投资：12亿元；进展如何？很好！"


@pytest.mark.parametrize(
    "text",
    [
        "总投资3,500万元",  # a thousands separator
        "上午08:30开幕",  # a time
        "见 https://www.example.com:8080/news",
        "Hello, world: fine; really? yes!",
    ],
)
def test_it_leaves_ascii_punctuation_that_is_not_chinese(text):
    assert clean(text).text == text


def test_it_normalises_whitespace():
    cleaned = clean(
        "  第一段　文字  \r\n\r\n\r\n\r\n   第二段 。 “引号 ” 发挥优势 做强产业\t\n"
    ).text
    assert cleaned == "第一段 文字\n\n第二段。“引号”发挥优势 做强产业"


# --- page clutter -----------------------------------------------------------------------------

PAGE = """港城新区签约新能源项目
您的浏览器需要安装 Flash Player 插件才能播放视频
首页 > 新闻中心 > 招商动态
您现在的位置：首页 >> 要闻
港城新区签约新能源项目
发布时间：2025-04-02  浏览次数：88
4月1日，港城新区与远景能源有限公司签订总投资10亿元的储能电站项目。
投资额>5亿元的项目由区长牵头。
分享到：微信 微博 QQ空间
【打印本页】 【关闭窗口】
Copyright © 2025 港城新区管委会 版权所有 苏ICP备00000000号
"""


def test_it_drops_page_clutter_and_says_why():
    cleaned = clean(PAGE)
    assert cleaned.text == (
        "港城新区签约新能源项目\n"
        "4月1日，港城新区与远景能源有限公司签订总投资10亿元的储能电站项目。\n"
        "投资额>5亿元的项目由区长牵头。"
    )
    assert [line.reason for line in cleaned.dropped] == [
        clutter.PLUGIN,
        clutter.BREADCRUMB,
        clutter.BREADCRUMB,
        clutter.REPEATED,
        clutter.PAGE_INFO,
        clutter.LINKS,
        clutter.LINKS,
        clutter.FOOTER,
    ]
    for line in cleaned.dropped:  # each points at the line as it was
        assert PAGE[line.original_start : line.original_end].strip() == line.text


def test_a_long_paragraph_said_twice_is_kept_twice():
    paragraph = "今年以来，全区围绕主导产业开展精准招商，新签约一批补链强链的重点项目，产业集群效应逐步显现，为全区经济高质量发展注入新动能。"
    assert clean(f"{paragraph}\n{paragraph}").text == f"{paragraph}\n{paragraph}"


# --- garbled text -----------------------------------------------------------------------------


def test_utf8_read_as_latin1_is_repaired_when_certain():
    mojibake = "招商引资".encode().decode("cp1252")  # æ‹›å•†å¼•èµ„
    original = f"全区{mojibake}工作"
    cleaned = clean(original)
    assert cleaned.text == "全区招商引资工作"
    [segment] = cleaned.garbled
    assert (segment.reason, segment.repaired, segment.original) == (
        UTF8_AS_LATIN1,
        "招商引资",
        mojibake,
    )
    assert original[segment.original_start : segment.original_end] == mojibake
    assert cleaned.text[segment.start : segment.end] == "招商引资"


def test_utf8_read_as_gbk_is_repaired_when_certain():
    mojibake = "项目签约".encode().decode("gbk")  # 椤圭洰绛剧害
    cleaned = clean(f"本月{mojibake}5个")
    assert cleaned.text == "本月项目签约5个"
    assert [(s.reason, s.repaired) for s in cleaned.garbled] == [(UTF8_AS_GBK, "项目签约")]


def test_shifted_bytes_are_reported_and_left_as_they_are():
    """Bytes shifted by one, as a broken scraper leaves them: no guess is made."""
    good = "，投资方为本地企业。"
    shifted = good.encode("gbk")[1:].decode("gbk", errors="replace")
    original = f"项目进展顺利{shifted}下一步加快建设。"
    cleaned = clean(original)
    assert cleaned.garbled, shifted
    for segment in cleaned.garbled:
        assert segment.reason == DAMAGED and segment.repaired is None
        assert cleaned.text[segment.start : segment.end] == segment.original
        assert original[segment.original_start : segment.original_end] == segment.original
    assert cleaned.text.startswith("项目进展顺利") and cleaned.text.endswith("下一步加快建设。")


@pytest.mark.parametrize(
    "damaged",
    [
        "签约\ufffd\ufffd项目",  # replacement characters
        "专\ue5dd业招商",  # a private-use code point
        "招商覅堃喆引资",  # a run of rare characters
        "活力?!拔覅^(qū)作为",  # shifted bytes: a rare character and stray symbols
        "或?qū)\ue5ddI(yè)專題",
    ],
)
def test_damage_that_cannot_be_undone_is_reported(damaged):
    [segment] = clean(damaged).garbled
    assert segment.reason == DAMAGED and segment.repaired is None


@pytest.mark.parametrize(
    "text",
    [
        "项目负责人李喆介绍",  # one rare character in a name
        "真的吗?!当然",  # questions
        "Café au lait",  # Latin letters in Latin text
        "內(nèi)容豐(fēng)富",  # pinyin is no damage
        "中國·東盟博覽會",  # Traditional
    ],
)
def test_it_finds_no_damage_where_there_is_none(text):
    assert clean(text).garbled == []


# --- the map back to the original -------------------------------------------------------------


def test_every_clean_character_maps_into_the_stretch_it_came_from():
    simplified = "在第三届博览会上，总投资12亿元的锂电池材料项目签约。"
    damaged = damage(simplified, every_character=True)
    cleaned = clean(damaged.text)
    assert cleaned.text == simplified
    for index in range(len(simplified)):
        assert cleaned.original_span(index, index + 1) == damaged.spans[index]
    start = simplified.index("锂电池材料项目")
    end = start + len("锂电池材料项目")
    original_start, original_end = cleaned.original_span(start, end)
    assert damaged.text[original_start:original_end] == "".join(
        damaged.text[slice(*damaged.spans[i])] for i in range(start, end)
    )


def test_dropped_lines_leave_no_trace_in_the_map():
    original = "首页 > 新闻 > 正文\n园区签約(yuē)新项目。"
    cleaned = clean(original)
    assert cleaned.text == "园区签约新项目。"
    start, end = cleaned.original_span(0, len(cleaned.text))
    assert original[start:end] == "园区签約(yuē)新项目。"


def test_mapped_text_edits_keep_each_character_s_origin():
    mapped = MappedText.of("ab(x)cd")
    mapped = mapped.edit([(2, 5, ""), (5, 6, "C")])
    assert mapped.text == "abCd"
    assert [mapped.original_span(i, i + 1) for i in range(4)] == [(0, 1), (1, 2), (5, 6), (6, 7)]
    assert mapped.clean_span(2, 5) is None  # the removed bracket
    assert mapped.clean_span(4, 7) == (2, 4)
    grown = mapped.edit([(0, 1, "AAA")])
    assert grown.text == "AAAbCd" and grown.original_span(0, 3) == (0, 1)
