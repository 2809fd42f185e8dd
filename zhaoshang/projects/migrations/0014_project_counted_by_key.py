"""On PostgreSQL, the counting rules' columns beside the key, so that the funds arrived of a period
join their projects from an index (a nested loop over the period's funds) instead of reading the
whole project table into a hash. SQLite's key is the rowid, its row at hand: nothing to add there,
and Django would make an index of the key alone there, so the index is created on PostgreSQL only
and is not in the model's Meta (docs/architecture.md § Scale)."""

from django.db import migrations

NAME = "project_counted_by_key"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {NAME} ON projects_project (id) "
            "INCLUDE (zone_id, project_type, expands_id, total_investment_wan)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0013_dashboard_covering_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
