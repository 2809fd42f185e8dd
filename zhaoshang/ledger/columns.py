"""The ledger template (docs/ledger.md): its columns in order, the words people write in them.

Headers are matched after NFKC (full-width brackets and spaces fold to ASCII), with every space
removed and case folded, so 总投资（万元）, " 总投资 (万元) " and TOTAL_INVESTMENT_WAN all name the
same column. The exporter writes the headers exactly as listed here, in this order.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from zhaoshang.companies.models import Channel
from zhaoshang.core.typing import Text
from zhaoshang.projects.models import AgreementType, ProjectType, ReferrerKind, Stage


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the template's header text; never translated (files and scripts rely on it)
    # code, text, longtext, company, uscc, region, industry, park, unit, choice, amount, date,
    # stage, referrer
    kind: str
    # The column's width in the exported sheet, in digits of the sheet's default font: as wide
    # as its usual values (names, investors, parks, units, reasons and notes wrap), so the
    # columns print one page wide on A3.
    width: int
    note: Text  # what goes in it, for the template's notes sheet
    example: str = ""


COLUMNS = [
    Column(
        "code",
        "项目编号",
        "code",
        12,
        _("本开发区内唯一;不填时按“投资方+项目名称”匹配已有项目,新项目自动编号。"),
        "YH2026-001",
    ),
    Column("name", "项目名称", "text", 20, _("必填。"), "年产10万吨水溶性复合肥项目"),
    Column(
        "company",
        "投资方",
        "company",
        20,
        _("投资企业全称;签约及以后阶段必填。新投资方自动登记。"),
        "史丹利化肥股份有限公司",
    ),
    Column(
        "uscc",
        "统一社会信用代码",
        "uscc",
        19,
        _("选填,18位,校验位须正确;与系统已登记的代码不符时报错。"),
        "",
    ),
    Column(
        "company_region",
        "投资方所在地",
        "region",
        10,
        _("省、市或国家名称,如 山东省、德州市、北京、日本。"),
        "临沂市",
    ),
    Column("industry", "所属产业", "industry", 10, _("本开发区的产业名称(见下拉列表)。"), ""),
    Column("park", "落户园区", "park", 14, _("本开发区的园区名称(见下拉列表)。"), ""),
    Column(
        "unit",
        "责任单位",
        "unit",
        12,
        _("招商组、专业招商局或驻点名称(见下拉列表);招商人员只能导入本单位的项目。"),
        "",
    ),
    Column(
        "project_type",
        "项目类型",
        "choice",
        9,
        _("工业 / 服务业 / 文旅 / 物流 / 基础设施 / 其他。"),
        "工业",
    ),
    Column(
        "channel",
        "招商方式",
        "choice",
        11,
        _(
            "定向招商、以商招商、产业链招商、驻点招商、登门招商、会展招商、中介招商、基金招商、全员招商。"
        ),
        "产业链招商",
    ),
    Column(
        "total_investment_wan",
        "总投资(万元)",
        "amount",
        12,
        _("数字(单位万元),或 1.2亿、8000万 这样的文字;签约及以后阶段必填。"),
        "120000",
    ),
    Column("foreign_capital_usd_wan", "外资(万美元)", "amount", 12, _("选填,单位万美元。"), ""),
    Column(
        "agreement_type",
        "协议类型",
        "choice",
        9,
        _("框架协议 / 正式合同;填了签约日期就必填。"),
        "正式合同",
    ),
    Column(
        "lead_date", "登记日期", "date", 11, _("日期,如 2026-05-18、2026/5/18、2026年5月18日。"), ""
    ),
    Column(
        "negotiating_date", "洽谈日期", "date", 11, _("日期;各节点日期须按顺序,且不晚于今天。"), ""
    ),
    Column("substantive_date", "实质性谈判日期", "date", 11, _("日期。"), ""),
    Column("signed_date", "签约日期", "date", 11, _("日期。"), "2026-03-18"),
    Column("started_date", "开工日期", "date", 11, _("日期。"), ""),
    Column("completed_date", "竣工日期", "date", 11, _("日期。"), ""),
    Column("operating_date", "投产日期", "date", 11, _("日期。"), ""),
    Column("dropped_date", "终止日期", "date", 11, _("日期;填写时须同时填写终止原因。"), ""),
    Column("drop_reason", "终止原因", "longtext", 12, _("项目终止时必填。"), ""),
    Column(
        "stage",
        "当前阶段",
        "stage",
        9,
        _("选填;填写时须与日期一致(如“在建”须有开工日期)。在谈含洽谈和实质性谈判。"),
        "签约",
    ),
    Column("note", "备注", "longtext", 16, _("选填。"), ""),
    Column(
        "referrer_kind",
        "引荐方类型",
        "choice",
        6,
        _("个人 / 企业 / 机构;与“引荐方”一起填写,都留空即没有引荐方。"),
        "",
    ),
    Column(
        "referrer",
        "引荐方",
        "referrer",
        12,
        _(
            "个人填 姓名(用户名) 或用户名,须在本开发区有角色(全员招商);企业填本开发区龙头企业的名称(以商招商);机构填引荐机构名录中的名称。"
        ),
        "",
    ),
]
BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = ["name"]
# The column the error sheet adds; a re-uploaded error sheet ignores it without a word.
ERROR_HEADER = "错误说明"


def header_key(text) -> str:
    """The form a header is matched in: NFKC, no spaces at all, case folded."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


HEADER_KEYS: dict[str, str] = {}
for _column in COLUMNS:
    HEADER_KEYS[header_key(_column.header)] = _column.key
    HEADER_KEYS[header_key(_column.key)] = _column.key
IGNORED_SILENTLY = {header_key(ERROR_HEADER)}


@lru_cache(maxsize=4096)
def word_key(text: str) -> str:
    """The form a word from a list is matched in (names repeat down a ledger: cached)."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _choices(enum, *aliases: tuple[str, str]) -> dict[str, str]:
    """Label (as the template writes it) and value (the English key) → value."""
    words = {}
    for value, label in enum.choices:
        words[word_key(str(label))] = value
        words[word_key(value)] = value
    for word, value in aliases:
        words[word_key(word)] = value
    return words


# Chinese labels are fixed here rather than read through gettext: a ledger is read the same
# whatever the language of the person uploading it.
PROJECT_TYPE_LABELS = {
    "industrial": "工业",
    "services": "服务业",
    "culture_tourism": "文旅",
    "logistics": "物流",
    "infrastructure": "基础设施",
    "other": "其他",
}
CHANNEL_LABELS = {
    "directed": "定向招商",
    "by_business": "以商招商",
    "industry_chain": "产业链招商",
    "resident": "驻点招商",
    "door_to_door": "登门招商",
    "exhibition": "会展招商",
    "agency": "中介招商",
    "fund": "基金招商",
    "all_staff": "全员招商",
}
AGREEMENT_LABELS = {"framework": "框架协议", "contract": "正式合同"}
REFERRER_KIND_LABELS = {"person": "个人", "enterprise": "企业", "organisation": "机构"}
STAGE_LABELS = {
    "lead": "线索",
    "negotiating": "洽谈",
    "substantive": "实质性谈判",
    "signed": "签约",
    "started": "开工",
    "completed": "竣工",
    "operating": "投产",
    "dropped": "终止",
}
CHOICES = {
    "project_type": _choices(
        ProjectType,
        *((label, value) for value, label in PROJECT_TYPE_LABELS.items()),
        ("工业项目", "industrial"),
        ("服务业项目", "services"),
        ("现代服务业", "services"),
        ("文化旅游", "culture_tourism"),
        ("文旅项目", "culture_tourism"),
        ("物流项目", "logistics"),
        ("基础设施项目", "infrastructure"),
    ),
    "channel": _choices(Channel, *((label, value) for value, label in CHANNEL_LABELS.items())),
    "agreement_type": _choices(
        AgreementType,
        *((label, value) for value, label in AGREEMENT_LABELS.items()),
        ("框架", "framework"),
        ("框架合同", "framework"),
        ("合作框架协议", "framework"),
        ("正式协议", "contract"),
        ("合同", "contract"),
        ("投资合同", "contract"),
        ("正式投资合同", "contract"),
    ),
}
CHOICES["referrer_kind"] = _choices(
    ReferrerKind,
    *((label, value) for value, label in REFERRER_KIND_LABELS.items()),
    ("全员招商", "person"),
    ("个人引荐", "person"),
    ("引荐人", "person"),
    ("以商招商", "enterprise"),
    ("本区企业", "enterprise"),
    ("企业引荐", "enterprise"),
    ("引荐机构", "organisation"),
    ("机构引荐", "organisation"),
)
LABELS = {
    "referrer_kind": REFERRER_KIND_LABELS,
    "project_type": PROJECT_TYPE_LABELS,
    "channel": CHANNEL_LABELS,
    "agreement_type": AGREEMENT_LABELS,
}

NEGOTIATION = (Stage.NEGOTIATING, Stage.SUBSTANTIVE)
# What people write in 当前阶段 → the stages it may name. 在谈 covers both negotiation stages.
_STAGE_WORDS: dict[str, tuple[Stage, ...]] = {
    "线索": (Stage.LEAD,),
    "项目线索": (Stage.LEAD,),
    "登记": (Stage.LEAD,),
    "已登记": (Stage.LEAD,),
    "储备": (Stage.LEAD,),
    "储备项目": (Stage.LEAD,),
    "意向": (Stage.LEAD,),
    "在谈": NEGOTIATION,
    "在谈项目": NEGOTIATION,
    "正在洽谈": NEGOTIATION,
    "洽谈中": NEGOTIATION,
    "洽谈": (Stage.NEGOTIATING,),
    "初步洽谈": (Stage.NEGOTIATING,),
    "接洽": (Stage.NEGOTIATING,),
    "实质性谈判": (Stage.SUBSTANTIVE,),
    "实质性洽谈": (Stage.SUBSTANTIVE,),
    "实质性接触": (Stage.SUBSTANTIVE,),
    "协议起草": (Stage.SUBSTANTIVE,),
    "签约": (Stage.SIGNED,),
    "已签约": (Stage.SIGNED,),
    "已签": (Stage.SIGNED,),
    "签约未开工": (Stage.SIGNED,),
    "已签约未开工": (Stage.SIGNED,),
    "开工": (Stage.STARTED,),
    "已开工": (Stage.STARTED,),
    "新开工": (Stage.STARTED,),
    "在建": (Stage.STARTED,),
    "续建": (Stage.STARTED,),
    "在建续建": (Stage.STARTED,),
    "在建、续建": (Stage.STARTED,),
    "建设中": (Stage.STARTED,),
    "竣工": (Stage.COMPLETED,),
    "已竣工": (Stage.COMPLETED,),
    "竣工未投产": (Stage.COMPLETED,),
    "投产": (Stage.OPERATING,),
    "已投产": (Stage.OPERATING,),
    "投产运营": (Stage.OPERATING,),
    "运营": (Stage.OPERATING,),
    "已运营": (Stage.OPERATING,),
    "达产": (Stage.OPERATING,),
    "终止": (Stage.DROPPED,),
    "已终止": (Stage.DROPPED,),
    "中止": (Stage.DROPPED,),
    "放弃": (Stage.DROPPED,),
}
STAGE_WORDS: dict[str, tuple[Stage, ...]] = {word_key(w): s for w, s in _STAGE_WORDS.items()}
for _stage in Stage:
    STAGE_WORDS.setdefault(word_key(_stage.value), (_stage,))
    STAGE_WORDS.setdefault(word_key(STAGE_LABELS[_stage.value]), (_stage,))
# The words offered in the template's drop-down, one per stage, plus 在谈 and 在建.
STAGE_CHOICES = [
    "线索",
    "洽谈",
    "实质性谈判",
    "在谈",
    "签约",
    "开工",
    "在建",
    "竣工",
    "投产",
    "终止",
]

# What people put in a cell of a date, amount, list or choice column to say "nothing".
BLANK_MARKS = {"-", "--", "—", "——", "－", "/", "／", "\\", "无"}
