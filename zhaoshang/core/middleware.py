"""Request guards that hold for every view."""

from django.core.exceptions import BadRequest
from django.http import JsonResponse
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
