"""Chain definitions on the web: download the zone's as .xlsx (everyone with a role: chains are
the zone's to read), upload one (directors and admins): all of it or nothing, every error with
its sheet, row, column and value (ledger.chain_sheets)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.addresses import client_address
from zhaoshang.core.audit import record_event
from zhaoshang.core.models import ChangeLog
from zhaoshang.ledger import export
from zhaoshang.ledger.chain_sheets import export_chains, import_chains
from zhaoshang.ledger.limits import file_too_big
from zhaoshang.ledger.reader import LedgerFileError
from zhaoshang.ledger.views import SHEETS_MAX_BYTES, _download
from zhaoshang.org import permissions
from zhaoshang.org.selectors import zone_or_404


def chains_import(request):
    zone = zone_or_404(request)
    if not permissions.can_manage(request.user, zone):
        raise PermissionDenied(_("只有局长和系统管理员可以编辑产业链。"))
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("请选择要上传的文件。"), extra_tags="danger")
        elif upload.size > SHEETS_MAX_BYTES:
            messages.error(
                request, file_too_big(upload.size, SHEETS_MAX_BYTES), extra_tags="danger"
            )
        else:
            try:
                result = import_chains(
                    upload.read(), upload.name, zone=zone, actor=request.user, dry_run=False
                )
            except LedgerFileError as exc:
                messages.error(request, exc.message, extra_tags="danger")
            else:
                if result.applied:
                    messages.success(
                        request,
                        _(
                            "已导入:新增节点 %(n)s 个、关系 %(l)s 条、节点企业 %(e)s 家;未变 %(u)s 行。"
                        )
                        % {
                            "n": result.created["nodes"],
                            "l": result.created["links"],
                            "e": result.created["enterprises"],
                            "u": sum(result.unchanged.values()),
                        },
                    )
                    return redirect("chains")
    return render(request, "ledger/chains_import.html", {"result": result})


def chains_export(request):
    zone = zone_or_404(request)
    content = export_chains(zone=zone)
    stamp = timezone.localtime().strftime("%Y%m%d")
    filename = f"{zone.name}{_('产业链')}-{stamp}.xlsx"
    record_event(
        actor=request.user,
        action=ChangeLog.Action.EXPORT,
        address=client_address(request),
        label=filename,
        details={"what": "chains", "zone": zone.code, "format": "xlsx"},
    )
    return _download(content, filename, export.XLSX_TYPE)
