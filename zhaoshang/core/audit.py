"""The audit row that every service writes inside its own transaction, and the rows of events
that change nothing but are on record all the same: sign-ins, sign-outs, exports, downloads."""

import datetime as dt
import json
from collections.abc import Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict

from zhaoshang.core.models import ChangeLog


def snapshot(instance: models.Model) -> dict:
    """The record's fields as JSON-safe values, for the before/after of a change."""
    data = model_to_dict(instance, exclude=["version"])
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def record_change(
    *,
    actor,
    instance: models.Model,
    action: str,
    before: dict | None,
    after: dict | None,
    source: str = "ui",
    version: int | None = None,
) -> ChangeLog:
    """`version`: the version of the record after the change (default: the instance's own); a
    record without one (funds arrived) gives that of the record whose version it moves."""
    return ChangeLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        source=source,
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        before=before,
        after=after,
        version=version if version is not None else getattr(instance, "version", None),
    )


# The columns of a change-log row written in bulk (change_rows() gives the rows in this order).
CHANGE_ROW_FIELDS = [
    "created_at",
    "actor_id",
    "source",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "before",
    "after",
    "version",
]


def change_rows(
    *,
    actor,
    model: type[models.Model],
    action: str,
    at: dt.datetime,
    changes: Iterable[tuple[int, str, dict | None, dict | None, int | None]],
    source: str = "ui",
) -> Iterator[tuple]:
    """record_change() for many records of `model` changed by one bulk write: the rows it would
    write, as tuples in the order of CHANGE_ROW_FIELDS, for an INSERT of many rows at once.
    `changes`: (object id, its text, before, after, version after the change) per record."""
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    content_type = ContentType.objects.get_for_model(model).pk
    action = str(action)
    for object_id, text, before, after, version in changes:
        yield (
            at,
            actor_id,
            source,
            action,
            content_type,
            object_id,
            text[:200],
            before,
            after,
            version,
        )


def record_event(
    *,
    actor,
    action: str,
    address: str | None,
    details: dict,
    instance: models.Model | None = None,
    label: str = "",
) -> ChangeLog:
    """An event: who (or `label`, e.g. the username a failed sign-in tried), from which address,
    and what (`details`: format, zone, filter…)."""
    return ChangeLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance) if instance else None,
        object_id=instance.pk if instance else None,
        object_repr=(label or str(instance or ""))[:200],
        address=address,
        details=json.loads(json.dumps(details, cls=DjangoJSONEncoder)),
    )


def history_of(instance: models.Model) -> models.QuerySet[ChangeLog]:
    return ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    )
