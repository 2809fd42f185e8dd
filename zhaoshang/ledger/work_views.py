"""/ledger/work/: the team's work in Excel — export, and upload → preview → confirm. The preview
runs the whole import and rolls it back; confirming sends the same file again (kept in the page,
it is checked and validated afresh), and it is applied all or nothing."""

import base64
import binascii
import io
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhaoshang.core.addresses import client_address
from zhaoshang.core.audit import record_event
from zhaoshang.core.models import ChangeLog
from zhaoshang.ledger.limits import file_too_big
from zhaoshang.ledger.reader import LedgerFileError
from zhaoshang.ledger.work import export_work, import_work, preview_lines
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.work.services import can_record


@require_http_methods(["GET", "POST"])
def work_excel(request):
    zone = zone_or_404(request)
    may_import = can_record(request.user, zone)
    context = {"may_import": may_import}
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied(_("您的角色不能导入招商工作记录。"))
        context.update(_upload(request, zone))
    return render(request, "ledger/work.html", context)


def _upload(request, zone) -> dict:
    confirm = request.POST.get("confirm") == "1"
    upload = request.FILES.get("file")
    try:
        if upload is not None:
            if upload.size > settings.LEDGER_MAX_FILE_BYTES:
                return {"refusal": file_too_big(upload.size, settings.LEDGER_MAX_FILE_BYTES)}
            content, filename = upload.read(), upload.name
        else:
            content = base64.b64decode(request.POST.get("content", ""), validate=True)
            filename = request.POST.get("filename", "work.xlsx")[:200]
        if not content:
            return {"refusal": _("请选择要上传的文件。")}
        if len(content) > settings.LEDGER_MAX_FILE_BYTES:
            return {"refusal": file_too_big(len(content), settings.LEDGER_MAX_FILE_BYTES)}
        result = import_work(
            zone=zone, actor=request.user, content=content, filename=filename, dry_run=not confirm
        )
    except (LedgerFileError, binascii.Error, ValueError) as exc:
        return {"refusal": str(exc)}
    return {
        "result": result,
        "lines": preview_lines(result),
        "content": base64.b64encode(content).decode() if result.ok and not confirm else "",
        "filename": filename,
    }


def work_export(request):
    zone = zone_or_404(request)
    out = io.BytesIO()
    export_work(out, zone=zone, user=request.user)
    record_event(
        actor=request.user,
        action=ChangeLog.Action.EXPORT,
        address=client_address(request),
        details={"zone": zone.code, "what": "work", "format": "xlsx"},
    )
    name = _("%(zone)s招商工作记录-%(day)s.xlsx") % {
        "zone": zone.name,
        "day": timezone.localdate().isoformat(),
    }
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
