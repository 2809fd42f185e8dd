"""The companies a project's words name: full names (…股份有限公司, …集团, …株式会社) and the
short names of the parties to a signing (「华鲁恒升与…签订」) — never the zone itself (开发区,
管委会, 园区…) and never a kind of company (该公司, 一家企业)."""

import re

from zhaoshang.ingest.mentions import GENERIC, NAME_STOPS, word_list
from zhaoshang.ingest.sentences import PUNCTUATION, Word, scan_left, words

_COMPANY_STOPS = (NAME_STOPS - {"该", "这", "此"}) | {
    "企业",
    "配套企业",
    "携手",
    "联合",
    "会上",
    "上",
}
_COMPANY_SUFFIX = re.compile(r"(?:集团)?(?:股份)?(?:有限责任|有限)?公司|集团|株式会社")
_GENERIC_COMPANY = word_list(
    "该 这 两家 一家 这家 多家 各 某 龙头 配套 投资 母 子 分 本区 我区 本市 我市 区属 市属 县属 国有 国资 平台"
)
_LEADING_WORD = re.compile(r"[由与和同在将向对是为]")
_PARTIES = re.compile(
    r"(?P<a>[^\s，。；：、（）“”]{2,24}?)(?:与|和|同)(?P<b>[^\s，。；：、（）“”]{2,30}?)"
    r"(?:签订|签约|签署|达成|合作|共同|举行)"
)
_OURSELVES = re.compile(
    r"(?:开发区|管委会|管理委员会|新区|园区|片区|产业区|高新区|经开区|区|市|县|镇|乡|街道|政府|局|省|双方|我们)$"
)


def company_names(body: str, start: int, end: int, tokens: list[Word]) -> list[str]:
    region = body[start:end]
    found = []
    for match in _COMPANY_SUFFIX.finditer(region):
        suffix_start = start + match.start()
        name_start = scan_left(
            body, suffix_start, tokens=tokens, stops=_COMPANY_STOPS, limit=30, floor=start
        )
        if _LEADING_WORD.match(body, name_start) and suffix_start - name_start > 3:
            name_start += 1  # jieba's 「由舜宇」: the preposition is no part of the name
        core = body[name_start:suffix_start]
        if len(core) >= 2 and core not in _GENERIC_COMPANY and not _generic_company(core):
            found.append((name_start, body[name_start : start + match.end()]))
    for match in _PARTIES.finditer(region):
        for group in ("a", "b"):
            party = match.group(group)
            party_start = start + match.start(group)
            cut = scan_left(
                body,
                party_start + len(party),
                tokens=tokens,
                stops=_COMPANY_STOPS,
                limit=24,
                floor=party_start,
            )
            party = body[cut : party_start + len(party)]
            if (
                2 <= len(party) <= 12
                and not _OURSELVES.search(party)
                and not _COMPANY_SUFFIX.search(party)
                and not any(c in PUNCTUATION for c in party)
            ):
                found.append((cut, party))
    return [name for _start, name in sorted(found)]


def _generic_company(core: str) -> bool:
    return all(word.text in _GENERIC_COMPANY or word.text in GENERIC for word in words(core))
