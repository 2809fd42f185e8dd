"""Partial indexes for the library over a million projects (issue 15, item 2)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("projects", "0010_project_referrer")]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                condition=models.Q(("dropped_date__isnull", True)),
                fields=["zone", "code"],
                name="project_active_code",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                condition=models.Q(("dropped_date__isnull", True)),
                fields=["zone", "-total_investment_wan", "code"],
                name="project_active_amount",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                condition=models.Q(("dropped_date__isnull", True)),
                fields=["zone", "-signed_date", "code"],
                name="project_active_signed",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                condition=models.Q(("dropped_date__isnull", True)),
                fields=["zone", "-started_date", "code"],
                name="project_active_started",
            ),
        ),
    ]
