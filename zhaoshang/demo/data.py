"""The demo zone as plain data: 运河经济开发区 as its bureau would have it in the ledger.

Dates are (year offset, month, day) from the demo year Y, so the same data serves any Y. None is
after 31 May of Y, and as of that day, for 1 January – 31 May of Y, the figures are the ones the
zone reported: 新签约亿元以上 8, 在谈亿元以上 13, 在建、续建亿元以上 20, 新开工 6,
新竣工 6. The same data as of 31 May of Y-1 gives a year-ago picture that differs (signed_major 5,
negotiating_major 8, under_construction_major 16, started 8, completed 3), so year-on-year
comparisons have something to show.

How the five figures come about (project numbers):
- signed_major 8: 1–8, signed in Y (8 signed and then dropped: it still counts in its period);
  9–11 were signed in Y too but are below 1亿.
- started 6: 5, 6, 10 (signed and started in Y), 12, 13, 14 (signed in Y-1, started in Y).
- under_construction_major 20: 5, 6, 12, 13 and 15–30 (started before Y, still building; 19
  and 25 paused, which does not take them out of their stage). 10 and 14 are below 1亿.
- completed 6: 31–36; 37–40 were completed in Y-1 and operate now.
- negotiating_major 13: 41–53 (41–46 are the six in 实质性谈判 named in the report; 52 is
  exactly 1亿, which counts); 54–56 are below 1亿, 57–58 only leads, 59–62 dropped.

Companies named in the report are real: they carry no 统一社会信用代码 here. Invented ones get an
invented code (invented_uscc) that passes the GB 32100 check but can be no real company's.
"""

import datetime as dt
import zlib
from dataclasses import dataclass

from stdnum.cn import uscc as uscc_number

from zhaoshang.companies.models import Channel
from zhaoshang.org.models import Role, Unit
from zhaoshang.projects.models import AgreementType, FundsArrived, ProjectType, Stage

# (year offset from the demo year Y, month, day)
DemoDate = tuple[int, int, int]

ZONE_CODE = "yunhe"
ZONE_NAME = "运河经济开发区"
# Codes the system gives new projects continue the demo's series: YH2026-081 after YH2026-080.
CODE_PREFIX = "YH"
# The last day any demo date may fall on, as (month, day) of the demo year.
AS_OF = (5, 31)

PASSWORD = "demo"


def demo_date(year: int, when: DemoDate) -> dt.date:
    offset, month, day = when
    return dt.date(year + offset, month, day)


def project_code(year: int, number: int) -> str:
    """项目编号 of a demo project: the same for every run of one demo year, different between
    years (a zone loaded for two years keeps both sets apart)."""
    return f"{CODE_PREFIX}{year}-{number:03d}"


def invented_uscc(division: str, name: str) -> str:
    """An invented 统一社会信用代码 for `name`, registered in `division` (GB/T 2260).

    91 (市场监管, 企业) + the division + a 9-character 主体标识码 + the GB 32100 check digit. The
    主体标识码 is "MAYH" and four digits taken from the name (stable whatever the order of the
    list), followed by a deliberately wrong GB 11714 check character, so that no real company
    can have this code even though it passes the USCC check digit.
    """
    body = f"MAYH{zlib.crc32(name.encode()) % 10000:04d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(char, 36) * weight for char, weight in zip(body, weights, strict=True))
    right = {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))
    wrong = "1" if right == "0" else "0"
    first17 = f"91{division}{body}{wrong}"
    return first17 + uscc_number.calc_check_digit(first17)


@dataclass(frozen=True)
class DemoUnit:
    name: str
    kind: Unit.Kind


@dataclass(frozen=True)
class DemoCompany:
    name: str
    region: str  # Region code: GB/T 2260 for China, ISO 3166 alpha-2 abroad
    invent_uscc: bool = True
    is_anchor: bool = False

    @property
    def uscc(self) -> str:
        return invented_uscc(self.region, self.name) if self.invent_uscc else ""


@dataclass(frozen=True)
class DemoFunds:
    on: DemoDate
    amount_wan: int
    source: FundsArrived.Source


@dataclass(frozen=True)
class DemoPause:
    on: DemoDate
    paused: bool  # False: resumed
    reason: str


@dataclass(frozen=True)
class DemoDrop:
    on: DemoDate
    reason: str
    dropped_to: str = ""


@dataclass(frozen=True)
class DemoProject:
    number: int
    name: str
    unit: str | None
    milestones: dict[Stage, DemoDate]
    company: str | None = None
    amount_wan: int | None = None
    industry: str | None = None
    park: str | None = None
    channel: str = ""
    project_type: str = ProjectType.INDUSTRIAL
    agreement_type: str = ""
    introduced_by: str | None = None
    foreign_capital_usd_wan: int | None = None
    pauses: tuple[DemoPause, ...] = ()
    drop: DemoDrop | None = None
    funds: tuple[DemoFunds, ...] = ()
    by_contributor: bool = False  # 全员招商: submitted by the demo contributor
    referrer_org: str | None = None  # 引荐机构: an organisation of ORGANISATIONS
    note: str = ""

    def all_dates(self) -> list[DemoDate]:
        dates = list(self.milestones.values())
        dates += [pause.on for pause in self.pauses] + [funds.on for funds in self.funds]
        return dates + ([self.drop.on] if self.drop else [])


GROUPS = [
    "招商一组",
    "招商二组",
    "招商三组",
    "招商四组",
    "招商五组",
    "招商六组",
    "招商七组",
    "招商八组",
    "招商九组",
    "招商十组",
    "招商十一组",
]
# 驻点招商: the resident office's city (GB/T 2260 code) and the day it opened (year offset, m, d).
RESIDENT_OFFICE = ("驻上海招商联络处", "310000", (-1, 3, 1))
UNITS = [
    *(DemoUnit(name, Unit.Kind.PROMOTION_GROUP) for name in GROUPS),
    DemoUnit("第一招商局", Unit.Kind.SPECIALIST_BUREAU),
    DemoUnit("第二招商局", Unit.Kind.SPECIALIST_BUREAU),
    DemoUnit("驻上海招商联络处", Unit.Kind.RESIDENT_OFFICE),
]

CHEM_PARK = "化工循环经济产业园"
TECH_PARK = "高新技术产业园"
LOGISTICS_PARK = "现代物流园"
PARKS = [CHEM_PARK, TECH_PARK, LOGISTICS_PARK]

TOURISM = "运河文化旅游"
CHEMICALS = "精细化工"
MANUFACTURING = "高端制造"
ECOMMERCE = "电子商务"
LOGISTICS = "现代物流"
MATERIALS = "新型材料"
INDUSTRIES = [TOURISM, CHEMICALS, MANUFACTURING, ECOMMERCE, LOGISTICS, MATERIALS]

HUALU = "山东华鲁恒升化工股份有限公司"
HUANENG = "华能德州电厂"
DEZHOU = "371400"

COMPANIES = [
    # 龙头企业 and the investors the report names: real companies, so no code on file here.
    DemoCompany(HUALU, DEZHOU, invent_uscc=False, is_anchor=True),
    DemoCompany(HUANENG, DEZHOU, invent_uscc=False, is_anchor=True),
    DemoCompany("史丹利化肥股份有限公司", "371300", invent_uscc=False),
    DemoCompany("华鲁国际融资租赁有限公司", "370100", invent_uscc=False),
    # Invented investors. 京津冀
    DemoCompany("北京运河通达供应链管理有限公司", "110000"),
    DemoCompany("天津中星石油机械有限公司", "120000"),
    DemoCompany("河北绿源生物材料科技有限公司", "130100"),
    DemoCompany("北京氢源动力科技有限公司", "110000"),
    DemoCompany("北京华夏运河文化旅游发展有限公司", "110000"),
    DemoCompany("廊坊京南电子商务有限公司", "131000"),
    DemoCompany("天津蓝盾新型建材有限公司", "120000"),
    DemoCompany("天津津运游船旅游有限公司", "120000", invent_uscc=False),
    DemoCompany("河北冀环建材科技有限公司", "130400"),
    DemoCompany("衡水泰和橡塑制品有限公司", "131100"),
    DemoCompany("北京万融置业有限公司", "110000"),
    DemoCompany("北京中环循环科技有限公司", "110000"),
    DemoCompany("保定万通塑业有限公司", "130600"),
    # 长三角
    DemoCompany("宁波甬达聚合材料有限公司", "330200"),
    DemoCompany("杭州云仓跨境电子商务有限公司", "330100"),
    DemoCompany("苏州润泽精细化工有限公司", "320500"),
    DemoCompany("上海联科化工新材料有限公司", "310000"),
    DemoCompany("无锡晶澄电子材料有限公司", "320200"),
    DemoCompany("杭州恒拓复合材料有限公司", "330100"),
    DemoCompany("上海港通国际物流有限公司", "310000"),
    DemoCompany("南京中阀科技有限公司", "320100", invent_uscc=False),
    DemoCompany("盐城绿瑞化工有限公司", "320900"),
    DemoCompany("上海跨境通供应链有限公司", "310000"),
    DemoCompany("常州阳光光伏支架有限公司", "320400"),
    DemoCompany("常州恒德液压机械有限公司", "320400"),
    DemoCompany("上海瀚海船舶电气有限公司", "310000"),
    DemoCompany("宁波宏润高分子材料有限公司", "330200"),
    DemoCompany("苏州芯联微电子有限公司", "320500"),
    DemoCompany("杭州星播网络科技有限公司", "330100"),
    DemoCompany("常州烯材科技有限公司", "320400"),
    # 珠三角
    DemoCompany("深圳市智锐精密装备有限公司", "440300"),
    DemoCompany("佛山市德盛汽车零部件有限公司", "440600"),
    DemoCompany("深圳市顺联供应链有限公司", "440300"),
    DemoCompany("东莞市智造星机器人有限公司", "441900"),
    DemoCompany("深圳市清源新能源材料有限公司", "440300"),
    DemoCompany("广州粤通物流集团有限公司", "440100"),
    DemoCompany("深圳欢乐湾文旅投资有限公司", "440300"),
    DemoCompany("深圳市驰远新能源汽车有限公司", "440300"),
    DemoCompany("广州洁美日化有限公司", "440100", invent_uscc=False),
    # 山东 (德州 and elsewhere in the province)
    DemoCompany("德州运河文旅发展有限公司", DEZHOU),
    DemoCompany("临沂优选电子商务有限公司", "371300"),
    DemoCompany("潍坊鲜达冷链物流有限公司", "370700"),
    DemoCompany("德州绿盾包装材料有限公司", DEZHOU),
    DemoCompany("潍坊精铸机械有限公司", "370700"),
    DemoCompany("济南新材创业投资有限公司", "370100"),
    DemoCompany("德州恒力数控机床有限公司", DEZHOU),
    DemoCompany("滨州利达新型建材有限公司", "371600"),
    DemoCompany("淄博瑞丰精细化学品有限公司", "370300"),
    DemoCompany("德州家美电子商务有限公司", DEZHOU, invent_uscc=False),
    DemoCompany("东营润通石化科技有限公司", "370500"),
    DemoCompany("济南运河人家文旅有限公司", "370100"),
    DemoCompany("德州邻里优选商贸有限公司", DEZHOU, invent_uscc=False),
    DemoCompany("淄博华彩涂料助剂有限公司", "370300"),
    DemoCompany("德州宏达汽车内饰有限公司", DEZHOU),
    # Elsewhere in China and abroad (a Japanese company has no 统一社会信用代码)
    DemoCompany("西安秦川再制造科技有限公司", "610100"),
    DemoCompany("武汉氢能动力科技有限公司", "420100"),
    DemoCompany("东洋精密轴承株式会社", "JP", invent_uscc=False),
    DemoCompany("丸山电子工业株式会社", "JP", invent_uscc=False),
]

LEAD, NEGO, SUBST, SIGNED = Stage.LEAD, Stage.NEGOTIATING, Stage.SUBSTANTIVE, Stage.SIGNED
STARTED, COMPLETED, OPERATING = Stage.STARTED, Stage.COMPLETED, Stage.OPERATING
CONTRACT, FRAMEWORK = AgreementType.CONTRACT, AgreementType.FRAMEWORK
OUT, FOREIGN, LOCAL = (
    FundsArrived.Source.OUT_OF_PROVINCE,
    FundsArrived.Source.FOREIGN,
    FundsArrived.Source.LOCAL,
)

PROJECTS = [
    # -- Signed in Y, 1亿 and more: signed_major ---------------------------------------------
    DemoProject(
        1,
        "水溶性复合肥项目",
        "第一招商局",
        {LEAD: (-1, 9, 12), NEGO: (-1, 11, 3), SUBST: (0, 3, 20), SIGNED: (0, 5, 18)},
        company="史丹利化肥股份有限公司",
        amount_wan=120000,
        industry=CHEMICALS,
        park=CHEM_PARK,
        channel=Channel.EXHIBITION,
        agreement_type=CONTRACT,
        note="在第四届中国·德州资本交易大会上集中签约;依托园区化工原料,补齐化肥下游产品链。",
    ),
    DemoProject(
        2,
        "化工设备融资租赁项目",
        "第二招商局",
        {LEAD: (0, 1, 15), NEGO: (0, 2, 22), SUBST: (0, 4, 10), SIGNED: (0, 5, 18)},
        company="华鲁国际融资租赁有限公司",
        amount_wan=60000,
        industry=CHEMICALS,
        park=CHEM_PARK,
        channel=Channel.BY_BUSINESS,
        project_type=ProjectType.SERVICES,
        agreement_type=CONTRACT,
        introduced_by=HUALU,
        note="龙头企业华鲁恒升牵线引进,与史丹利项目同日在资本交易大会签约。",
    ),
    DemoProject(
        3,
        "运河物流中心项目",
        "招商三组",
        {LEAD: (-1, 6, 8), NEGO: (-1, 8, 20), SUBST: (-1, 12, 5), SIGNED: (0, 3, 28)},
        company="北京运河通达供应链管理有限公司",
        amount_wan=80000,
        industry=LOGISTICS,
        park=LOGISTICS_PARK,
        channel=Channel.DIRECTED,
        project_type=ProjectType.LOGISTICS,
        agreement_type=CONTRACT,
        note="土地、规划手续已办结,具备开工条件,即将全面开工。",
    ),
    DemoProject(
        4,
        "中星石油机械加工项目",
        "招商一组",
        {LEAD: (-1, 7, 15), NEGO: (-1, 9, 2), SUBST: (-1, 12, 18), SIGNED: (0, 2, 26)},
        company="天津中星石油机械有限公司",
        amount_wan=51000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.DOOR_TO_DOOR,
        agreement_type=CONTRACT,
        note="施工单位已进场,即将全面开工。",
    ),
    DemoProject(
        5,
        "高性能聚酰胺新材料项目",
        "招商二组",
        {NEGO: (-1, 3, 9), SUBST: (-1, 10, 1), SIGNED: (0, 1, 12), STARTED: (0, 4, 16)},
        company="宁波甬达聚合材料有限公司",
        amount_wan=42000,
        industry=MATERIALS,
        park=CHEM_PARK,
        channel=Channel.INDUSTRY_CHAIN,
        agreement_type=CONTRACT,
        funds=(DemoFunds((0, 5, 20), 20000, OUT),),
        note="以华鲁恒升己内酰胺为原料,延伸尼龙新材料产业链。",
    ),
    DemoProject(
        6,
        "智能装备制造项目",
        "招商四组",
        {LEAD: (-1, 8, 5), NEGO: (-1, 10, 22), SIGNED: (0, 2, 8), STARTED: (0, 5, 9)},
        company="深圳市智锐精密装备有限公司",
        amount_wan=35000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.DIRECTED,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        7,
        "跨境电商产业园项目",
        "驻上海招商联络处",
        {NEGO: (-1, 12, 6), SUBST: (0, 3, 2), SIGNED: (0, 4, 22)},
        company="杭州云仓跨境电子商务有限公司",
        amount_wan=20000,
        industry=ECOMMERCE,
        park=LOGISTICS_PARK,
        channel=Channel.RESIDENT,
        project_type=ProjectType.SERVICES,
        agreement_type=FRAMEWORK,
    ),
    DemoProject(
        8,
        "生物基可降解材料项目",
        "招商五组",
        {NEGO: (-1, 5, 25), SUBST: (-1, 11, 14), SIGNED: (0, 1, 20)},
        company="河北绿源生物材料科技有限公司",
        amount_wan=30000,
        industry=MATERIALS,
        park=TECH_PARK,
        channel=Channel.AGENCY,
        referrer_org="德州市河北商会",
        agreement_type=FRAMEWORK,
        drop=DemoDrop(
            (0, 4, 28),
            "签约后投资方资金链紧张,决定在总部所在地就近建设。",
            "河北省石家庄市",
        ),
    ),
    # -- Signed in Y, below 1亿 -------------------------------------------------------------
    DemoProject(
        9,
        "运河文化创意街区项目",
        "招商六组",
        {NEGO: (0, 1, 6), SIGNED: (0, 3, 10)},
        company="德州运河文旅发展有限公司",
        amount_wan=8000,
        industry=TOURISM,
        channel=Channel.DIRECTED,
        project_type=ProjectType.CULTURE_TOURISM,
        agreement_type=FRAMEWORK,
    ),
    DemoProject(
        10,
        "电商直播基地项目",
        "招商七组",
        {LEAD: (0, 2, 16), NEGO: (0, 3, 1), SIGNED: (0, 4, 8), STARTED: (0, 5, 20)},
        company="临沂优选电子商务有限公司",
        amount_wan=5000,
        industry=ECOMMERCE,
        park=LOGISTICS_PARK,
        channel=Channel.DOOR_TO_DOOR,
        project_type=ProjectType.SERVICES,
        agreement_type=CONTRACT,
        funds=(DemoFunds((0, 5, 26), 1500, LOCAL),),
    ),
    DemoProject(
        11,
        "冷链仓储项目",
        "招商八组",
        {NEGO: (-1, 11, 2), SIGNED: (0, 1, 25)},
        company="潍坊鲜达冷链物流有限公司",
        amount_wan=6500,
        industry=LOGISTICS,
        park=LOGISTICS_PARK,
        channel=Channel.INDUSTRY_CHAIN,
        project_type=ProjectType.LOGISTICS,
        agreement_type=CONTRACT,
    ),
    # -- Signed in Y-1, started in Y ---------------------------------------------------------
    DemoProject(
        12,
        "精细化工中间体项目",
        "招商一组",
        {NEGO: (-1, 4, 2), SUBST: (-1, 7, 20), SIGNED: (-1, 10, 16), STARTED: (0, 3, 18)},
        company="苏州润泽精细化工有限公司",
        amount_wan=45000,
        industry=CHEMICALS,
        park=CHEM_PARK,
        channel=Channel.INDUSTRY_CHAIN,
        agreement_type=CONTRACT,
        funds=(DemoFunds((0, 4, 30), 8000, OUT),),
    ),
    DemoProject(
        13,
        "新能源汽车零部件项目",
        "招商九组",
        {LEAD: (-1, 6, 1), NEGO: (-1, 8, 18), SIGNED: (-1, 11, 28), STARTED: (0, 4, 26)},
        company="佛山市德盛汽车零部件有限公司",
        amount_wan=28000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.DOOR_TO_DOOR,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        14,
        "包装新材料项目",
        "招商十组",
        {SIGNED: (-1, 12, 20), STARTED: (0, 3, 6)},
        company="德州绿盾包装材料有限公司",
        amount_wan=6000,
        industry=MATERIALS,
        park=TECH_PARK,
        channel=Channel.ALL_STAFF,
        agreement_type=CONTRACT,
    ),
    # -- Started before Y, still under construction (续建), 1亿 and more -------------------
    DemoProject(
        15,
        "高端精密轴承项目",
        "第一招商局",
        {NEGO: (-2, 3, 12), SIGNED: (-2, 9, 15), STARTED: (-1, 3, 20)},
        company="东洋精密轴承株式会社",
        amount_wan=36000,
        foreign_capital_usd_wan=5000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.AGENCY,
        referrer_org="中日经贸交流促进会",
        agreement_type=CONTRACT,
        funds=(DemoFunds((-1, 6, 30), 8000, FOREIGN), DemoFunds((0, 3, 31), 6000, FOREIGN)),
        note="外商独资。",
    ),
    DemoProject(
        16,
        "化工新材料一体化项目",
        "招商二组",
        {SIGNED: (-2, 5, 10), STARTED: (-2, 10, 18)},
        company="上海联科化工新材料有限公司",
        amount_wan=180000,
        industry=CHEMICALS,
        park=CHEM_PARK,
        channel=Channel.INDUSTRY_CHAIN,
        agreement_type=CONTRACT,
        funds=(DemoFunds((-1, 4, 15), 30000, OUT), DemoFunds((0, 4, 20), 25000, OUT)),
    ),
    DemoProject(
        17,
        "酰胺原料优化升级项目",
        "第一招商局",
        {SIGNED: (-1, 2, 26), STARTED: (-1, 4, 8)},
        company=HUALU,
        amount_wan=250000,
        industry=CHEMICALS,
        park=CHEM_PARK,
        agreement_type=CONTRACT,
        funds=(DemoFunds((-1, 9, 30), 40000, LOCAL), DemoFunds((0, 3, 15), 35000, LOCAL)),
        note="龙头企业增资扩产。",
    ),
    DemoProject(
        18,
        "热电联产节能改造项目",
        "第二招商局",
        {SIGNED: (-2, 6, 2), STARTED: (-2, 8, 16)},
        company=HUANENG,
        amount_wan=66000,
        park=CHEM_PARK,
        project_type=ProjectType.INFRASTRUCTURE,
        agreement_type=CONTRACT,
        funds=(DemoFunds((-1, 3, 31), 15000, LOCAL),),
        note="为化工园区集中供热供汽。",
    ),
    DemoProject(
        19,
        "氢能装备产业园项目",
        "招商十一组",
        {NEGO: (-2, 11, 20), SIGNED: (-1, 3, 3), STARTED: (-1, 8, 22)},
        company="北京氢源动力科技有限公司",
        amount_wan=90000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.FUND,
        agreement_type=CONTRACT,
        pauses=(DemoPause((0, 2, 20), True, "投资方调整设备选型,暂缓施工。"),),
    ),
    DemoProject(
        20,
        "智慧物流分拨中心项目",
        "招商三组",
        {SIGNED: (-2, 11, 8), STARTED: (-1, 4, 25)},
        company="深圳市顺联供应链有限公司",
        amount_wan=42000,
        industry=LOGISTICS,
        park=LOGISTICS_PARK,
        channel=Channel.DIRECTED,
        project_type=ProjectType.LOGISTICS,
        agreement_type=CONTRACT,
        funds=(DemoFunds((0, 2, 28), 12000, OUT),),
    ),
    DemoProject(
        21,
        "运河古街文旅综合开发项目",
        "招商六组",
        {SIGNED: (-3, 8, 12), STARTED: (-2, 3, 28)},
        company="北京华夏运河文化旅游发展有限公司",
        amount_wan=150000,
        industry=TOURISM,
        channel=Channel.EXHIBITION,
        project_type=ProjectType.CULTURE_TOURISM,
        agreement_type=CONTRACT,
        funds=(DemoFunds((-1, 5, 20), 20000, OUT), DemoFunds((-1, 11, 30), 15000, OUT)),
    ),
    DemoProject(
        22,
        "电子级化学品项目",
        "招商一组",
        {NEGO: (-1, 1, 10), SIGNED: (-1, 5, 12), STARTED: (-1, 10, 9)},
        company="无锡晶澄电子材料有限公司",
        amount_wan=38000,
        industry=CHEMICALS,
        park=CHEM_PARK,
        channel=Channel.INDUSTRY_CHAIN,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        23,
        "碳纤维复合材料项目",
        "招商二组",
        {SIGNED: (-2, 12, 1), STARTED: (-1, 5, 16)},
        company="杭州恒拓复合材料有限公司",
        amount_wan=52000,
        industry=MATERIALS,
        park=TECH_PARK,
        channel=Channel.DOOR_TO_DOOR,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        24,
        "工业机器人生产基地项目",
        "招商四组",
        {NEGO: (-1, 2, 20), SUBST: (-1, 5, 6), SIGNED: (-1, 6, 28), STARTED: (-1, 11, 15)},
        company="东莞市智造星机器人有限公司",
        amount_wan=30000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.DIRECTED,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        25,
        "农产品电商物流园项目",
        "招商五组",
        {SIGNED: (-2, 4, 18), STARTED: (-2, 9, 1)},
        company="廊坊京南电子商务有限公司",
        amount_wan=22000,
        industry=ECOMMERCE,
        park=LOGISTICS_PARK,
        channel=Channel.DOOR_TO_DOOR,
        project_type=ProjectType.LOGISTICS,
        agreement_type=CONTRACT,
        pauses=(DemoPause((-1, 12, 10), True, "投资方调整经营计划,暂停二期建设。"),),
    ),
    DemoProject(
        26,
        "高分子防水材料项目",
        "招商七组",
        {SIGNED: (-1, 1, 16), STARTED: (-1, 3, 30)},
        company="天津蓝盾新型建材有限公司",
        amount_wan=15000,
        industry=MATERIALS,
        park=TECH_PARK,
        channel=Channel.AGENCY,
        referrer_org="天津大学新材料研究院",
        agreement_type=CONTRACT,
    ),
    DemoProject(
        27,
        "汽车零部件精密铸造项目",
        "招商八组",
        {NEGO: (-1, 1, 5), SIGNED: (-1, 4, 20), STARTED: (-1, 7, 6)},
        company="潍坊精铸机械有限公司",
        amount_wan=26000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.INDUSTRY_CHAIN,
        agreement_type=CONTRACT,
        pauses=(
            DemoPause((-1, 12, 15), True, "用地手续补正期间暂停施工。"),
            DemoPause((0, 3, 1), False, "手续补正完成,恢复施工。"),
        ),
    ),
    DemoProject(
        28,
        "保税物流中心项目",
        "驻上海招商联络处",
        {SIGNED: (-2, 7, 20), STARTED: (-1, 2, 18)},
        company="上海港通国际物流有限公司",
        amount_wan=60000,
        industry=LOGISTICS,
        park=LOGISTICS_PARK,
        channel=Channel.RESIDENT,
        project_type=ProjectType.LOGISTICS,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        29,
        "高端阀门制造项目",
        "招商九组",
        {NEGO: (-1, 3, 18), SIGNED: (-1, 8, 8), STARTED: (-1, 12, 26)},
        company="南京中阀科技有限公司",
        amount_wan=18000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.DOOR_TO_DOOR,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        30,
        "新材料产业孵化园项目",
        "第二招商局",
        # Entered at construction: the signing predates the ledger and is not invented.
        {STARTED: (-2, 6, 15)},
        company="济南新材创业投资有限公司",
        amount_wan=45000,
        industry=MATERIALS,
        park=TECH_PARK,
        channel=Channel.FUND,
        note="台账建立前已开工,签约日期待补录。",
    ),
    # -- Completed in Y ----------------------------------------------------------------------
    DemoProject(
        31,
        "锂电池隔膜项目",
        "招商十组",
        {SIGNED: (-3, 3, 8), STARTED: (-3, 9, 20), COMPLETED: (0, 3, 26), OPERATING: (0, 5, 12)},
        company="深圳市清源新能源材料有限公司",
        amount_wan=65000,
        industry=MATERIALS,
        park=TECH_PARK,
        channel=Channel.DIRECTED,
        agreement_type=CONTRACT,
        funds=(DemoFunds((-1, 4, 28), 15000, OUT), DemoFunds((0, 1, 30), 10000, OUT)),
    ),
    DemoProject(
        32,
        "农药中间体项目",
        "招商一组",
        {SIGNED: (-2, 6, 16), STARTED: (-2, 11, 2), COMPLETED: (0, 4, 28)},
        company="盐城绿瑞化工有限公司",
        amount_wan=32000,
        industry=CHEMICALS,
        park=CHEM_PARK,
        channel=Channel.INDUSTRY_CHAIN,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        33,
        "跨境电商监管仓项目",
        "招商十一组",
        {SIGNED: (-1, 3, 12), STARTED: (-1, 6, 1), COMPLETED: (0, 1, 18), OPERATING: (0, 3, 1)},
        company="上海跨境通供应链有限公司",
        amount_wan=8000,
        industry=ECOMMERCE,
        park=LOGISTICS_PARK,
        channel=Channel.RESIDENT,
        project_type=ProjectType.LOGISTICS,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        34,
        "数控机床项目",
        "招商二组",
        {SIGNED: (-2, 3, 2), STARTED: (-2, 5, 20), COMPLETED: (0, 5, 25)},
        company="德州恒力数控机床有限公司",
        amount_wan=12000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.ALL_STAFF,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        35,
        "新型墙体材料项目",
        "招商三组",
        {SIGNED: (-1, 2, 6), STARTED: (-1, 4, 10), COMPLETED: (0, 2, 27)},
        company="滨州利达新型建材有限公司",
        amount_wan=4500,
        industry=MATERIALS,
        park=TECH_PARK,
        channel=Channel.DOOR_TO_DOOR,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        36,
        "运河游船码头项目",
        "招商六组",
        {SIGNED: (-2, 10, 9), STARTED: (-1, 3, 15), COMPLETED: (0, 5, 16)},
        company="天津津运游船旅游有限公司",
        amount_wan=18000,
        industry=TOURISM,
        channel=Channel.EXHIBITION,
        project_type=ProjectType.CULTURE_TOURISM,
        agreement_type=CONTRACT,
    ),
    # -- Completed in Y-1, operating -------------------------------------------------------
    DemoProject(
        37,
        "甲醇下游深加工项目",
        "第一招商局",
        {SIGNED: (-3, 4, 12), STARTED: (-3, 8, 1), COMPLETED: (-1, 6, 30), OPERATING: (-1, 9, 18)},
        company="淄博瑞丰精细化学品有限公司",
        amount_wan=55000,
        industry=CHEMICALS,
        park=CHEM_PARK,
        channel=Channel.BY_BUSINESS,
        agreement_type=CONTRACT,
        introduced_by=HUALU,
        funds=(DemoFunds((-1, 3, 25), 10000, LOCAL),),
        note="接华鲁恒升甲醇下游,以商招商。",
    ),
    DemoProject(
        38,
        "家居建材电商物流项目",
        "招商七组",
        {SIGNED: (-2, 3, 20), STARTED: (-2, 6, 1), COMPLETED: (-1, 4, 12), OPERATING: (-1, 5, 20)},
        company="德州家美电子商务有限公司",
        amount_wan=9000,
        industry=ECOMMERCE,
        park=LOGISTICS_PARK,
        channel=Channel.ALL_STAFF,
        project_type=ProjectType.LOGISTICS,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        39,
        "光伏支架制造项目",
        "招商二组",
        {SIGNED: (-2, 1, 10), STARTED: (-2, 4, 6), COMPLETED: (-1, 5, 8), OPERATING: (-1, 8, 1)},
        company="常州阳光光伏支架有限公司",
        amount_wan=24000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.DIRECTED,
        agreement_type=CONTRACT,
    ),
    DemoProject(
        40,
        "粉煤灰综合利用项目",
        "第二招商局",
        {SIGNED: (-3, 6, 6), STARTED: (-3, 10, 10), COMPLETED: (-1, 1, 20), OPERATING: (-1, 3, 5)},
        company="河北冀环建材科技有限公司",
        amount_wan=16000,
        industry=MATERIALS,
        park=CHEM_PARK,
        channel=Channel.BY_BUSINESS,
        agreement_type=CONTRACT,
        introduced_by=HUANENG,
        note="消纳华能德州电厂粉煤灰,以商招商。",
    ),
    # -- Negotiating, 1亿 and more: negotiating_major (41–46 in 实质性谈判, named in the report)
    DemoProject(
        41,
        "异辛烷溶剂油项目",
        "第一招商局",
        {LEAD: (-1, 10, 12), NEGO: (0, 1, 8), SUBST: (0, 4, 6)},
        company="东营润通石化科技有限公司",
        amount_wan=35000,
        industry=CHEMICALS,
        park=CHEM_PARK,
        channel=Channel.INDUSTRY_CHAIN,
    ),
    DemoProject(
        42,
        "液压机械项目",
        "招商一组",
        {LEAD: (-1, 12, 3), NEGO: (0, 2, 15), SUBST: (0, 5, 8)},
        company="常州恒德液压机械有限公司",
        amount_wan=25000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.DOOR_TO_DOOR,
    ),
    DemoProject(
        43,
        "船用电机项目",
        "驻上海招商联络处",
        {LEAD: (0, 1, 10), NEGO: (0, 2, 28), SUBST: (0, 4, 25)},
        company="上海瀚海船舶电气有限公司",
        amount_wan=18000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.RESIDENT,
    ),
    DemoProject(
        44,
        "橡塑工程制品项目",
        "招商五组",
        {LEAD: (-1, 11, 20), NEGO: (0, 1, 22), SUBST: (0, 5, 12)},
        company="衡水泰和橡塑制品有限公司",
        amount_wan=12000,
        industry=MATERIALS,
        park=TECH_PARK,
        channel=Channel.DIRECTED,
    ),
    DemoProject(
        45,
        "城市综合体项目",
        "招商十一组",
        {LEAD: (-2, 10, 1), NEGO: (-1, 3, 15), SUBST: (0, 3, 3)},
        company="北京万融置业有限公司",
        amount_wan=200000,
        channel=Channel.DIRECTED,
        project_type=ProjectType.SERVICES,
    ),
    DemoProject(
        46,
        "现代物流项目",
        "招商三组",
        {LEAD: (-1, 12, 12), NEGO: (0, 2, 2), SUBST: (0, 5, 20)},
        company="广州粤通物流集团有限公司",
        amount_wan=50000,
        industry=LOGISTICS,
        park=LOGISTICS_PARK,
        channel=Channel.AGENCY,
        project_type=ProjectType.LOGISTICS,
    ),
    DemoProject(
        47,
        "聚碳酸酯改性材料项目",
        "招商二组",
        {LEAD: (0, 2, 10), NEGO: (0, 3, 16)},
        company="宁波宏润高分子材料有限公司",
        amount_wan=40000,
        industry=MATERIALS,
        park=CHEM_PARK,
        channel=Channel.INDUSTRY_CHAIN,
    ),
    DemoProject(
        48,
        "半导体封装测试项目",
        "招商四组",
        {LEAD: (0, 3, 1), NEGO: (0, 4, 18)},
        company="苏州芯联微电子有限公司",
        amount_wan=100000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.FUND,
    ),
    DemoProject(
        49,
        "运河主题乐园项目",
        "招商六组",
        {LEAD: (-1, 5, 20), NEGO: (-1, 7, 26)},
        company="深圳欢乐湾文旅投资有限公司",
        amount_wan=300000,
        industry=TOURISM,
        channel=Channel.EXHIBITION,
        project_type=ProjectType.CULTURE_TOURISM,
        pauses=(DemoPause((0, 1, 15), True, "投资方放缓投资节奏,洽谈暂缓。"),),
    ),
    DemoProject(
        50,
        "精密电子元器件项目",
        "驻上海招商联络处",
        {LEAD: (-1, 11, 8), NEGO: (0, 1, 18), SUBST: (0, 5, 27)},
        company="丸山电子工业株式会社",
        amount_wan=20000,
        foreign_capital_usd_wan=3000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.RESIDENT,
    ),
    DemoProject(
        51,
        "危废资源化利用项目",
        "招商八组",
        {LEAD: (0, 1, 5), NEGO: (0, 3, 12)},
        company="北京中环循环科技有限公司",
        amount_wan=15000,
        industry=CHEMICALS,
        park=CHEM_PARK,
        channel=Channel.DIRECTED,
    ),
    DemoProject(
        52,
        "直播电商产业基地项目",
        "招商九组",
        {LEAD: (0, 3, 8), NEGO: (0, 4, 2)},
        company="杭州星播网络科技有限公司",
        amount_wan=10000,  # exactly 1亿: 亿元以上 includes the number itself
        industry=ECOMMERCE,
        park=LOGISTICS_PARK,
        channel=Channel.DOOR_TO_DOOR,
        project_type=ProjectType.SERVICES,
    ),
    DemoProject(
        53,
        "高端装备再制造项目",
        "招商十组",
        {LEAD: (-1, 9, 9), NEGO: (-1, 11, 11), SUBST: (0, 2, 14)},
        company="西安秦川再制造科技有限公司",
        amount_wan=16000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.AGENCY,
    ),
    # -- Negotiating below 1亿, and leads ---------------------------------------------------
    DemoProject(
        54,
        "运河民宿集群项目",
        "招商六组",
        {LEAD: (0, 3, 22), NEGO: (0, 4, 20)},
        company="济南运河人家文旅有限公司",
        amount_wan=3000,
        industry=TOURISM,
        channel=Channel.ALL_STAFF,
        project_type=ProjectType.CULTURE_TOURISM,
    ),
    DemoProject(
        55,
        "社区团购分拣中心项目",
        "招商七组",
        {LEAD: (0, 4, 1), NEGO: (0, 5, 6)},
        company="德州邻里优选商贸有限公司",
        amount_wan=2000,
        industry=ECOMMERCE,
        park=LOGISTICS_PARK,
        channel=Channel.ALL_STAFF,
        project_type=ProjectType.LOGISTICS,
        by_contributor=True,
    ),
    DemoProject(
        56,
        "涂料助剂项目",
        "招商一组",
        {NEGO: (0, 2, 10), SUBST: (0, 4, 28)},
        company="淄博华彩涂料助剂有限公司",
        amount_wan=9500,
        industry=CHEMICALS,
        park=CHEM_PARK,
        channel=Channel.INDUSTRY_CHAIN,
    ),
    DemoProject(
        57,
        "工业互联网平台项目",
        None,  # a lead from 全员招商 that the director has not yet given to a unit
        {LEAD: (0, 5, 15)},
        industry=MANUFACTURING,
        channel=Channel.ALL_STAFF,
        project_type=ProjectType.SERVICES,
        by_contributor=True,
        note="区直部门干部提供线索,投资方待确认。",
    ),
    DemoProject(
        58,
        "氢燃料电池电堆项目",
        "招商十一组",
        {LEAD: (0, 4, 12)},
        company="武汉氢能动力科技有限公司",
        amount_wan=50000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.EXHIBITION,
    ),
    # -- Dropped -----------------------------------------------------------------------------
    DemoProject(
        59,
        "PVC型材项目",
        "招商五组",
        {LEAD: (-1, 6, 5), NEGO: (-1, 8, 12)},
        company="保定万通塑业有限公司",
        amount_wan=8000,
        industry=MATERIALS,
        channel=Channel.DOOR_TO_DOOR,
        drop=DemoDrop((0, 3, 10), "环评要求提高后投资方放弃投资。"),
    ),
    DemoProject(
        60,
        "新能源汽车整车项目",
        "招商四组",
        {LEAD: (-1, 4, 2), NEGO: (-1, 5, 10), SUBST: (-1, 9, 28)},
        company="深圳市驰远新能源汽车有限公司",
        amount_wan=500000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.DIRECTED,
        drop=DemoDrop((0, 1, 9), "我区可供工业用地不足,投资方另行选址。", "安徽省合肥市"),
    ),
    DemoProject(
        61,
        "日化用品生产项目",
        "招商八组",
        {LEAD: (-1, 3, 3), NEGO: (-1, 5, 6)},
        company="广州洁美日化有限公司",
        amount_wan=4000,
        industry=CHEMICALS,
        channel=Channel.AGENCY,
        drop=DemoDrop((-1, 10, 20), "投资方被同行收购,投资计划取消。"),
    ),
    DemoProject(
        62,
        "石墨烯导热膜项目",
        "招商二组",
        {LEAD: (-2, 11, 1), NEGO: (-1, 1, 12), SUBST: (-1, 4, 22)},
        company="常州烯材科技有限公司",
        amount_wan=20000,
        industry=MATERIALS,
        park=TECH_PARK,
        channel=Channel.INDUSTRY_CHAIN,
        drop=DemoDrop(
            (-1, 9, 6), "核心技术团队变动,投资方暂停对外投资。", "江苏省常州市(原地扩产)"
        ),
    ),
    # -- Under construction below 1亿 ------------------------------------------------------
    DemoProject(
        63,
        "汽车内饰件项目",
        "招商十组",
        {SIGNED: (-1, 6, 20), STARTED: (-1, 9, 1)},
        company="德州宏达汽车内饰有限公司",
        amount_wan=7000,
        industry=MANUFACTURING,
        park=TECH_PARK,
        channel=Channel.DOOR_TO_DOOR,
        agreement_type=CONTRACT,
    ),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    description: str
    unit: str | None = None
    is_staff: bool = False  # may open the admin site
    is_superuser: bool = False
    name: str = ""  # the person's name, given when the demo creates the account
    heads: str | None = None  # the unit the person leads (负责人)


USERS = [
    DemoUser("director", Role.DIRECTOR, "局长:看、改全区项目", is_staff=True),
    DemoUser("leader", Role.LEADER, "领导:全区只读"),
    DemoUser(
        "group01", Role.MEMBER, "招商一组成员", unit="招商一组", name="张伟", heads="招商一组"
    ),
    DemoUser(
        "group02", Role.MEMBER, "招商二组成员", unit="招商二组", name="王芳", heads="招商二组"
    ),
    DemoUser("contributor", Role.CONTRIBUTOR, "全员招商:提交线索", name="李明"),
    DemoUser("admin", Role.ADMIN, "系统管理员", is_staff=True, is_superuser=True),
]

# The demo year's targets (年度目标), metric → (count, amount in 万元), the zone's under None and
# some units' under their names: a few ahead of the year's pace on 31 May, a few behind it.
# 引荐机构 of the demo zone: name, kind, region code.
ORGANISATIONS = [
    ("德州市河北商会", "chamber", "371400"),
    ("中日经贸交流促进会", "association", "110000"),
    ("天津大学新材料研究院", "institute", "120000"),
    ("德州招商服务中心有限公司", "agency", "371400"),
]

TARGETS: dict[str | None, dict[str, tuple[int | None, int | None]]] = {
    None: {
        "signed_major": (15, 800_000),
        "signed_over_5yi": (5, None),
        "under_construction_major": (20, None),
        "started": (15, None),
        "completed": (12, None),
        "funds_arrived": (None, 300_000),
        "events_held": (4, None),
    },
    "招商一组": {"signed_major": (2, None)},
    "招商二组": {"signed_major": (2, None), "funds_arrived": (None, 100_000)},
    "第一招商局": {"signed_major": (2, None), "funds_arrived": (None, 50_000)},
}

# Following through (docs/followup.md), all dated (month, day) in the demo year, by project number.
# Promised start dates: on 31 May project 11 is late by more than three months (督办), 4 by more
# than one (red), 9 by days (yellow); 3 and 1 are not due yet.
COMMITMENTS: dict[int, dict] = {
    11: {"start": (2, 25), "production": (12, 31), "investment": 6_500},
    4: {"start": (4, 15), "production": (12, 31), "investment": 51_000, "output": 80_000},
    9: {"start": (5, 20), "investment": 8_000},
    3: {"start": (9, 30), "production": (12, 31), "investment": 80_000, "tax": 3_000},
    1: {"start": (8, 1), "investment": 120_000, "output": 300_000, "tax": 12_000},
}
# After-care tickets (要素保障): project, category, problem, department, opened, deadline, and if
# closed: status, date, result.
TICKETS: list[tuple] = [
    (1, "land", "二期用地指标", "自然资源和规划局", (5, 19), (6, 30), None),
    (
        4,
        "power",
        "临时用电接入",
        "供电公司",
        (3, 5),
        (4, 5),
        ("resolved", (3, 28), "已接入临时用电"),
    ),
    (4, "permit", "施工许可证办理", "行政审批服务局", (3, 10), (4, 30), ("in_progress", None, "")),
    (
        3,
        "environment",
        "环评批复",
        "生态环境分局",
        (4, 1),
        (5, 15),
        ("resolved", (5, 10), "已批复"),
    ),
    (
        7,
        "financing",
        "项目贷款贴息",
        "金融服务中心",
        (4, 25),
        (5, 25),
        ("unresolvable", (5, 28), "不符合贴息条件，已向企业说明"),
    ),
    (11, "roads", "进厂道路建设", "住房和城乡建设局", (2, 10), (3, 31), None),
    (
        2,
        "hiring",
        "技术工人招聘",
        "人力资源和社会保障局",
        (5, 20),
        (6, 20),
        ("in_progress", None, ""),
    ),
    (
        9,
        "policy",
        "招商引资奖励兑现",
        "财政局",
        (3, 20),
        (4, 20),
        ("resolved", (4, 18), "奖励已拨付"),
    ),
]
# Steps of the response to the year's major leads (时限管理), project → [(step, (month, day))].
RESPONSE_STEPS: dict[int, list[tuple[str, tuple[int, int]]]] = {
    51: [("answered", (1, 6)), ("assessed", (1, 8)), ("told", (1, 12)), ("reported", (5, 25))],
    43: [("answered", (1, 14)), ("assessed", (1, 15)), ("told", (1, 20)), ("reported", (5, 10))],
    2: [("answered", (1, 16)), ("assessed", (1, 19)), ("told", (1, 22))],
    47: [("answered", (2, 11)), ("reported", (5, 20))],
    48: [("answered", (3, 2)), ("assessed", (3, 4)), ("told", (3, 9)), ("reported", (5, 22))],
    58: [("answered", (4, 13)), ("assessed", (4, 15)), ("reported", (5, 26))],
}
# 督办 on the late project 11 (a reminder, then an order) and a leader's instruction on 4:
# project, kind, content, issued, answer by.
NOTICES: list[tuple] = [
    (11, "reminder", "请督促企业尽快开工，5日内反馈进展。", (4, 1), (4, 6)),
    (11, "order", "逾期未开工已超过两个月，请说明原因和开工计划。", (5, 1), (5, 10)),
    (4, "instruction", "请协调施工许可办理，尽快开工。", (5, 20), (6, 30)),
]

# --- the team's work (zhaoshang.fieldwork): events, trips and activities of the demo year --------


@dataclass(frozen=True)
class DemoEvent:
    name: str
    kind: str  # fieldwork.models.Event.Kind
    on: DemoDate
    city: str  # Region code
    place: str
    organiser: str
    organiser_unit: str | None = None
    companies: tuple[str, ...] = ()
    signed: tuple[int, ...] = ()  # project numbers, each signed on the event's day
    leads: tuple[int, ...] = ()


@dataclass(frozen=True)
class DemoTrip:
    unit: str
    participants: str
    cities: tuple[str, ...]  # Region codes
    start: DemoDate
    end: DemoDate
    purpose: str
    leads: tuple[int, ...] = ()


@dataclass(frozen=True)
class DemoActivity:
    kind: str  # fieldwork.models.Activity.Kind
    on: DemoDate
    project: int | None
    participants: str
    summary: str
    place: str = ""
    next_step: str = ""
    next_on: DemoDate | None = None
    trip: int | None = None  # index in TRIPS


# 3 events by 31 May of Y against the target of 4 (EVENT_TARGET); the fair of 18 May signed
# projects 1 and 2 (18亿元). The third fair, a year before, signed project 22.
EVENTS = [
    DemoEvent(
        "第四届中国·德州资本交易大会",
        "fair",
        (0, 5, 18),
        DEZHOU,
        "德州市会展中心",
        "德州市人民政府",
        companies=("史丹利化肥股份有限公司", "华鲁国际融资租赁有限公司", HUALU),
        signed=(1, 2),
    ),
    DemoEvent(
        "长三角(宁波)新材料产业推介会",
        "promotion",
        (0, 2, 10),
        "330200",
        "宁波国际会议中心",
        "运河经济开发区管委会",
        organiser_unit="招商二组",
        companies=("宁波宏润高分子材料有限公司", "宁波甬达聚合材料有限公司"),
        leads=(47,),
    ),
    DemoEvent(
        "京津冀高端制造专题招商活动",
        "themed",
        (0, 3, 1),
        "110000",
        "北京国际饭店",
        "运河经济开发区管委会",
        organiser_unit="第一招商局",
        companies=("苏州芯联微电子有限公司", "北京中环循环科技有限公司"),
        leads=(48,),
    ),
    DemoEvent(
        "第三届中国·德州资本交易大会",
        "fair",
        (-1, 5, 12),
        DEZHOU,
        "德州市会展中心",
        "德州市人民政府",
        companies=("无锡晶澄电子材料有限公司",),
        signed=(22,),
    ),
]
EVENT_TARGET = 4  # the report's target: 4 promotion events this year

# Trips of Y (and one of Y-1): 招商一组, 招商二组, 第一招商局 and the Shanghai office went out;
# the other units made none this year.
TRIPS = [
    DemoTrip(
        "招商一组",
        "王磊、张敏",
        ("310000", "320500", "320400"),
        (0, 3, 9),
        (0, 3, 12),
        "赴长三角走访精细化工、液压机械企业,推介化工园区配套。",
    ),
    DemoTrip(
        "招商二组",
        "李强、赵丽",
        ("330200",),
        (0, 2, 8),
        (0, 2, 10),
        "宁波新材料企业走访,参加推介会。",
        leads=(47,),
    ),
    DemoTrip(
        "第一招商局",
        "刘洋",
        ("370500",),
        (0, 1, 6),
        (0, 1, 7),
        "拜访东营石化企业,对接异辛烷溶剂油项目。",
    ),
    DemoTrip(
        "驻上海招商联络处",
        "陈静",
        ("330100",),
        (0, 1, 8),
        (0, 1, 9),
        "杭州跨境电商、船舶电气企业走访。",
        leads=(43,),
    ),
    DemoTrip(
        "招商四组",
        "周涛",
        ("440300",),
        (-1, 4, 1),
        (-1, 4, 3),
        "深圳新能源汽车企业走访。",
        leads=(60,),
    ),
]

ACTIVITIES = [
    DemoActivity(
        "visit",
        (0, 1, 7),
        41,
        "刘洋",
        "拜访东营润通石化,介绍化工园区原料配套和危化品物流,对方有意在园区建设异辛烷溶剂油装置。",
        place="东营市",
        next_step="邀请对方来园区实地考察",
        next_on=(0, 1, 20),
        trip=2,
    ),
    DemoActivity(
        "visit",
        (0, 3, 10),
        42,
        "王磊、张敏",
        "登门拜访常州恒德液压,洽谈液压机械项目用地和设备进口关税政策。",
        place="常州市武进区",
        next_step="提交项目用地方案",
        next_on=(0, 4, 15),
        trip=0,
    ),
    DemoActivity(
        "reception",
        (0, 5, 26),
        56,
        "王磊",
        "淄博华彩涂料助剂来访考察化工园区,查看标准厂房和污水处理设施。",
        place="化工循环经济产业园",
        next_step="起草投资协议",
        next_on=(0, 6, 15),
    ),
    DemoActivity(
        "contact",
        (0, 5, 22),
        47,
        "李强",
        "电话沟通聚碳酸酯改性材料项目的能评进度,对方6月初来区商谈。",
        next_step="安排来区商谈",
        next_on=(0, 6, 5),
    ),
    DemoActivity(
        "office_report",
        (0, 5, 27),
        43,
        "陈静",
        "驻上海联络处5月报告:走访上海企业8家,船用电机项目已进入协议起草。",
        place="上海市",
    ),
]
