"""What every app's JSON API router (`<app>/api.py`) shares: the error body, the list shape, the
version an edit must carry, and the refusals that become JSON with a stable `code`
(zhaoshang/api/errors.py turns them into responses). Knows no domain."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema

from zhaoshang.core.versions import StaleEdit


class Error(Schema):
    """Every refusal: a stable `code` for programs, a `message` in the request's language, and
    for invalid input the fields it concerns (`fields`: name → messages)."""

    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class Conflict(Error):
    """409: the record changed since the version the client sent (or no version was sent);
    nothing was written. `current` is the record as it is now."""

    current: dict[str, Any]


# The refusals every operation may answer with (the OpenAPI document lists them).
READ_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error}
WRITE_ERRORS = {**READ_ERRORS, 409: Conflict}


class ApiRefusal(Exception):
    """A refusal an API operation raises; the API answers `status` with the Error body."""

    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


class VersionConflict(ApiRefusal):
    def __init__(self, *, current: dict, message: str | None = None):
        super().__init__(
            409,
            "stale",
            message or _("记录已被修改:请以当前版本(version)为基础重新提交。没有保存任何内容。"),
            current=current,
        )


def require_version(sent: int | None, current: int, *, shown: dict) -> int:
    """An edit must say which version it was based on: without one (or with another than the
    stored one) it is refused with the record as it is now."""
    if sent is None:
        raise VersionConflict(
            current=shown,
            message=_("修改须带上记录的当前版本(version);没有保存任何内容。"),
        )
    if sent != current:
        raise VersionConflict(current=shown)
    return sent


def versioned_edit(record, version: int | None, shown: Callable, write: Callable) -> None:
    """Refuse an edit without the current version; a version that moved on meanwhile (found by
    the service under its lock) is a 409 with nothing written. `write(expected_version=…)`."""
    require_version(version, record.version, shown=shown(record))
    try:
        write(expected_version=version)
    except StaleEdit as exc:
        record.refresh_from_db()
        raise VersionConflict(current=shown(record), message=exc.messages[0]) from exc


def wan_text(value) -> str | None:
    """An amount as the API writes it: a string of 万元 with two decimals (like `zhaoshang stats
    --json`), so no client reads it through a float."""
    return None if value is None else f"{value:.2f}"
