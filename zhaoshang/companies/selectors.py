"""Reads of the zone's investors and its directory of referring organisations."""

from django.db.models import Count, Q, QuerySet

from zhaoshang.companies.models import Organisation
from zhaoshang.org.models import Zone


def zone_organisations(zone: Zone) -> QuerySet[Organisation]:
    """The zone's directory, each with how many projects it referred and how many are signed
    (the directory is the zone's: everyone with a role reads it)."""
    return (
        Organisation.objects.filter(zone=zone)
        .select_related("region")
        .annotate(
            referred=Count("referred_projects"),
            signed=Count(
                "referred_projects", filter=Q(referred_projects__signed_date__isnull=False)
            ),
        )
        .order_by("kind", "name")
    )
