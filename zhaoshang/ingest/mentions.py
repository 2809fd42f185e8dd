"""Where a sentence names projects: 「…水溶性复合肥项目」, or each item of 「A、B、C等项目」.

A name runs back from 项目 word by word (jieba's words, so 和谐 is never cut at 和) to punctuation,
an amount, another project or a word that is no part of a name (的, 签订, 投资…). Kinds of project
(大项目, 重大配套补链项目, 亿元以上项目) and garbled text name none.
"""

import re
from dataclasses import dataclass

from zhaoshang.ingest.money import Amount
from zhaoshang.ingest.pinyin import is_cjk
from zhaoshang.ingest.sentences import Word, scan_left, words


def word_list(text: str) -> frozenset[str]:
    return frozenset(text.split())


NAME_LIMIT = 30


# 项目 as a word of its own: not 项目部, and not a noun of project work (项目宣传推介, 项目落地保障).
MENTION = re.compile(
    r"项目(?!部|组|管理|经理|负责人|公司|办公室|库|书|单位|方|业主|宣传|推介|招商|储备|包装|谋划"
    r"|服务|保障|审批|手续|用地|资金|建设力度|工作|可研|前期|选址|规划|方案|立项|备案|论证|评审"
    r"|进展|进度)"
)
_COUNT_AFTER = re.compile(r"^(?:共|有)?\d+(?:个|项)")
_LIST_END = re.compile(r"(?:等等|等)?(?:[\d一二两三四五六七八九十]+个|一批|多个|几个)?$")
_ITEM_SEPARATORS = {"、", "和", "及", "以及", "与"}
# What comes before a name and is no part of it.
NAME_STOPS = word_list(
    """的 了 与 和 同 跟 及 以及 由 是 为 有 还有 包括 其中 在 将 把 对 向 就 从 等 即 该 这 此 又
    签订 签约 签署 引进 落户 建设 投资 投资建设 新建 实施 推进 启动 开工 竣工 投产 洽谈 对接 共建
    合作 打造 推动 加快 重点 正式 成功 集中 全力 分别 分别是 如 像 加大 进一步 加强 做好 抓好 跟踪
    促成 争取 谋划 储备 包装 完成 已"""
)
# Words that make no name: 「大项目」「重大配套补链项目」「亿元以上项目」 are kinds of project.
GENERIC = word_list(
    """大 好 重大 重点 优质 新 一批 这批 该 此 这 这些 各类 各种 相关 亿元 以上 亿元以上 投资 招商
    产业 工业 配套 补链 强链 延链 科技 高精尖 高端 龙头 骨干 签约 在谈 在建 续建 新开工 新竣工 开工
    竣工 引进 外资 内资 建设 储备 后续 其他 其余 落地 大型 个 批 两个 多个 几个 一个 这个 那个 整个
    所有 全部 上述 市级 省级 市重点 省重点 在手 好的 大的 招商引资 合作 示范 民生"""
)
# Last words that make a phrase a kind of project, whatever comes before (锦江新区重点项目).
VAGUE_ENDINGS = word_list(
    "重点 重大 签约 招商 引进 优质 好 大 在谈 在建 续建 新开工 新竣工 亿元以上 以上 一批 配套 补链 强链 延链 招商引资"
)


@dataclass
class Mention:
    start: int  # the name in the sentence
    end: int
    name: str
    listed: bool  # one item of a list (no amount of its own)


def mentions_in(
    body: str,
    segment_start: int,
    segment_end: int,
    tokens: list[Word],
    taken: list[tuple[int, int]],
    amounts: list[Amount],
) -> list[Mention]:
    """The projects named between segment_start and segment_end, outside the taken spans
    (figures, events)."""
    found: list[Mention] = []
    floor = segment_start
    for match in MENTION.finditer(body, segment_start, segment_end):
        if inside(match.start(), taken) or _COUNT_AFTER.match(body, match.end()):
            floor = match.end()
            continue
        ceiling = max([floor, *(a.end for a in amounts if floor <= a.end <= match.start())])
        for start, end, listed in _names(body, match.start(), tokens, ceiling):
            if not _generic(body[start:end]) and not _unreadable(body[start:end]):
                name_end = end if listed else match.end()
                found.append(Mention(start, name_end, body[start:end] + "项目", listed))
        floor = match.end()
    return found


def _unreadable(name: str) -> bool:
    """Garbled text names nothing: a name must be Chinese, Latin letters, digits and quotes."""
    return any(not (is_cjk(c) or c.isascii() or c in "“”（）·") for c in name)


def _names(body: str, end: int, tokens: list[Word], floor: int) -> list[tuple[int, int, bool]]:
    """The names before 项目 at end: one, or each item of 「A、B、C等（N个）项目」."""
    head = body[floor:end]
    marker = _LIST_END.search(head)
    listed = marker is not None and bool(marker.group())
    items_end = floor + marker.start() if marker is not None and listed else end
    names = []
    item_end = items_end
    while item_end > floor:
        start = scan_left(
            body, item_end, tokens=tokens, stops=NAME_STOPS, limit=NAME_LIMIT, floor=floor
        )
        if start == item_end:
            break
        names.append((start, item_end, listed))
        separator = _separator_before(body, start, tokens)
        if not listed or separator is None or body[separator:start].endswith("项目"):
            break
        item_end = separator
    if marker is not None and listed and len(names) == 1 and not marker.group().startswith("等"):
        return []  # 「两个项目」 after a single word names no project list
    return list(reversed(names))


def _separator_before(body: str, position: int, tokens: list[Word]) -> int | None:
    for word in tokens:
        if word.end == position and word.text in _ITEM_SEPARATORS:
            return word.start
    return None


def _generic(core: str) -> bool:
    stripped = core.strip('“”"')
    if len(stripped) < 2:
        return True
    tokens = words(stripped)
    # 「锦江新区重点项目」: a place and a kind of project is no project's name.
    if tokens[-1].text in VAGUE_ENDINGS:
        return True
    return all(word.text in GENERIC or word.text.isdigit() for word in tokens)


def inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)
