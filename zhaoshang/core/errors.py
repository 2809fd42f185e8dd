"""The error pages. 403, 404 and the refused form (CSRF) are pages of the application: its top bar
and navigation, the user's language, what happened and a way on. The 500 page is rendered from a
template that needs no context, so it shows even when the database is what failed; Django has
logged the error before calling it."""

import logging

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

# When even 500.html cannot be rendered (a broken deployment): plain words in both languages.
LAST_RESORT = (
    "<!doctype html><meta charset='utf-8'><title>500</title>"
    "<p>服务器出错了，错误已记录。请稍后重试。</p>"
    "<p>Something went wrong on the server, and it has been logged. Please try again later.</p>"
)


def _error(request, *, status: int, title: str, reason: str):
    if request.headers.get("Accept") == "application/json":
        # The board's fetch: its card snaps back showing the message.
        return JsonResponse({"ok": False, "message": reason}, status=status)
    return render(
        request, "error.html", {"status": status, "title": title, "reason": reason}, status=status
    )


# The frame's forms (language switch, sign-out) need a CSRF token on these pages too.
@requires_csrf_token
def permission_denied(request, exception=None):
    """The refusal's own reason (您无权新建项目。) when the code gave one."""
    reason = str(exception or "") or _("您无权执行此操作。")
    return _error(request, status=403, title=_("无权操作"), reason=reason)


@requires_csrf_token
def page_not_found(request, exception=None):
    # The same words whether the record does not exist or is not the viewer's to see.
    return _error(
        request,
        status=404,
        title=_("页面不存在"),
        reason=_("您要打开的页面或记录不存在，或者您无权查看。"),
    )


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (the page was open across a sign-out or a
    restart, or it came from another site): nothing was saved."""
    logger.warning("CSRF refusal of %s %s: %s", request.method, request.path, reason)
    return _error(
        request,
        status=403,
        title=_("页面已过期"),
        reason=_("表单已过期或来源无法确认，没有保存任何内容。请返回并刷新页面后重新提交。"),
    )


def server_error(request):
    try:
        html = loader.render_to_string("500.html")
    except Exception:
        logger.exception("500.html could not be rendered")
        html = LAST_RESORT
    return HttpResponseServerError(html)
