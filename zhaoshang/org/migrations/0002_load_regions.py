"""Load the national regions and region groups from org/data/regions.json.

The file is built by scripts/build_regions.py. Codes a database already has are skipped, so
running this again changes nothing and an admin's edits to a group survive; a later release
that changes the data ships its own migration.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "regions.json"


def load_regions(apps, schema_editor):
    Region = apps.get_model("org", "Region")
    RegionGroup = apps.get_model("org", "RegionGroup")
    Membership = RegionGroup.regions.through
    db = schema_editor.connection.alias
    data = json.loads(DATA.read_text(encoding="utf-8"))

    existing = set(Region.objects.using(db).values_list("code", flat=True))
    new = [
        Region(
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            level=row["level"],
            province_id=row["province"],
        )
        for row in data["regions"]
        if row["code"] not in existing
    ]
    # Provinces and countries (each its own province) first, so that no city ever points at a
    # missing row, whether or not the backend defers the key check to the commit.
    Region.objects.using(db).bulk_create(r for r in new if r.province_id == r.code)
    Region.objects.using(db).bulk_create(r for r in new if r.province_id != r.code)

    existing = set(RegionGroup.objects.using(db).values_list("code", flat=True))
    rows = [row for row in data["groups"] if row["code"] not in existing]
    RegionGroup.objects.using(db).bulk_create(
        RegionGroup(code=row["code"], name=row["name"], sort_order=row["sort_order"])
        for row in rows
    )
    # Read back rather than trust bulk_create to set the ids, which depends on the backend.
    ids = dict(
        RegionGroup.objects.using(db)
        .filter(code__in=[row["code"] for row in rows])
        .values_list("code", "pk")
    )
    Membership.objects.using(db).bulk_create(
        Membership(regiongroup_id=ids[row["code"]], region_id=code)
        for row in rows
        for code in row["members"]
    )


def unload_regions(apps, schema_editor):
    Region = apps.get_model("org", "Region")
    RegionGroup = apps.get_model("org", "RegionGroup")
    db = schema_editor.connection.alias

    RegionGroup.objects.using(db).all().delete()
    Region.objects.using(db).filter(level="city").delete()
    # A province or a country is its own province, and PROTECT refuses to delete it through
    # the ORM even along with itself; with the cities gone nothing else points at these rows.
    schema_editor.execute(f"DELETE FROM {schema_editor.quote_name(Region._meta.db_table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_zones_regions_users"),
    ]

    operations = [
        migrations.RunPython(load_regions, unload_regions, elidable=False),
    ]
