"""The demo zone's industry chains (docs/chains.md): 精细化工 around 华鲁恒升 — coal gasified to
syngas, then methanol, ammonia and caprolactam, then fine chemicals and new materials — and
现代物流 around the logistics park. Nodes carry the zone's enterprises (龙头 flagged) and the
demo projects tagged to them (化工设备融资租赁 as 强链); a few gaps have target companies, owned
by units, with a next step. Dates are (year offset, month, day) from the demo year, like the
projects'; a chain already loaded is left as it is."""

import datetime as dt

from zhaoshang.chains import services
from zhaoshang.chains.models import Chain, Node, TagRole, Target, Tier
from zhaoshang.companies.models import Company
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.core.models import Source
from zhaoshang.demo import data
from zhaoshang.fieldwork.services import record_activity
from zhaoshang.org.models import Industry, Region, Unit, Zone
from zhaoshang.projects.models import Project

SOURCE = Source.DEMO
UP, MID, DOWN = Tier.UPSTREAM, Tier.MIDSTREAM, Tier.DOWNSTREAM
FILL, STRENGTHEN, EXTEND = TagRole.FILL, TagRole.STRENGTHEN, TagRole.EXTEND
LONG_AGO = (-5, 1, 1)

# name, tier, parent, enterprises [(company, anchor, date)], tags [(project number, role)]
CHEMICALS = [
    ("煤气化与合成气", UP, None, [(data.HUALU, True, LONG_AGO)], []),
    ("热电联产与蒸汽", UP, None, [(data.HUANENG, True, LONG_AGO)], []),
    ("工业气体(氢气、空分)", UP, None, [], []),
    ("甲醇", MID, None, [(data.HUALU, True, LONG_AGO)], []),
    ("醋酸及酯类", MID, "甲醇", [], [(37, FILL)]),
    ("合成氨与尿素", MID, None, [(data.HUALU, True, LONG_AGO)], []),
    ("新型肥料", MID, "合成氨与尿素", [], [(1, EXTEND)]),
    ("己内酰胺", MID, None, [(data.HUALU, True, LONG_AGO)], [(17, STRENGTHEN)]),
    (
        "化工装备与融资服务",
        MID,
        None,
        [("德州恒达化工机械有限公司", False, (-2, 6, 1))],
        [(2, STRENGTHEN)],
    ),
    ("精细化学品中间体", DOWN, None, [], [(12, FILL), (32, FILL)]),
    ("电子化学品", DOWN, None, [], [(22, FILL)]),
    ("尼龙新材料", DOWN, None, [("德州锦纶新材料有限公司", False, (0, 3, 10))], [(5, EXTEND)]),
    ("涂料与助剂", DOWN, None, [], [(56, FILL)]),
    ("生物可降解材料", DOWN, None, [], []),
    ("电解液溶剂(碳酸酯)", DOWN, None, [], []),
]
CHEMICAL_LINKS = [
    ("煤气化与合成气", "甲醇"),
    ("煤气化与合成气", "合成氨与尿素"),
    ("工业气体(氢气、空分)", "合成氨与尿素"),
    ("热电联产与蒸汽", "甲醇"),
    ("甲醇", "精细化学品中间体"),
    ("甲醇", "电解液溶剂(碳酸酯)"),
    ("甲醇", "生物可降解材料"),
    ("合成氨与尿素", "己内酰胺"),
    ("己内酰胺", "尼龙新材料"),
    ("精细化学品中间体", "涂料与助剂"),
    ("精细化学品中间体", "电子化学品"),
]
LOGISTICS = [
    ("物流园区与基础设施", UP, None, [("德州现代物流园运营有限公司", True, LONG_AGO)], []),
    ("物流装备与信息系统", UP, None, [], []),
    ("仓储与分拨", MID, None, [], [(20, FILL), (3, STRENGTHEN)]),
    ("冷链物流", MID, None, [], [(11, FILL)]),
    ("保税物流", MID, None, [], [(28, FILL)]),
    ("多式联运(公铁联运)", MID, None, [], []),
    ("城市配送", DOWN, None, [("德州顺达城配物流有限公司", False, (-1, 9, 1))], [(46, STRENGTHEN)]),
    ("供应链金融", DOWN, None, [], []),
]
LOGISTICS_LINKS = [
    ("物流园区与基础设施", "仓储与分拨"),
    ("物流园区与基础设施", "冷链物流"),
    ("物流装备与信息系统", "仓储与分拨"),
    ("仓储与分拨", "城市配送"),
    ("多式联运(公铁联运)", "仓储与分拨"),
    ("保税物流", "供应链金融"),
]
# node, company, reason, unit, next step, its date, last contact (a visit) or None
TARGETS = [
    (
        "生物可降解材料",
        "安徽华驰生物降解材料有限公司",
        "PBAT 产能居国内前列,正寻找甲醇、BDO 原料配套地,与华鲁恒升甲醇可就近对接。",
        "招商一组",
        "登门拜访,介绍化工园区用地和原料管道",
        (0, 6, 12),
        (0, 5, 8),
    ),
    (
        "生物可降解材料",
        "江苏绿宇聚酯科技有限公司",
        "PGA 技术路线以煤制乙二醇为原料,可消化园区合成气。",
        "第一招商局",
        "邀请来园考察",
        (0, 7, 1),
        None,
    ),
    (
        "电解液溶剂(碳酸酯)",
        "深圳市锂源电解液有限公司",
        "电解液龙头的溶剂供应商,计划在北方建碳酸二甲酯基地。",
        "招商二组",
        "赴深圳对接项目方案",
        (0, 6, 20),
        (0, 4, 22),
    ),
    (
        "工业气体(氢气、空分)",
        "杭州氧源气体有限公司",
        "为煤化工企业配套空分装置的专业气体公司,可服务华鲁恒升扩产。",
        "第二招商局",
        "提交供气合作方案",
        (0, 6, 5),
        None,
    ),
    (
        "多式联运(公铁联运)",
        "天津港联多式联运有限公司",
        "环渤海公铁联运运营商,德州处京沪、德龙烟铁路交汇。",
        "招商三组",
        "洽谈物流园铁路专用线合作",
        (0, 6, 15),
        (0, 5, 20),
    ),
    (
        "供应链金融",
        "青岛融链供应链管理有限公司",
        "为园区物流和化工企业提供仓单质押、应收账款融资。",
        "招商三组",
        "",
        None,
        None,
    ),
]


# Where the companies the chains bring in come from (GB/T 2260): local enterprises are 德州's.
REGIONS = {
    "安徽华驰生物降解材料有限公司": "340000",
    "江苏绿宇聚酯科技有限公司": "320000",
    "深圳市锂源电解液有限公司": "440300",
    "杭州氧源气体有限公司": "330100",
    "天津港联多式联运有限公司": "120000",
    "青岛融链供应链管理有限公司": "370200",
}


def _company(zone: Zone, name: str) -> Company:
    # Regions are loaded by a migration; without them (a flushed test database) no region.
    region = Region.objects.filter(code=REGIONS.get(name, data.DEZHOU)).first()
    return get_or_create_company(zone=zone, actor=None, name=name, region=region, source=SOURCE)


def _day(year: int, when: tuple[int, int, int]) -> dt.date:
    offset, month, day = when
    return dt.date(year + offset, month, day)


def load_chains(*, zone: Zone, year: int, today: dt.date, units: dict[str, Unit]) -> None:
    """The two demo chains, their enterprises, tags and targets (once per zone)."""
    industries = {i.name: i for i in Industry.objects.filter(zone=zone)}
    projects = {p.code: p for p in Project.objects.filter(zone=zone, code__startswith=f"YH{year}-")}
    chains: list[tuple[str, str, list, list, str]] = [
        (
            "精细化工产业链",
            data.CHEMICALS,
            CHEMICALS,
            CHEMICAL_LINKS,
            "以华鲁恒升煤气化为龙头,引上游、接下游、抓龙头、带配套。",
        ),
        (
            "现代物流产业链",
            data.LOGISTICS,
            LOGISTICS,
            LOGISTICS_LINKS,
            "依托现代物流园,补齐多式联运和供应链服务。",
        ),
    ]
    for order, (name, industry, nodes, links, note) in enumerate(chains, start=1):
        if Chain.objects.filter(zone=zone, name=name).exists():
            continue
        chain = services.save_chain(
            zone=zone,
            actor=None,
            name=name,
            industry=industries.get(industry),
            note=note,
            sort_order=order,
            source=SOURCE,
        )
        made = _nodes(chain, nodes, year=year, today=today, projects=projects)
        for a, b in links:
            services.add_link(actor=None, from_node=made[a], to_node=made[b], source=SOURCE)
        _targets(zone, made, year=year, today=today, units=units)


def _nodes(chain: Chain, rows: list, *, year: int, today: dt.date, projects: dict) -> dict:
    made: dict[str, Node] = {}
    for order, (name, tier, parent, enterprises, tags) in enumerate(rows, start=1):
        node = services.save_node(
            chain=chain,
            actor=None,
            name=name,
            tier=tier,
            parent=made.get(parent),
            order=order,
            source=SOURCE,
        )
        made[name] = node
        for company, anchor, when in enterprises:
            services.link_enterprise(
                node=node,
                actor=None,
                company=_company(chain.zone, company),
                is_anchor=anchor,
                linked_on=_day(year, when),
                source=SOURCE,
                today=today,
            )
        for number, role in tags:
            project = projects.get(data.project_code(year, number))
            if project is None:
                continue
            services.tag_project(
                node=node,
                actor=None,
                project=project,
                role=role,
                tagged_on=_first_date(project, year),
                source=SOURCE,
                today=today,
            )
    return made


def _first_date(project: Project, year: int) -> dt.date:
    """A project is tagged when it was registered (or, with no date, on 2 January)."""
    dates = [project.lead_date, project.negotiating_date, project.signed_date, project.started_date]
    return min((d for d in dates if d), default=dt.date(year, 1, 2))


def _targets(zone: Zone, made: dict, *, year: int, today: dt.date, units: dict) -> None:
    for node_name, company, reason, unit, step, step_on, contact in TARGETS:
        if node_name not in made:
            continue
        target = services.save_target(
            node=made[node_name],
            actor=None,
            company=_company(zone, company),
            reason=reason,
            unit=units[unit],
            next_step=step,
            next_step_date=_day(year, step_on) if step_on else None,
            status=Target.Status.CONTACTING if contact else Target.Status.OPEN,
            source=SOURCE,
            today=today,
        )
        if contact:
            record_activity(
                zone=zone,
                actor=None,
                kind="visit",
                date=_day(year, contact),
                participants=unit,
                summary=f"为{node_name}节点接触{company}:{reason}",
                company=target.company,
                unit=units[unit],
                source=SOURCE,
                today=today,
            )
