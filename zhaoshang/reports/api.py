"""The briefing in the API: the same document as /briefings/, downloaded in any format."""

import datetime as dt
from enum import Enum

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router

from zhaoshang.core.addresses import client_address
from zhaoshang.core.api import READ_ERRORS
from zhaoshang.core.audit import record_event
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.models import ChangeLog
from zhaoshang.org import permissions
from zhaoshang.reports import selectors
from zhaoshang.reports.forms import ALL_ZONES
from zhaoshang.reports.writers import FORMATS
from zhaoshang.stats.selectors import check_period

# `from` is a word of Python: the parameter is named apart from its key.
PERIOD_FROM = Query(None, alias="from")

router = Router(tags=["reports"])

BriefingFormat = Enum("BriefingFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]  # the writers' formats
FILE = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/briefing",
    response=READ_ERRORS,
    summary="简报下载 / the briefing",
    description="`zone`: a zone code, or `all` for the roll-up of every zone of the user.",
    openapi_extra={
        "responses": {
            200: {
                "description": "the briefing",
                "content": {kind.content_type.split(";")[0]: FILE for kind in FORMATS.values()},
            }
        }
    },
)
def briefing(
    request,
    format: BriefingFormat,
    zone: str | None = None,
    period_from: dt.date | None = PERIOD_FROM,
    as_of: dt.date | None = None,
):
    mine = permissions.zones_of(request.user)
    zones = list(mine) if zone == ALL_ZONES else list(mine.filter(code=zone) if zone else mine[:1])
    if not zones:
        raise Http404
    as_of = as_of or shanghai_today()
    period_from = check_period(as_of, period_from)
    kind = FORMATS[format.value]
    document = selectors.build_briefing(
        zones=zones,
        as_of=as_of,
        period_from=period_from,
        viewer=request.user,
        complete=kind.complete,
        cached=True,
    )
    filename = f"{document.title}.{kind.extension}"
    record_event(
        actor=request.user,
        action=ChangeLog.Action.DOWNLOAD,
        address=client_address(request),
        label=filename,
        details={
            "what": "briefing",
            "zones": [z.code for z in zones],
            "format": kind.name,
            "from": period_from,
            "as_of": as_of,
            "via": "api",
        },
    )
    response = HttpResponse(kind.write(document), content_type=kind.content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
