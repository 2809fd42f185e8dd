"""Reads for the ledger: the projects an export holds (scoped by the permission policy) and a
user's uploads."""

from typing import BinaryIO

from django.db.models import QuerySet

from zhaoshang.ledger import export
from zhaoshang.ledger.models import LedgerImport
from zhaoshang.org import permissions
from zhaoshang.org.models import Zone
from zhaoshang.projects.models import Project


def export_projects(user, zone: Zone) -> QuerySet[Project]:
    """The zone's projects `user` may see; all of them for user None (the system, the CLI)."""
    if user is None:
        return Project.objects.filter(zone=zone)
    return permissions.visible(user, Project.objects.all(), zone)


def export_ledger(
    out: BinaryIO, *, zone: Zone, user=None, as_csv: bool = False, encoding: str = "utf-8"
) -> int:
    """The zone's ledger (what `user` may see of it) as .xlsx, or CSV in `encoding` (utf-8 or
    gbk: export.ExportRefused when a character does not fit); returns the row count."""
    projects = export_projects(user, zone)
    rows = export.ledger_rows(projects)
    if as_csv:
        return export.write_csv(out, rows, encoding=encoding)
    return export.write_xlsx(out, rows, zone=zone, total=projects.count())


def recent_imports(user, zone: Zone, limit: int = 10) -> QuerySet[LedgerImport]:
    return LedgerImport.objects.filter(zone=zone, user=user).defer("content", "result")[:limit]


def import_of(user, pk: int) -> LedgerImport | None:
    """An upload, for the person who uploaded it (superusers see every one)."""
    imports = LedgerImport.objects.select_related("zone", "user")
    if not user.is_superuser:
        imports = imports.filter(user=user)
    return imports.filter(pk=pk).first()
