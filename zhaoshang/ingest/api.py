"""The news reader in the API: `POST /api/ingest` reads a text (JSON `{"text", "year"}`) or an
uploaded file (multipart `file`, .txt in UTF-8/GBK/Big5, .html or .docx, the page's limits) and
answers the object `zhaoshang ingest-text FILE --json` prints: the same reader (documents and
extract), the same checks as the page's form (forms.IngestForm). Nothing is stored: accepting a
finding is the review page's (/ingest/), where a person decides.

Who may: those who may paste a text on /ingest/ — admins, directors, members and contributors;
leaders read the texts others read there, they do not submit them (403)."""

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router

from zhaoshang.core.api import WRITE_ERRORS
from zhaoshang.ingest.extract import read_text
from zhaoshang.ingest.forms import IngestForm
from zhaoshang.ingest.models import MAX_TEXT_CHARS
from zhaoshang.org import permissions
from zhaoshang.org.api import api_zone

router = Router(tags=["ingest"])

_TEXT_BODY = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "maxLength": MAX_TEXT_CHARS, "description": "the text"},
        "year": {
            "type": ["integer", "null"],
            "minimum": 1990,
            "maximum": 2100,
            "description": "the year of dates that give none (default: the publication's)",
        },
    },
    "required": ["text"],
}
_FILE_BODY = {
    "type": "object",
    "properties": {
        "file": {"type": "string", "format": "binary", "description": ".txt, .html or .docx"},
        "text": {"type": "string", "maxLength": MAX_TEXT_CHARS, "description": "or a text"},
        "year": {"type": "integer", "minimum": 1990, "maximum": 2100},
    },
}


@router.post(
    "/ingest",
    response={200: dict[str, Any], **WRITE_ERRORS},
    summary="读取新闻或报告 / read a news text",
    description=(
        "The object `zhaoshang ingest-text FILE --json` prints: `clean_text`, `garbled_segments`,"
        " `candidates`, `reported_figures`, `targets`. Nothing is stored."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": _TEXT_BODY},
                "multipart/form-data": {"schema": _FILE_BODY},
            },
        }
    },
)
def ingest(request, zone: str | None = None):
    found = api_zone(request, zone)
    if not permissions.can_create(request.user, found):
        raise PermissionDenied(_("您无权在此开发区采集信息。"))
    form = _form(request)
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return read_text(form.cleaned_data["text"], year=form.cleaned_data["year"]).as_json()


def _form(request) -> IngestForm:
    """The page's form, bound to the upload or to the JSON body (whose fields it checks alike)."""
    if request.content_type == "multipart/form-data":
        data = {"text": request.POST.get("text", ""), "year": request.POST.get("year", "")}
        return IngestForm(data, request.FILES)
    try:
        body = json.loads(request.body or b"null")
    except (UnicodeDecodeError, ValueError):
        body = None
    if not isinstance(body, dict):
        raise ValidationError({"__all__": [_("请求体须为 JSON 对象。")]})
    text, year = body.get("text"), body.get("year")
    if not isinstance(text, str):
        raise ValidationError({"text": [_("请粘贴文字或上传文件。")]})
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise ValidationError({"year": [_("值的类型不对(应为%(kind)s)。") % {"kind": "int"}]})
    return IngestForm({"text": text, "year": "" if year is None else str(year)})
