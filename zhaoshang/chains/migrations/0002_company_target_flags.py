from django.db import migrations

OPEN = ["open", "contacting"]


def flag_target_companies(apps, schema_editor):
    """Companies with an open or contacted target are 目标企业 in the library."""
    Company = apps.get_model("companies", "Company")
    Target = apps.get_model("chains", "Target")
    approached = Target.objects.filter(status__in=OPEN).values("company_id")
    Company.objects.filter(pk__in=approached).update(is_target=True)


class Migration(migrations.Migration):
    dependencies = [
        ("chains", "0001_chains"),
        ("companies", "0003_company_is_target"),
    ]

    operations = [migrations.RunPython(flag_target_companies, migrations.RunPython.noop)]
