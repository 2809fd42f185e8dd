from django.db import migrations


def fill(apps, schema_editor):
    # The key as projects.search builds it, for projects written before the field existed.
    from zhaoshang.projects.search import search_key

    Project = apps.get_model("projects", "Project")
    batch = []
    for project in Project.objects.select_related("company").iterator(chunk_size=2000):
        project.search_text = search_key(
            project.name, project.company.name if project.company_id else ""
        )
        batch.append(project)
        if len(batch) == 2000:
            Project.objects.bulk_update(batch, ["search_text"])
            batch = []
    Project.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_project_search_text")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
