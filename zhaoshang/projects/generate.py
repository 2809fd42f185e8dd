"""Synthetic projects for benchmarks and load tests (`zhaoshang gen-projects N --zone C`).

Written in bulk, outside the services: the services write one project per transaction with its
audit rows, far too slow for 100k projects. Every generated project still passes the lifecycle
check (rules.check_project) before it is inserted, so the data is data the services could have
written. Projects, companies and funds get no change-log or stage-log rows; the zone's few
reference items (industries, parks, units) go through ensure_reference like any other. On
PostgreSQL the rows go in by COPY (core/bulk.py: a million projects in minutes), elsewhere by
bulk_create; the same seed gives the same rows on both.

Deterministic for a given seed, zone contents and `today`.
"""

import datetime as dt
import math
import random
import time
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.cn import uscc as uscc_number

from zhaoshang.companies.models import Channel, Company, normalise_company_name
from zhaoshang.core.bulk import can_copy, copy_insert, reserve_ids
from zhaoshang.core.dates import EARLIEST
from zhaoshang.org.models import Industry, Park, Region, Unit, Zone
from zhaoshang.org.services import ensure_reference, mark_zone_changed
from zhaoshang.projects.codes import allocate_codes
from zhaoshang.projects.models import (
    DATE_FIELD,
    MILESTONES,
    AgreementType,
    FundsArrived,
    Project,
    ProjectType,
    Stage,
)
from zhaoshang.projects.rules import check_project
from zhaoshang.projects.search import search_key

T = TypeVar("T")
ORDER: list[Stage] = list(MILESTONES)  # the milestones in order, typed as stages
SOURCE = "gen-projects"  # the change log's source for the reference items created here
WINDOW_DAYS = 3652  # ten years, leap days included
# In the 备注 of every synthetic project: the label travels with it into the ledger export.
SYNTHETIC_NOTE = "模拟数据:由 gen-projects 生成,用于性能测试,不是真实项目。"
CENT = Decimal("0.01")

# Where the generated projects stand on `today`: a ledger is mostly pipeline.
STAGE_WEIGHTS = {
    Stage.LEAD: 22,
    Stage.NEGOTIATING: 19,
    Stage.SUBSTANTIVE: 12,
    Stage.SIGNED: 11,
    Stage.STARTED: 11,
    Stage.COMPLETED: 5,
    Stage.OPERATING: 12,
    Stage.DROPPED: 8,
}
# How far a dropped project got before it was dropped.
DROPPED_AFTER_WEIGHTS = {
    Stage.LEAD: 34,
    Stage.NEGOTIATING: 34,
    Stage.SUBSTANTIVE: 18,
    Stage.SIGNED: 10,
    Stage.STARTED: 4,
}
# Days from the previous milestone to this one (uniform in the range).
GAP_DAYS = {
    Stage.NEGOTIATING: (7, 150),
    Stage.SUBSTANTIVE: (20, 240),
    Stage.SIGNED: (10, 180),
    Stage.STARTED: (15, 400),
    Stage.COMPLETED: (180, 1000),
    Stage.OPERATING: (0, 240),
    Stage.DROPPED: (15, 500),
}
# Mean age in days of the milestone a project stands at: pipeline projects are recent, old
# ones mostly moved on or were dropped. None: spread evenly over the ten years.
MEAN_AGE_DAYS = {
    Stage.LEAD: 180,
    Stage.NEGOTIATING: 240,
    Stage.SUBSTANTIVE: 200,
    Stage.SIGNED: 270,
    Stage.STARTED: 420,
    Stage.COMPLETED: 600,
    Stage.OPERATING: None,
    Stage.DROPPED: None,
}
# Chance that an earlier milestone was never recorded (missing dates stay empty: docs/lifecycle.md).
SKIP_CHANCE = {
    Stage.LEAD: 0.12,
    Stage.NEGOTIATING: 0.08,
    Stage.SUBSTANTIVE: 0.30,
    Stage.SIGNED: 0.03,
    Stage.STARTED: 0.03,
    Stage.COMPLETED: 0.10,
}
PAUSED_CHANCE = 0.04
SAME_DAY_START_CHANCE = 0.04  # signed and started at the same ceremony
ENTERED_AT_CONSTRUCTION_CHANCE = 0.05  # an old project entered with no date before its start

CHANNEL_WEIGHTS = {
    Channel.DIRECTED: 15,
    Channel.BY_BUSINESS: 10,
    Channel.INDUSTRY_CHAIN: 15,
    Channel.RESIDENT: 8,
    Channel.DOOR_TO_DOOR: 15,
    Channel.EXHIBITION: 12,
    Channel.AGENCY: 8,
    Channel.FUND: 5,
    Channel.ALL_STAFF: 7,
    "": 5,
}

# The zone of the report the demo follows (demo/data.py): what an empty zone gets.
INDUSTRIES = {
    "运河文化旅游": (
        ProjectType.CULTURE_TOURISM,
        "",
        ["运河文化旅游综合体", "运河古镇文旅", "研学实践基地", "非遗文创街区", "主题酒店"],
    ),
    "精细化工": (
        ProjectType.INDUSTRIAL,
        "年产{n}万吨",
        ["异辛烷溶剂油", "水溶性复合肥", "电子级化学品", "医药中间体", "高端润滑油", "表面活性剂"],
    ),
    "高端制造": (
        ProjectType.INDUSTRIAL,
        "年产{n}万台套",
        ["液压机械", "船用电机", "石油机械加工", "新能源汽车零部件", "智能装备", "精密轴承"],
    ),
    "电子商务": (
        ProjectType.SERVICES,
        "",
        ["跨境电商产业园", "直播电商基地", "电商仓配中心", "数字贸易平台"],
    ),
    "现代物流": (
        ProjectType.LOGISTICS,
        "",
        ["运河物流中心", "冷链物流园", "保税仓储", "多式联运枢纽", "城市配送中心"],
    ),
    "新型材料": (
        ProjectType.INDUSTRIAL,
        "年产{n}万吨",
        ["橡塑工程制品", "碳纤维复合材料", "高性能膜材料", "新型建材", "光伏玻璃"],
    ),
}
OTHER_PRODUCTS = [
    ("城市综合体", ProjectType.SERVICES),
    ("标准化厂房", ProjectType.INFRASTRUCTURE),
    ("污水处理厂提标改造", ProjectType.INFRASTRUCTURE),
    ("人才公寓", ProjectType.OTHER),
    ("总部经济大厦", ProjectType.SERVICES),
]
PARKS = ["化工循环经济产业园", "高新技术产业园", "现代物流园"]
PARK_OF_INDUSTRY = {
    "精细化工": "化工循环经济产业园",
    "新型材料": "化工循环经济产业园",
    "现代物流": "现代物流园",
    "电子商务": "现代物流园",
    "高端制造": "高新技术产业园",
}
GROUP_NUMERALS = "一二三四五六七八九十"
UNITS = [f"招商{GROUP_NUMERALS[i]}组" for i in range(10)] + ["招商十一组"]

BRAND_CHARS = "恒瑞华鲁鑫泰盛丰宏达远航金海天宇新源中信博通创联德隆安康鼎力嘉禾永昌正大凯广汇明阳振兴东方卓越科晨光润邦奥特宝利祥和万豪长城融汇铭诚"
COMPANY_WORDS = [
    "化工",
    "新材料",
    "机械",
    "科技",
    "物流",
    "电子商务",
    "文化旅游",
    "实业",
    "能源",
    "智能装备",
    "供应链",
    "投资",
]
COMPANY_FORMS = ["有限公司", "有限公司", "股份有限公司", "集团有限公司"]
DROP_REASONS = [
    "投资方资金链紧张,暂停对外投资",
    "用地指标未能落实",
    "环评要求未达标",
    "投资方战略调整",
    "选址转向其他地区",
    "能耗指标不足",
    "合作条件未谈拢",
]
DROPPED_TO = ["", "", "", "江苏盐城", "河北沧州", "河南濮阳", "安徽淮北", "山东东营"]

# Where investors come from (share of companies): the zone's own province, the three target
# source regions, the rest of China, 港澳台, abroad. Keys are GB/T 2260 province prefixes.
REGION_WEIGHTS = [
    ({"37"}, 30),
    ({"11", "12", "13"}, 15),
    ({"31", "32", "33", "34"}, 20),
    ({"44"}, 10),
    (None, 17),  # every other mainland province
    ({"71", "81", "82"}, 3),
    ({"foreign"}, 5),
]
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code check digit
FOREIGN_CODES = ["US", "DE", "JP", "KR", "SG", "GB", "FR", "NL", "IT", "AU"]


@dataclass
class Summary:
    created: int = 0
    first_code: str = ""
    last_code: str = ""
    stages: Counter = field(default_factory=Counter)
    paused: int = 0
    funds_records: int = 0
    companies_created: int = 0
    companies_used: int = 0
    seconds: float = 0.0
    check_seconds: float = 0.0


@dataclass
class _Pools:
    industries: list[Industry]
    parks: list[Park]
    units: list[Unit]
    companies: list[Company]
    anchors: list[Company]
    regions: dict[
        int, Region | None
    ]  # company id → region, for sources of funds and foreign capital
    search_keys: dict[tuple[str, str], str] = field(default_factory=dict)


def generate_projects(
    *,
    zone: Zone,
    count: int,
    today: dt.date,
    seed: int = 1,
    batch_size: int = 5000,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
    use_copy: bool | None = None,
) -> Summary:
    """Add `count` projects coded by the zone's scheme (codes.py, as every project the system
    numbers), with the reference data and companies they need, dated within the ten years
    ending on `today`. They are labelled synthetic; a zone with real projects is refused unless
    `force`, since the synthetic ones would count in its figures. Rows go in by COPY on
    PostgreSQL (`use_copy` None: when the database has it), by bulk_create elsewhere."""
    use_copy = can_copy() if use_copy is None else use_copy
    _refuse_unsuitable(zone, today, force=force)
    started_at = time.perf_counter()
    summary = Summary()
    # Mixing in how many projects there are makes a second run add different ones, not copies.
    rng = random.Random(f"{seed}:{Project.objects.filter(zone=zone).count()}")
    pools = _prepare_pools(zone, rng, count, summary, use_copy=use_copy)
    stage_picker = _picker(STAGE_WEIGHTS, rng)
    dropped_after_picker = _picker(DROPPED_AFTER_WEIGHTS, rng)
    channel_picker = _picker(CHANNEL_WEIGHTS, rng)
    products = _products(pools.industries)
    parks_by_name = {park.name: park for park in pools.parks}

    remaining = count
    while remaining > 0:
        size = min(batch_size, remaining)
        projects, funds_of = [], []
        for _i in range(size):
            project = _project(
                zone=zone,
                code="",  # given in the write's transaction, by the zone's counter
                rng=rng,
                today=today,
                pools=pools,
                stage=stage_picker(),
                dropped_after=dropped_after_picker,
                channel=channel_picker(),
                products=products,
                parks_by_name=parks_by_name,
            )
            tick = time.perf_counter()
            errors = check_project(project, today=today)
            summary.check_seconds += time.perf_counter() - tick
            if errors:
                messages = "; ".join(m for ms in errors.values() for m in ms)
                raise AssertionError(f"generator made a project the rules refuse: {messages}")
            projects.append(project)
            funds_of.append(_funds(project, rng, today, pools))
            summary.stages[project.stage] += 1
            summary.paused += project.is_paused
        summary.funds_records += _write(zone, today, projects, funds_of, use_copy=use_copy)
        summary.created += size
        summary.last_code = projects[-1].code
        if not summary.first_code:
            summary.first_code = projects[0].code
        remaining -= size
        if progress:
            progress(summary.created, count)
    summary.seconds = time.perf_counter() - started_at
    return summary


def _refuse_unsuitable(zone: Zone, today: dt.date, *, force: bool) -> None:
    """A zone with real projects (without `force`), or a `today` too early for ten years."""
    real = Project.objects.filter(zone=zone, is_synthetic=False).count()
    if real and not force:
        raise ValidationError(
            _(
                "开发区“%(zone)s”已有 %(count)s 个真实项目,模拟项目会计入它的统计数字。"
                "请在新建的开发区中生成(create-zone),或确认后加 --force。"
            )
            % {"zone": zone.code, "count": real}
        )
    first_day = today - dt.timedelta(days=WINDOW_DAYS - 1)
    if first_day < EARLIEST:
        raise ValidationError(
            _(
                "生成的项目日期在 %(first)s 至 %(today)s 的十年间,早于系统最早的日期 %(earliest)s:请用更晚的日期。"
            )
            % {"first": first_day, "today": today, "earliest": EARLIEST}
        )


def _write(
    zone: Zone, today: dt.date, projects: list[Project], funds_of: list[list], *, use_copy: bool
) -> int:
    """One batch written in one transaction, coded by the zone's counter; how many funds
    records it wrote. With `use_copy` (PostgreSQL) through COPY, else through bulk_create:
    the same rows either way."""
    with transaction.atomic():
        # Cached figures are keyed on this stamp: bulk writes must bump it like services
        # do; first, as they do, before the code counter.
        mark_zone_changed(zone.pk)
        codes = allocate_codes(zone, year=today.year, count=len(projects))
        for project, code in zip(projects, codes, strict=True):
            project.code = code
        if use_copy:
            for project, pk in zip(projects, reserve_ids(Project, len(projects)), strict=True):
                project.pk = pk
            copy_insert(Project, projects)
        else:
            Project.objects.bulk_create(projects)
        if any(project.pk is None for project in projects):
            # Backends that cannot return ids from a bulk insert: read them back by code.
            ids = dict(
                Project.objects.filter(zone=zone, code__in=[p.code for p in projects]).values_list(
                    "code", "pk"
                )
            )
            for project in projects:
                project.pk = ids[project.code]
        funds = []
        for project, records in zip(projects, funds_of, strict=True):
            for record in records:
                record.project = project
                funds.append(record)
        if use_copy:
            copy_insert(FundsArrived, funds)
        else:
            FundsArrived.objects.bulk_create(funds)
    return len(funds)


def _picker(weights: Mapping[T, float], rng: random.Random) -> Callable[[], T]:
    """A weighted choice that costs one random() and a bisect (rng.choices re-sums each call)."""
    items = list(weights)
    cumulative = list(accumulate(weights.values()))
    total = cumulative[-1]

    def pick():
        return items[bisect(cumulative, rng.random() * total)]

    return pick


# --- reference data and companies -----------------------------------------------------------


def _prepare_pools(
    zone: Zone, rng: random.Random, count: int, summary: Summary, *, use_copy: bool
) -> _Pools:
    with transaction.atomic():
        industries = list(Industry.objects.filter(zone=zone).order_by("sort_order", "pk"))
        if not industries:
            industries = [
                ensure_reference(
                    zone=zone, model=Industry, name=name, sort_order=i + 1, source=SOURCE
                )
                for i, name in enumerate(INDUSTRIES)
            ]
        parks = list(Park.objects.filter(zone=zone).order_by("sort_order", "pk"))
        if not parks:
            parks = [
                ensure_reference(zone=zone, model=Park, name=name, sort_order=i + 1, source=SOURCE)
                for i, name in enumerate(PARKS)
            ]
        units = list(Unit.objects.filter(zone=zone).order_by("sort_order", "pk"))
        if not units:
            units = [
                ensure_reference(
                    zone=zone,
                    model=Unit,
                    name=name,
                    kind=Unit.Kind.PROMOTION_GROUP,
                    sort_order=i + 1,
                    source=SOURCE,
                )
                for i, name in enumerate(UNITS)
            ]
        companies = _companies(zone, rng, count, summary, use_copy=use_copy)
        mark_zone_changed(zone.pk)
    regions = {c.pk: c.region for c in companies}
    anchors = [c for c in companies if c.is_anchor]
    return _Pools(industries, parks, units, companies, anchors, regions)


def _companies(
    zone: Zone, rng: random.Random, count: int, summary: Summary, *, use_copy: bool
) -> list[Company]:
    """The zone's companies, topped up with new ones to about one per 20 projects (50 to 5,000):
    investors often bring more than one project."""
    wanted = min(max(count // 20, 50), 5000)
    existing = list(Company.objects.filter(zone=zone).select_related("region").order_by("pk"))
    if len(existing) >= wanted:
        summary.companies_used = len(existing)
        return existing
    region_picker = _region_picker(rng)
    taken_names = {c.normalised_name for c in existing}
    taken_uscc = {c.uscc for c in existing if c.uscc}
    new = []
    for i in range(wanted - len(existing)):
        region = region_picker()
        name = _company_name(rng, region, taken_names)
        uscc = ""
        if region is not None and region.level != Region.Level.COUNTRY and rng.random() < 0.7:
            uscc = _uscc(rng, region, taken_uscc)
        new.append(
            Company(
                zone=zone,
                name=name,
                normalised_name=normalise_company_name(name),
                uscc=uscc,
                region=region,
                # 龙头企业: a handful, the first few so small pools get some too.
                is_anchor=i < 3 or rng.random() < 0.01,
            )
        )
    if use_copy:
        for company, pk in zip(new, reserve_ids(Company, len(new)), strict=True):
            company.pk = pk
        copy_insert(Company, new)
    else:
        Company.objects.bulk_create(new, batch_size=2000)
    if any(c.pk is None for c in new):
        ids = dict(
            Company.objects.filter(
                zone=zone, normalised_name__in=[c.normalised_name for c in new]
            ).values_list("normalised_name", "pk")
        )
        for company in new:
            company.pk = ids[company.normalised_name]
    summary.companies_created = len(new)
    summary.companies_used = len(existing) + len(new)
    return existing + new


def _region_picker(rng: random.Random) -> Callable[[], Region | None]:
    """Regions an investor is registered in: cities, and province-level regions without cities
    (municipalities, 台湾, 香港, 澳门), weighted by REGION_WEIGHTS. None when the national
    region table is empty."""
    regions = list(Region.objects.order_by("code"))
    with_cities = {r.province_id for r in regions if r.level == Region.Level.CITY}
    leaves = [
        r
        for r in regions
        if r.level == Region.Level.CITY
        or (r.level == Region.Level.PROVINCE and r.code not in with_cities)
    ]
    foreign = [r for r in regions if r.code in FOREIGN_CODES]
    named = set().union(*(keys for keys, _w in REGION_WEIGHTS if keys))
    buckets = []
    for keys, weight in REGION_WEIGHTS:
        if keys == {"foreign"}:
            members = foreign
        elif keys is None:
            members = [r for r in leaves if r.code[:2] not in named]
        else:
            members = [r for r in leaves if r.code[:2] in keys]
        if members:
            buckets.append((members, weight))
    if not buckets:
        return lambda: None
    cumulative = list(accumulate(w for _m, w in buckets))

    def pick() -> Region:
        members = buckets[bisect(cumulative, rng.random() * cumulative[-1])][0]
        return rng.choice(members)

    return pick


def _company_name(rng: random.Random, region: Region | None, taken: set[str]) -> str:
    for attempt in range(50):
        brand = rng.choice(BRAND_CHARS) + rng.choice(BRAND_CHARS)
        word = rng.choice(COMPANY_WORDS)
        form = rng.choice(COMPANY_FORMS)
        if region is None:
            name = f"{brand}{word}{form}"
        elif region.level == Region.Level.COUNTRY:
            name = f"{brand}{word}({region.short_name}){form}"
        else:
            name = f"{region.short_name}{brand}{word}{form}"
        if attempt > 40:
            name = f"{name[: -len(form)]}{attempt}号{form}"
        key = normalise_company_name(name)
        if key not in taken:
            taken.add(key)
            return name
    raise RuntimeError("no free company name")  # 50 tries against thousands of names: never


def _uscc(rng: random.Random, region: Region, taken: set[str]) -> str:
    """A 统一社会信用代码 that passes the GB 32100 check: 9 (market regulator) 1 (enterprise), the
    region code, a 9-character organisation code with its GB 11714 check digit, the check."""
    while True:
        body = "".join(rng.choice("0123456789") for _i in range(8))
        org_check = 11 - sum(int(d) * w for d, w in zip(body, ORG_CODE_WEIGHTS, strict=True)) % 11
        org = body + {10: "X", 11: "0"}.get(org_check, str(org_check))
        head = f"91{region.code}{org}"
        number = head + uscc_number.calc_check_digit(head)
        if number not in taken:
            taken.add(number)
            return number


def _products(industries: Sequence[Industry]) -> dict[int, tuple[ProjectType, str, list[str]]]:
    """Project type, scale pattern and product names by industry id; industries the generator
    did not create get generic products."""
    generic = (ProjectType.INDUSTRIAL, "", ["产业化", "技改扩能", "生产基地", "研发中心"])
    return {i.pk: INDUSTRIES.get(i.name, generic) for i in industries}


# --- one project ----------------------------------------------------------------------------


def _project(
    *,
    zone: Zone,
    code: str,
    rng: random.Random,
    today: dt.date,
    pools: _Pools,
    stage: Stage,
    dropped_after: Callable[[], Stage],
    channel: str,
    products,
    parks_by_name: dict[str, Park],
) -> Project:
    reached = dropped_after() if stage == Stage.DROPPED else stage
    dates = _dates(rng, today, reached, dropped=stage == Stage.DROPPED)
    signed_or_later = ORDER.index(reached) >= ORDER.index(Stage.SIGNED)

    industry = rng.choice(pools.industries) if rng.random() < 0.93 else None
    if industry is not None:
        project_type, scale, names = products[industry.pk]
        product = rng.choice(names)
        if scale and rng.random() < 0.5:
            product = scale.format(n=rng.choice([1, 2, 3, 5, 8, 10, 20, 30, 50])) + product
        park = parks_by_name.get(PARK_OF_INDUSTRY.get(industry.name, ""))
    else:
        product, project_type = rng.choice(OTHER_PRODUCTS)
        park = None
    if park is None or rng.random() < 0.15:
        park = rng.choice(pools.parks) if rng.random() < 0.8 else None

    company = rng.choice(pools.companies) if signed_or_later or rng.random() < 0.75 else None
    amount = None
    if signed_or_later or rng.random() < 0.85:
        amount = _amount(rng)
    introduced_by = None
    if channel == Channel.BY_BUSINESS and pools.anchors:
        introduced_by = rng.choice(pools.anchors)
        if introduced_by is company:
            introduced_by = None
    region = pools.regions.get(company.pk) if company else None
    foreign_capital = None
    if amount and region is not None and _is_foreign_capital(region):
        # 万元 to 万美元 at a round rate; a ledger keeps what the investor declared.
        foreign_capital = (amount / Decimal("7.1")).quantize(CENT)

    agreement_type = _agreement_type(rng, reached) if signed_or_later else ""
    brand = ""
    if company is not None:
        # The investor's brand, without the place it is registered in.
        brand = company.name.removeprefix(region.short_name if region else "")[:2]
    project = Project(
        zone=zone,
        code=code,
        name=f"{brand}{product}项目",
        company=company,
        origin_region=region,  # the investor's home: region is None without one
        introduced_by=introduced_by,
        industry=industry,
        park=park,
        unit=rng.choice(pools.units) if rng.random() < 0.95 else None,
        channel=channel,
        project_type=project_type,
        total_investment_wan=amount,
        foreign_capital_usd_wan=foreign_capital,
        agreement_type=agreement_type,
        is_synthetic=True,
        note=SYNTHETIC_NOTE,
        **dates,
    )
    # Names repeat (brands × products): their pinyin is worked out once.
    names = (project.name, company.name if company else "")
    if (key := pools.search_keys.get(names)) is None:
        key = pools.search_keys[names] = search_key(*names)
    project.search_text = key
    if stage == Stage.DROPPED:
        project.drop_reason = rng.choice(DROP_REASONS)
        project.dropped_to = rng.choice(DROPPED_TO)
    elif reached not in (Stage.COMPLETED, Stage.OPERATING):
        project.is_paused = rng.random() < PAUSED_CHANCE
    return project


def _agreement_type(rng: random.Random, reached: Stage) -> str:
    """A signed project's agreement: a formal contract more often the further it has gone."""
    contract_chance = 0.45 if reached == Stage.SIGNED else 0.8
    return AgreementType.CONTRACT if rng.random() < contract_chance else AgreementType.FRAMEWORK


def _dates(rng: random.Random, today: dt.date, reached: Stage, *, dropped: bool) -> dict:
    """Milestone dates up to `reached` (and the drop), in order, the last one no later than
    `today`, the first no earlier than ten years before it; some earlier ones left empty."""
    path = ORDER[: ORDER.index(reached) + 1]
    gaps = [0] + [rng.randint(*GAP_DAYS[stage]) for stage in path[1:]]
    if Stage.STARTED in path and Stage.SIGNED in path and rng.random() < SAME_DAY_START_CHANCE:
        gaps[path.index(Stage.STARTED)] = 0
    final = Stage.DROPPED if dropped else reached
    drop_gap = rng.randint(*GAP_DAYS[Stage.DROPPED]) if dropped else 0
    span = sum(gaps) + drop_gap
    mean_age = MEAN_AGE_DAYS[final]
    room = WINDOW_DAYS - 1 - span
    age = rng.uniform(0, room) if mean_age is None else rng.expovariate(1 / mean_age)
    end = today - dt.timedelta(days=math.floor(min(age, room)))

    dates: dict[str, dt.date | None] = {}
    on = end - dt.timedelta(days=drop_gap)
    if dropped:
        dates["dropped_date"] = end
    for stage, gap in zip(reversed(path), reversed(gaps), strict=True):
        dates[DATE_FIELD[stage]] = on
        on -= dt.timedelta(days=gap)

    # Everything before the start goes when an old project is entered at construction.
    keep_from = 0
    if Stage.STARTED in path and rng.random() < ENTERED_AT_CONSTRUCTION_CHANCE:
        keep_from = path.index(Stage.STARTED)
    for i, stage in enumerate(path[:-1]):
        if i < keep_from or rng.random() < SKIP_CHANCE[stage]:
            dates[DATE_FIELD[stage]] = None
    return dates


def _is_foreign_capital(region: Region) -> bool:
    """Abroad, or 港澳台 (regions of China whose investment counts as foreign capital)."""
    return region.level == Region.Level.COUNTRY or region.code[:2] in ("71", "81", "82")


def _amount(rng: random.Random) -> Decimal:
    """Total investment in 万元: log-normal around 8,000 万 (a little over half below 1亿, about
    one in twenty at 5亿 or more), kept within 500 万 – 50亿, mostly as round as people say it."""
    raw = min(max(rng.lognormvariate(math.log(8000), 1.2), 500), 500_000)
    style = rng.random()
    if style < 0.6:
        digits = 2  # 1.2亿, 8000万
    elif style < 0.85:
        digits = 3  # 5.15亿
    else:
        return Decimal(raw).quantize(CENT if style > 0.93 else Decimal(1))
    step = 10 ** (math.floor(math.log10(raw)) - digits + 1)
    return Decimal(round(raw / step) * step).quantize(CENT)


def _funds(project: Project, rng: random.Random, today: dt.date, pools: _Pools) -> list:
    """Funds-arrived records for about 60% of the projects that started, dated from the start
    (or the signing, when money came first) to `today` or the drop."""
    if not project.started_date or rng.random() >= 0.6:
        return []
    first = project.signed_date or project.started_date
    last = project.dropped_date or today
    days = (last - first).days
    region = pools.regions.get(project.company_id) if project.company_id else None
    if region is None or region.code[:2] == "37":
        source = FundsArrived.Source.LOCAL
    elif _is_foreign_capital(region):
        source = FundsArrived.Source.FOREIGN
    else:
        source = FundsArrived.Source.OUT_OF_PROVINCE
    assert project.total_investment_wan is not None  # the rules ask it of a started project
    records = []
    share = Decimal(rng.uniform(0.05, 0.6))
    pieces = rng.randint(1, 4)
    for _i in range(pieces):
        amount = (project.total_investment_wan * share / pieces).quantize(
            CENT if rng.random() < 0.3 else Decimal(1)
        )
        records.append(
            FundsArrived(
                arrived_date=first + dt.timedelta(days=rng.randint(0, days)),
                amount_wan=max(amount, Decimal(1)),
                source=source,
            )
        )
    return records
