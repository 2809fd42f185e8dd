"""The ledger in the API: export (the library's filter, .xlsx or CSV) and import in two steps, as
on the page: an upload is validated and previewed (nothing written), then the uploader applies
the preview they read. Every rule is the ledger services'."""

import io
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from zhaoshang.core.addresses import client_address
from zhaoshang.core.api import READ_ERRORS, WRITE_ERRORS
from zhaoshang.core.audit import record_event
from zhaoshang.core.models import ChangeLog
from zhaoshang.ledger import export, selectors, services
from zhaoshang.ledger.models import LedgerImport
from zhaoshang.org.api import api_zone
from zhaoshang.projects.api import ProjectFilters
from zhaoshang.projects.filters import ProjectFilterForm
from zhaoshang.projects.selectors import visible_projects

router = Router(tags=["ledger"])

FILE = {"schema": {"type": "string", "format": "binary"}}


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


class CsvEncoding(StrEnum):
    UTF8 = "utf-8"
    GBK = "gbk"


class ImportOut(Schema):
    id: int
    version: int = 1
    zone: str
    filename: str
    status: str
    created: int
    updated: int
    unchanged: int
    error_count: int
    message: str
    preview: dict[str, Any]


def shown(job: LedgerImport) -> dict:
    return {
        "id": job.pk,
        "version": 1,
        "zone": job.zone.code,
        "filename": job.filename,
        "status": job.status,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "error_count": job.error_count,
        "message": job.message,
        "preview": job.result or {},
    }


@router.get(
    "/ledger/export",
    response=READ_ERRORS,
    summary="导出台账 / export the ledger",
    description="The projects the user may see, filtered as the library filters.",
    openapi_extra={
        "responses": {
            200: {
                "description": "the ledger",
                "content": {export.XLSX_TYPE: FILE, "text/csv": FILE},
            }
        }
    },
)
def ledger_export(
    request,
    filters: Query[ProjectFilters],
    zone: str | None = None,
    format: ExportFormat = ExportFormat.XLSX,
    encoding: CsvEncoding = CsvEncoding.UTF8,
):
    found = api_zone(request, zone)
    form = ProjectFilterForm(filters.dict(exclude_none=True), zone=found)
    if form.is_bound and not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    projects = form.filter(visible_projects(request.user, found))
    rows = export.ledger_rows(projects, ordered=True)
    total = projects.count()
    out = io.BytesIO()
    stamp = timezone.localtime().strftime("%Y%m%d")
    if format == ExportFormat.CSV:
        try:
            export.write_csv(out, rows, encoding=encoding.value)
        except export.ExportRefused as exc:
            raise ValidationError({"encoding": [str(exc)]}) from exc
        content_type = export.CSV_GBK_TYPE if encoding == CsvEncoding.GBK else export.CSV_TYPE
        filename = f"ledger-{found.code}-{stamp}.csv"
    else:
        export.write_xlsx(out, rows, zone=found, scope="", total=total)
        content_type, filename = export.XLSX_TYPE, f"ledger-{found.code}-{stamp}.xlsx"
    record_event(
        actor=request.user,
        action=ChangeLog.Action.EXPORT,
        address=client_address(request),
        label=filename,
        details={"what": "ledger", "zone": found.code, "format": format.value, "rows": total},
    )
    response = HttpResponse(out.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post(
    "/ledger/imports",
    response={201: ImportOut, **WRITE_ERRORS},
    summary="上传台账(校验并预览,不写入)",
)
def upload(
    request,
    file: File[UploadedFile],
    zone: str | None = None,
    create_missing: Form[bool] = False,
):
    found = api_zone(request, zone)
    job = services.start_import(
        zone=found,
        actor=request.user,
        filename=file.name or "ledger.xlsx",
        content=file.read(),
        create_missing=create_missing,
    )
    return Status(201, shown(job))


def _job(request, pk: int) -> LedgerImport:
    job = selectors.import_of(request.user, pk)
    if job is None:
        raise Http404
    return job


@router.get("/ledger/imports/{pk}", response={200: ImportOut, **READ_ERRORS}, summary="一次导入")
def get_import(request, pk: int):
    return shown(_job(request, pk))


@router.post(
    "/ledger/imports/{pk}/apply",
    response={200: ImportOut, **WRITE_ERRORS},
    summary="确认导入已预览的台账",
)
def apply(request, pk: int):
    job = services.apply_import(_job(request, pk), actor=request.user)
    return shown(job)
