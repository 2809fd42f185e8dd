"""The audit row that every service writes inside its own transaction."""

import json

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


def history_of(instance: models.Model) -> models.QuerySet[ChangeLog]:
    return ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    )
