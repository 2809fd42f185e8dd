"""Every refusal of the API as JSON: a stable `code`, a `message` in the request's language
(Chinese by default, English with Accept-Language: en) and, for invalid input, the fields it
concerns — like the forms, which show each message beside its field."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from zhaoshang.core.api import ApiRefusal

NOT_FOUND = "not_found"


def install(api) -> None:
    def answer(request, status: int, code: str, message: str, **extra):
        return api.create_response(
            request, {"code": code, "message": message, **extra}, status=status
        )

    @api.exception_handler(ApiRefusal)
    def refusal(request, exc: ApiRefusal):
        return answer(request, exc.status, exc.code, exc.message, **exc.extra)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        # The same words whether the record does not exist or is not the user's to see.
        return answer(request, 404, NOT_FOUND, _("记录不存在，或者您无权查看。"))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return answer(request, 403, "forbidden", str(exc) or _("您无权执行此操作。"))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = answer(
            request,
            401,
            "unauthenticated",
            _("需要登录:请在 Authorization 请求头中提供有效的接口令牌(Bearer)。"),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": list(exc.messages)}
        message = " ".join(m for messages in fields.values() for m in messages)
        return answer(request, 422, "invalid", message, fields=fields)

    @api.exception_handler(SchemaError)
    def malformed(request, exc: SchemaError):
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            location = [str(part) for part in error.get("loc", ())]
            # ("body", "payload", "name") → "name"; ("query", "limit") → "limit"
            name = ".".join(location[2:] if location[:1] == ["body"] else location[1:])
            fields.setdefault(name or "__all__", []).append(_schema_message(error))
        message = _("请求的数据无效:%(fields)s。") % {"fields": "、".join(fields)}
        return answer(request, 422, "invalid", message, fields=fields)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        codes = {400: "bad_request", 405: "method_not_allowed", 429: "throttled"}
        return answer(
            request, exc.status_code, codes.get(exc.status_code, "error"), _("请求无法处理。")
        )


def _schema_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("此项为必填项。")
    if kind in ("json_invalid", "model_attributes_type", "dict_type"):
        return _("请求体须为 JSON 对象。")
    if kind.startswith(("int", "bool", "date", "datetime", "float", "decimal")):
        return _("值的类型不对(应为%(kind)s)。") % {"kind": kind.split("_")[0]}
    if kind in ("string_too_long", "too_long"):
        return _("内容过长。")
    if kind == "enum" or kind == "literal_error":
        return _("不是可选的值之一。")
    return _("值无效。")
