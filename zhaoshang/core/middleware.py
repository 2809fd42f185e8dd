"""Request guards that hold for every view."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

# The JSON API's paths: its refusals are JSON with a stable code (zhaoshang/api/errors.py).
API_PREFIX = "/api/"


class RefuseNulCharacters:
    """No one types NUL (\\x00), and PostgreSQL cannot compare or store text that holds one: a
    path, query or (non-upload) form value carrying it is refused as a bad request before any
    view hands it to the database. Uploads are left alone: files are checked where they are read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _holds_nul(request.GET) or _form_holds_nul(request):
            message = _("请求中含有空字符(\\x00),已拒绝。")
            if request.path.startswith(API_PREFIX):
                return JsonResponse({"code": "bad_request", "message": message}, status=400)
            raise BadRequest(message)
        return self.get_response(request)


def _form_holds_nul(request) -> bool:
    return (
        request.method == "POST"
        and request.content_type == "application/x-www-form-urlencoded"
        and _holds_nul(request.POST)
    )


def _holds_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())


class ChosenLanguageMiddleware(LocaleMiddleware):
    """The interface is in Simplified Chinese unless the user chose English with the switch in the
    top bar: the language cookie the switch sets (kept on the account too, and put back at
    sign-in) decides, never the browser's Accept-Language. An English browser on a bureau's
    machine still gets Chinese. The JSON API is the exception: a program sends no cookie, so
    there `Accept-Language: en` asks for English (Chinese when it names no language we have)."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        if request.path.startswith(API_PREFIX) and not chosen:
            language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
