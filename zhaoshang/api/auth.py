"""Who an API request acts for: a token (`Authorization: Bearer <token>`, no CSRF token needed:
a browser never sends one on its own) or the browser's session (writes then keep Django's CSRF
check, as the pages' forms do)."""

from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from zhaoshang.api.tokens import token_for
from zhaoshang.core.api import ApiRefusal

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        found = token_for(token)
        if found is None:
            return None
        if found.read_only and request.method not in SAFE_METHODS:
            raise ApiRefusal(403, "read_only_token", _("只读令牌不能修改数据。"))
        # The rest of the code (the permission policy, services' actor) reads request.user.
        request.user = found.user
        request.api_token = found
        return found.user


class Session(SessionAuth):
    def _get_key(self, request):
        try:
            return super()._get_key(request)
        except HttpError as exc:
            raise ApiRefusal(
                403,
                "csrf_failed",
                _("请求缺少有效的 CSRF 令牌:用浏览器会话修改数据须带 X-CSRFToken 请求头。"),
            ) from exc
