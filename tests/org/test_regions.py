"""The national regions loaded by migration org 0002, and finding one by what people type."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from zhaoshang.org.models import Region, RegionGroup
from zhaoshang.org.regions import find_region

pytestmark = pytest.mark.django_db

load = importlib.import_module("zhaoshang.org.migrations.0002_load_regions")


def group_codes(region_code: str) -> set[str]:
    return set(RegionGroup.objects.filter(regions=region_code).values_list("code", flat=True))


def test_it_has_the_31_provinces_and_taiwan_hong_kong_macao():
    provinces = Region.objects.filter(level=Region.Level.PROVINCE)
    assert provinces.count() == 34
    assert provinces.filter(code__in=["110000", "370000", "650000"]).count() == 3
    assert dict(
        provinces.filter(code__in=["710000", "810000", "820000"]).values_list("code", "name")
    ) == {
        "710000": "台湾省",
        "810000": "香港特别行政区",
        "820000": "澳门特别行政区",
    }
    taiwan = Region.objects.get(code="710000")
    assert taiwan.short_name == "台湾"
    assert not taiwan.is_foreign
    assert not Region.objects.filter(code__in=["CN", "TW", "HK", "MO"]).exists()


def test_it_links_each_city_to_its_province():
    dezhou = Region.objects.select_related("province").get(code="371400")
    assert (dezhou.name, dezhou.short_name, dezhou.level) == ("德州市", "德州", "city")
    assert dezhou.province.name == "山东省"
    shandong = Region.objects.get(code="370000")
    assert shandong.province_id == "370000"
    assert Region.objects.filter(level=Region.Level.CITY, province=shandong).count() == 16


def test_it_shortens_names_as_the_china_map_writes_them():
    short = dict(Region.objects.values_list("name", "short_name"))
    assert short["内蒙古自治区"] == "内蒙古"
    assert short["广西壮族自治区"] == "广西"
    assert short["新疆维吾尔自治区"] == "新疆"
    assert short["香港特别行政区"] == "香港"
    assert short["延边朝鲜族自治州"] == "延边"
    assert short["大兴安岭地区"] == "大兴安岭"


def test_it_puts_a_region_in_every_group_that_overlaps_it():
    assert {"hsz", "csj"} <= group_codes("310000")


def test_it_lists_the_cities_of_a_member_province_in_the_group():
    assert {"hsz", "csj"} <= group_codes("320500")
    assert "jjj" in group_codes("130100")


def test_it_keeps_the_pearl_river_delta_to_its_nine_cities():
    assert "zsj" not in group_codes("440000")
    assert "zsj" in group_codes("440300")
    assert RegionGroup.objects.get(code="zsj").regions.count() == 9
    assert {"810000", "820000", "440300"} <= set(
        RegionGroup.objects.get(code="ygadwq").regions.values_list("code", flat=True)
    )


def test_it_orders_the_groups_as_defined():
    assert list(RegionGroup.objects.values_list("code", flat=True)) == [
        "jjj",
        "csj",
        "hsz",
        "zsj",
        "ygadwq",
        "cy",
        "dbsd",
    ]


def test_it_names_foreign_countries_in_chinese():
    japan = Region.objects.get(code="JP")
    assert (japan.name, japan.level, japan.province_id) == ("日本", "country", "JP")
    assert japan.is_foreign
    assert Region.objects.filter(level=Region.Level.COUNTRY).count() > 200


def test_it_loads_again_without_changing_anything():
    def counts():
        return (
            Region.objects.count(),
            RegionGroup.objects.count(),
            RegionGroup.regions.through.objects.count(),
        )

    before = counts()
    load.load_regions(apps, SimpleNamespace(connection=connection))
    assert counts() == before


def test_it_unloads_and_loads_back():
    before = Region.objects.count(), RegionGroup.regions.through.objects.count()
    editor = SimpleNamespace(
        connection=connection,
        quote_name=connection.ops.quote_name,
        execute=lambda sql: connection.cursor().execute(sql),
    )
    load.unload_regions(apps, editor)
    assert not Region.objects.exists()
    assert not RegionGroup.objects.exists()
    load.load_regions(apps, editor)
    assert (Region.objects.count(), RegionGroup.regions.through.objects.count()) == before


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("山东", "370000"),
        ("山东省", "370000"),
        ("德州", "371400"),
        ("德州市", "371400"),
        (" 德 州\u3000", "371400"),
        ("日本", "JP"),
        ("内蒙古", "150000"),
        ("刚果(金)", "CD"),
        ("刚果（金）", "CD"),
        # A province's short name shared with a city means the province.
        ("吉林", "220000"),
        ("吉林市", "220200"),
        ("海南", "460000"),
    ],
)
def test_it_finds_the_region_people_type(typed, code):
    assert find_region(typed).code == code


@pytest.mark.parametrize("typed", ["火星", "", "  ", "山"])
def test_it_finds_nothing_for_an_unknown_place(typed):
    assert find_region(typed) is None


def test_it_refuses_to_guess_between_two_cities():
    Region.objects.create(
        code="139900", name="德州新市", short_name="德州", level="city", province_id="130000"
    )
    assert find_region("德州") is None
    assert find_region("德州市").code == "371400"
