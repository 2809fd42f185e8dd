"""The memoised search key is exactly what pypinyin's plain lazy_pinyin() gives."""

import random

from pypinyin import Style, lazy_pinyin

from zhaoshang.demo import data
from zhaoshang.projects import generate
from zhaoshang.projects.search import search_key as fast


def search_key(*texts: str) -> str:
    """The key from pypinyin's lazy_pinyin() in both styles, unremembered."""
    parts = []
    for text in filter(None, texts):
        syllables = lazy_pinyin(text, errors="ignore")
        initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
        parts += [text.casefold(), "".join(syllables), "".join(initials)]
    return " ".join(parts).casefold()


TRICKY = [
    "重庆长安汽车零部件项目",  # 重: chong here, zhong elsewhere
    "银行行长办公楼",
    "长春长江物流园",
    "ABC新材料(香港)有限公司",
    "年产10万吨异辛烷溶剂油项目(一期)",
    "Hello World",
    "  ",
    "单县乐器厂",
]


def corpus() -> list[str]:
    rng = random.Random(4)
    names = [p.name for p in data.PROJECTS] + [c.name for c in data.COMPANIES] + TRICKY
    for _i in range(500):
        brand = rng.choice(generate.BRAND_CHARS) + rng.choice(generate.BRAND_CHARS)
        names.append(
            brand + rng.choice(generate.COMPANY_WORDS) + rng.choice(generate.COMPANY_FORMS)
        )
    return names


def test_it_gives_the_services_search_key():
    for text in corpus():
        assert fast(text) == search_key(text), text
        assert fast(text, "史丹利化肥股份有限公司") == search_key(text, "史丹利化肥股份有限公司")
        assert fast(text, "") == search_key(text, "")
