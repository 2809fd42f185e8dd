"""/ledger/: upload → preview → apply, progress of big files, the error sheet, exports and the
empty template. Views stay thin: services check who may import and do every write."""

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from zhaoshang.core.addresses import client_address
from zhaoshang.core.audit import record_event
from zhaoshang.core.models import ChangeLog
from zhaoshang.ledger import chain_sheets, export, followsheets, selectors, services, worksheets
from zhaoshang.ledger.columns import COLUMNS
from zhaoshang.ledger.forms import UploadForm
from zhaoshang.ledger.limits import file_too_big
from zhaoshang.ledger.models import LedgerImport
from zhaoshang.ledger.reader import LedgerFileError, all_rows, read_ledger
from zhaoshang.ledger.uploads import SizeLimitedUpload
from zhaoshang.ledger.validation import LedgerError
from zhaoshang.org import permissions
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.projects.filters import ProjectFilterForm
from zhaoshang.projects.selectors import visible_projects

PREVIEW_SHOWN = 100


# Slack for the multipart envelope and the form's other fields around the file.
UPLOAD_ENVELOPE = 1024 * 1024


@csrf_exempt  # the upload handler must be in place before the CSRF check reads the body
def ledger(request):
    if request.method != "POST":
        return _ledger(request)
    limit = settings.LEDGER_MAX_FILE_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit + UPLOAD_ENVELOPE:
        # Refused without reading the body (and so before the CSRF check: nothing changes).
        return _ledger(request, too_big=declared)
    request.upload_handlers.insert(0, SizeLimitedUpload(request, limit))
    return csrf_protect(_ledger)(request)


def _ledger(request, too_big: int = 0):
    zone = zone_or_404(request)
    services.recover_stalled_imports(zone=zone)
    may_import = services.can_import(request.user, zone)
    may_create = services.can_create_missing(request.user, zone)
    form = UploadForm(may_create_missing=may_create)
    status = 200
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied(_("您的角色不能导入台账。"))
        if not too_big:
            request.FILES  # noqa: B018 (parses the upload, through SizeLimitedUpload)
            too_big = getattr(request, "upload_too_big", 0)
        if too_big:
            form = UploadForm({}, {}, may_create_missing=may_create)
            form.is_valid()
            form.errors["file"] = form.error_class(
                [file_too_big(too_big, settings.LEDGER_MAX_FILE_BYTES)]
            )
            status = 413
        else:
            form = UploadForm(request.POST, request.FILES, may_create_missing=may_create)
            status = 400
        if not too_big and form.is_valid():
            upload = form.cleaned_data["file"]
            job = services.start_import(
                zone=zone,
                actor=request.user,
                filename=upload.name,
                content=upload.read(),
                create_missing=form.cleaned_data.get("create_missing", False),
            )
            return redirect("ledger-import", pk=job.pk)
    return render(
        request,
        "ledger/index.html",
        {
            "form": form,
            "may_import": may_import,
            "may_create": may_create,
            "columns": COLUMNS,
            "imports": selectors.recent_imports(request.user, zone),
            "visible_count": visible_projects(request.user, zone).count(),
            "background_rows": services.BACKGROUND_ROWS,
        },
        status=status,
    )


def _import(request, pk: int) -> LedgerImport:
    zone = zone_or_404(request)
    # A running upload whose worker died is marked failed as soon as someone looks at it.
    services.recover_stalled_imports(zone=zone)
    job = selectors.import_of(request.user, pk)
    if job is None or job.zone_id != zone.pk:
        raise Http404
    return job


def import_detail(request, pk: int):
    job = _import(request, pk)
    return render(request, "ledger/import.html", _context(job, request.user))


def _context(job: LedgerImport, user) -> dict:
    result = job.result or {}
    errors = [LedgerError.from_json(e) for e in result.get("errors", [])]
    return {
        "job": job,
        "result": result,
        "errors": errors[:500],
        "more_errors": max(len(errors) - 500, 0),
        "file_errors": [e for e in errors if e.row is None],
        "created_rows": result.get("created", [])[:PREVIEW_SHOWN],
        "updated_rows": result.get("updated", [])[:PREVIEW_SHOWN],
        "shown": PREVIEW_SHOWN,
        "progress": _progress(job),
        "keep_days": settings.LEDGER_UPLOAD_KEEP_DAYS,
        "may_restart": services.can_restart(job, user),
    }


def _progress(job: LedgerImport) -> list[dict]:
    total = job.rows_total or 0
    steps = [
        (LedgerImport.Phase.READ, _("读取"), job.rows_read, total),
        (LedgerImport.Phase.VALIDATE, _("校验"), job.rows_validated, total),
        (LedgerImport.Phase.WRITE, _("写入"), job.rows_written, job.rows_to_write),
    ]
    shown = []
    for phase, label, done, of in steps:
        percent = min(100, done * 100 // of) if of else 0
        shown.append(
            {"phase": phase, "label": label, "done": done, "total": of, "percent": percent}
        )
    return shown


def import_progress(request, pk: int):
    """The progress card, polled by htmx every second while the job runs; once it is over the
    page reloads itself to show the preview or the outcome."""
    job = _import(request, pk)
    response = render(request, "ledger/_progress.html", _context(job, request.user))
    if not job.running and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
def import_apply(request, pk: int):
    job = _import(request, pk)
    services.apply_import(job, actor=request.user)
    return redirect("ledger-import", pk=job.pk)


@require_POST
def import_restart(request, pk: int):
    job = _import(request, pk)
    services.restart_import(job, actor=request.user)
    return redirect("ledger-import", pk=job.pk)


def import_errors(request, pk: int):
    """The uploaded sheet with 错误说明 added: fix it and upload it again."""
    job = _import(request, pk)
    if job.content_cleared_at:
        raise Http404  # the page says the file is gone and offers no link
    errors = [LedgerError.from_json(e) for e in (job.result or {}).get("errors", [])]
    content = bytes(job.content)
    try:
        sheet = read_ledger(content, job.filename)
    except LedgerFileError as exc:
        raise Http404 from exc
    positions = {header.text: header.position for header in sheet.headers if header.text}
    out = io.BytesIO()
    export.write_error_sheet(
        out,
        rows=all_rows(content, sheet),
        header_row=sheet.header_row,
        positions=positions,
        errors=errors,
        as_csv=sheet.is_csv,
        zone=job.zone,
    )
    stem = PurePath(job.filename).stem
    suffix = ".csv" if sheet.is_csv else ".xlsx"
    filename = "{}-{}{}".format(stem, _("错误说明"), suffix)
    record_event(
        actor=request.user,
        action=ChangeLog.Action.DOWNLOAD,
        address=client_address(request),
        instance=job,
        details={
            "what": "ledger-errors",
            "zone": job.zone.code,
            "format": suffix.lstrip("."),
            "file": filename,
            "rows": len(errors),
        },
    )
    return _download(
        out.getvalue(), filename, export.CSV_TYPE if sheet.is_csv else export.XLSX_TYPE
    )


def ledger_export(request):
    """The ledger of the projects the user may see, filtered as the project library filters
    (the same parameters: its export button passes its query; ?status=all is the whole zone);
    .xlsx, or with ?format=csv a CSV in UTF-8 (with a BOM) or, &encoding=gbk, GBK."""
    zone = zone_or_404(request)
    form = ProjectFilterForm(request.GET, zone=zone)
    projects = form.filter(visible_projects(request.user, zone))
    scope = _scope(form)
    if permissions.role_in(request.user, zone) not in permissions.SEE_ALL and not (
        request.user.is_superuser
    ):
        scope = ";".join(filter(None, [scope, _("仅含您有权查看的项目")]))
    out = io.BytesIO()
    rows = export.ledger_rows(projects, ordered=True)
    total = projects.count()
    stamp = timezone.localtime().strftime("%Y%m%d")
    name = f"{zone.name}{_('项目台账')}-{stamp}"
    if request.GET.get("format") == "csv":
        encoding = request.GET.get("encoding", "utf-8")
        try:
            export.write_csv(out, rows, encoding=encoding)
        except export.ExportRefused as exc:
            messages.error(request, str(exc), extra_tags="danger")
            return redirect("ledger")
        filename = name + ("-GBK.csv" if encoding == "gbk" else ".csv")
        content_type = export.CSV_GBK_TYPE if encoding == "gbk" else export.CSV_TYPE
        file_format = f"csv-{encoding}"
    else:
        export.write_xlsx(out, rows, zone=zone, scope=scope, total=total)
        filename, content_type, file_format = f"{name}.xlsx", export.XLSX_TYPE, "xlsx"
    record_event(
        actor=request.user,
        action=ChangeLog.Action.EXPORT,
        address=client_address(request),
        label=filename,
        details={
            "what": "ledger",
            "zone": zone.code,
            "format": file_format,
            "filter": request.GET.urlencode(),
            "scope": scope,
            "rows": total,
        },
    )
    return _download(out.getvalue(), filename, content_type)


def _scope(form: ProjectFilterForm) -> str:
    """The library's filter in words, for the export's notes sheet."""
    if not form.is_valid():
        return ""
    words = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name in ("sort",) or value in (None, ""):
            continue
        if name == "status" and value == "all":
            continue
        if isinstance(field, forms.ChoiceField) and not hasattr(value, "pk"):
            value = dict(field.choices).get(value, value)  # type: ignore[arg-type]  # flat (value, label) pairs here
        words.append(f"{field.label}:{value}")
    return ";".join(str(word) for word in words)


def ledger_template(request):
    zone = zone_or_404(request)
    out = io.BytesIO()
    export.write_template(out, zone=zone)
    return _download(out.getvalue(), f"{_('项目台账模板')}.xlsx", export.XLSX_TYPE)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    ascii_name = "ledger" + PurePath(filename).suffix
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


# --- workbooks of sheets: the team's work (worksheets) and the follow-up (followsheets) ---------

SHEETS_MAX_BYTES = 5 * 1024 * 1024  # such a workbook is small; the session holds it


@dataclass(frozen=True)
class SheetsPage:
    """A page to upload a workbook of sheets (its preview: every error with its sheet, row, column
    and value, or what it would write), apply it (all or nothing) and export it."""

    slug: str  # work · followup · chains: the URL names ledger-<slug>, -apply, -export
    importer: Callable[..., Any]  # a WorkImport or a ChainImport: created, updated, unchanged
    exporter: Callable[..., bytes]
    kinds: list[worksheets.SheetKind]
    may_import: Callable[[Any, Any], bool]
    may_export: Callable[[Any, Any], bool]
    title: Any
    intro: Any
    filename: Any
    refused: Any
    done: Callable[[Any], str]

    @property
    def session_key(self) -> str:
        return f"{self.slug}_upload"


def _work_done(result: worksheets.WorkImport) -> str:
    return _("已导入:新增活动 %(a)s 条、外出招商 %(t)s 次、招商活动 %(e)s 场;未变 %(u)s 条。") % {
        "a": result.created["activities"],
        "t": result.created["trips"],
        "e": result.created["events"],
        "u": sum(result.unchanged.values()),
    }


WORK_PAGE = SheetsPage(
    slug="work",
    importer=worksheets.import_work,
    exporter=worksheets.export_bytes,
    kinds=worksheets.SHEETS,
    may_import=permissions.can_create,
    may_export=lambda user, zone: True,
    title=gettext_lazy("工作记录导入导出"),
    intro=gettext_lazy(
        "招商活动记录、外出招商、推介会和招商活动各占一个工作表,按表头识别。先预览:每个错误列出"
        "工作表、行、列和值;没有错误才能导入,且全部导入或全部不导入。"
    ),
    filename=gettext_lazy("招商工作记录"),
    refused=gettext_lazy("您无权导入工作记录。"),
    done=_work_done,
)
FOLLOWUP_PAGE = SheetsPage(
    slug="followup",
    importer=followsheets.import_followup,
    exporter=followsheets.export_bytes,
    kinds=followsheets.FOLLOWUP_SHEETS,
    may_import=permissions.can_change_some,
    may_export=permissions.can_follow_up,
    title=gettext_lazy("履约承诺和要素保障导入导出"),
    intro=gettext_lazy(
        "履约承诺(每个已签约项目一行,空白处可补填)和要素保障事项各占一个工作表,按表头识别;"
        "同一项目、问题和提出日期的事项按表更新状态和办理结果。先预览:每个错误列出工作表、行、"
        "列和值;没有错误才能导入,且全部导入或全部不导入。招商人员只能导入本单位的项目。"
    ),
    filename=gettext_lazy("履约承诺和要素保障"),
    refused=gettext_lazy("您无权导入履约承诺和要素保障事项。"),
    done=lambda result: _("已导入。") + followsheets.summary(result),
)

CHAINS_PAGE = SheetsPage(
    slug="chains",
    importer=chain_sheets.import_chains,
    exporter=lambda *, zone, viewer: chain_sheets.export_chains(zone=zone),
    kinds=chain_sheets.KINDS,
    may_import=permissions.can_manage,
    may_export=lambda user, zone: True,  # a zone's chains are read by everyone with a role
    title=gettext_lazy("产业链定义导入导出"),
    intro=gettext_lazy(
        "一个工作簿,三个工作表:产业链节点(产业链、所属产业、节点、环节、上级节点、排序)、节点关系"
        "(产业链、供应方节点、需求方节点)、节点企业(产业链、节点、企业、龙头、关联日期),按表头识别;"
        "先导出现有定义作为模板。先预览:每个错误列出工作表、行、列和值;没有错误才能导入,且全部导入"
        "或全部不导入。只有局长和系统管理员可以导入。"
    ),
    filename=gettext_lazy("产业链"),
    refused=gettext_lazy("只有局长和系统管理员可以编辑产业链。"),
    done=lambda result: (
        _("已导入:新增节点 %(n)s 个、关系 %(l)s 条、节点企业 %(e)s 家;未变 %(u)s 行。")
        % {
            "n": result.created["nodes"],
            "l": result.created["links"],
            "e": result.created["enterprises"],
            "u": sum(result.unchanged.values()),
        }
    ),
)


def _sheets_page(request, page: SheetsPage):
    """Upload a workbook: its preview, then 确认导入 applies it."""
    zone = zone_or_404(request)
    if not page.may_export(request.user, zone):
        raise PermissionDenied(page.refused)
    may_import = page.may_import(request.user, zone)
    preview = None
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied(page.refused)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("请选择要上传的文件。"), extra_tags="danger")
        elif upload.size > SHEETS_MAX_BYTES:
            messages.error(
                request, file_too_big(upload.size, SHEETS_MAX_BYTES), extra_tags="danger"
            )
        else:
            preview = _sheets_preview(request, page, zone, upload.read(), upload.name)
    return _render_sheets(request, page, preview, may_import)


def _render_sheets(request, page: SheetsPage, preview, may_import: bool):
    kinds: list[tuple] = [(kind.key, kind.title) for kind in page.kinds]
    if preview is not None:
        kinds = [
            (key, title, preview.created[key], preview.updated[key], preview.unchanged[key])
            for key, title in kinds
        ]
    return render(
        request,
        "ledger/sheets.html",
        {"page": page, "preview": preview, "may_import": may_import, "kinds": kinds},
    )


def _sheets_preview(request, page: SheetsPage, zone, content: bytes, filename: str):
    try:
        preview = page.importer(content, filename, zone=zone, actor=request.user, dry_run=True)
    except LedgerFileError as exc:
        messages.error(request, exc.message, extra_tags="danger")
        return None
    if not preview.errors:
        request.session[page.session_key] = {
            "zone": zone.pk,
            "name": filename,
            "content": base64.b64encode(content).decode("ascii"),
        }
    return preview


def _sheets_apply(request, page: SheetsPage):
    zone = zone_or_404(request)
    if not page.may_import(request.user, zone):
        raise PermissionDenied(page.refused)
    stored = request.session.get(page.session_key)
    if not stored or stored.get("zone") != zone.pk:
        messages.error(request, _("没有待导入的文件,请重新上传。"), extra_tags="danger")
        return redirect(f"ledger-{page.slug}")
    content = base64.b64decode(stored["content"])
    try:
        result = page.importer(
            content, stored["name"], zone=zone, actor=request.user, dry_run=False
        )
    except LedgerFileError as exc:
        messages.error(request, exc.message, extra_tags="danger")
        return redirect(f"ledger-{page.slug}")
    del request.session[page.session_key]
    if result.errors:  # the data changed since the preview: shown again, nothing written
        return _render_sheets(request, page, result, True)
    messages.success(request, page.done(result))
    return redirect(f"ledger-{page.slug}")


def _sheets_export(request, page: SheetsPage):
    zone = zone_or_404(request)
    if not page.may_export(request.user, zone):
        raise PermissionDenied(page.refused)
    content = page.exporter(zone=zone, viewer=request.user)
    stamp = timezone.localtime().strftime("%Y%m%d")
    filename = f"{zone.name}{page.filename}-{stamp}.xlsx"
    record_event(
        actor=request.user,
        action=ChangeLog.Action.EXPORT,
        address=client_address(request),
        label=filename,
        details={"what": page.slug, "zone": zone.code, "format": "xlsx"},
    )
    return _download(content, filename, export.XLSX_TYPE)


def work(request):
    """The team's work (activities, trips, events) as sheets: zhaoshang.ledger.worksheets."""
    return _sheets_page(request, WORK_PAGE)


@require_POST
def work_apply(request):
    return _sheets_apply(request, WORK_PAGE)


def work_export(request):
    return _sheets_export(request, WORK_PAGE)


def followup(request):
    """Commitments and after-care tickets as sheets: zhaoshang.ledger.followsheets."""
    return _sheets_page(request, FOLLOWUP_PAGE)


@require_POST
def followup_apply(request):
    return _sheets_apply(request, FOLLOWUP_PAGE)


def followup_export(request):
    return _sheets_export(request, FOLLOWUP_PAGE)


def chains(request):
    """Chain definitions (nodes, links, enterprises) as sheets: zhaoshang.ledger.chain_sheets."""
    return _sheets_page(request, CHAINS_PAGE)


@require_POST
def chains_apply(request):
    return _sheets_apply(request, CHAINS_PAGE)


def chains_export(request):
    return _sheets_export(request, CHAINS_PAGE)
