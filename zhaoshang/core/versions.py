"""Stale edits: a form or dialog carries the version of the record it was opened at; a service
that finds the record at another version refuses with StaleEdit, which says what changed since
and who changed it (from the change log), so nobody overwrites a colleague's edit unseen."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.models import ChangeLog

EMPTY = "—"


@dataclass(frozen=True)
class Change:
    """One changed field (or a record added or removed), as a person reads it."""

    label: str
    old: str
    new: str
    actor: str
    at: dt.datetime

    def __str__(self) -> str:
        return _("%(actor)s 于 %(time)s 修改了%(field)s:%(old)s → %(new)s") % {
            "actor": self.actor,
            "time": timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M"),
            "field": self.label,
            "old": self.old,
            "new": self.new,
        }


class StaleEdit(ValidationError):
    """Refused: the record changed after the form was opened. Nothing was saved; `changes` are
    what happened since, oldest first."""

    def __init__(self, *, subject: str, changes: list[Change]):
        self.subject, self.changes = subject, changes
        self.headline = _(
            "“%(subject)s”在您打开此页面之后已被修改,您这次的修改没有保存,以免覆盖他人的修改。"
        ) % {"subject": subject}
        message = self.headline
        if changes:
            message += _("期间的修改:%(changes)s。") % {
                "changes": ";".join(str(change) for change in changes)
            }
        message += _("下面显示的是最新内容,请在此基础上重新填写。")
        super().__init__(message, code="stale")


def check_version(
    instance: models.Model,
    expected: int | None,
    *,
    related: Iterable[tuple[type[models.Model], str]] = (),
) -> None:
    """Refuse unless `instance` (locked by the caller) is still at the version `expected`; None
    means the caller has no form to be stale (the system, scripts). `related`: (model, field)
    of records logged apart that change the instance's version (a project's funds)."""
    if expected is None or getattr(instance, "version", None) == expected:
        return
    changes = describe(
        changes_since(type(instance), instance.pk, expected, related=related), subject=instance
    )
    raise StaleEdit(subject=str(instance), changes=changes)


def lock_current(record: models.Model, expected: int | None) -> None:
    """Inside the writer's transaction: lock the stored record and refuse an edit based on
    another version than the stored one (StaleEdit names what changed since). None: the caller
    has no version to be stale (the record is locked all the same)."""
    stored = type(record)._default_manager.select_for_update().get(pk=record.pk)
    check_version(stored, expected)


def changes_since(
    model: type[models.Model],
    pk,
    version: int,
    *,
    related: Iterable[tuple[type[models.Model], str]] = (),
) -> models.QuerySet[ChangeLog]:
    """The change-log rows of the record (and of its `related` records) after the one that made
    `version` (all of them for version 0: a record the form did not know)."""
    own = Q(content_type=ContentType.objects.get_for_model(model), object_id=pk)
    for other, field in related:
        own |= Q(content_type=ContentType.objects.get_for_model(other), **{f"after__{field}": pk})
    rows = ChangeLog.objects.filter(own)
    if version < 1:
        return rows
    made = Q(version__lte=version) | Q(action=ChangeLog.Action.CREATE, version=None)
    anchor = rows.filter(made).exclude(action=ChangeLog.Action.DELETE)
    after = anchor.aggregate(last=Max("id"))["last"] or 0
    return rows.filter(id__gt=after)


def describe(
    rows: models.QuerySet[ChangeLog], *, subject: models.Model | None = None
) -> list[Change]:
    """Change-log rows as Changes: field by field for an update, the record for a create or a
    delete. Fields of a record other than `subject` are named with the record."""
    found = list(rows.select_related("actor", "content_type").order_by("id"))
    names = _related_names(found)
    changes = []
    for row in found:
        model = _model_of(row)
        if model is None:  # an event about no record, or a model since removed
            continue
        actor = _person(row.actor)
        own = subject is not None and isinstance(subject, model) and row.object_id == subject.pk
        if row.action != ChangeLog.Action.UPDATE:
            added = row.action == ChangeLog.Action.CREATE
            changes.append(
                Change(
                    label=str(model._meta.verbose_name),
                    old=EMPTY if added else row.object_repr,
                    new=row.object_repr if added else _("(已删除)"),
                    actor=actor,
                    at=row.created_at,
                )
            )
            continue
        before, after = row.before or {}, row.after or {}
        for key in after:
            if key == "id" or before.get(key) == after[key]:
                continue
            field = _field(model, key)
            label = str(field.verbose_name) if field else key
            if not own:
                label = f"{row.object_repr} {label}"
            changes.append(
                Change(
                    label=label,
                    old=_shown(field, before.get(key), names),
                    new=_shown(field, after[key], names),
                    actor=actor,
                    at=row.created_at,
                )
            )
    return changes


def _model_of(row: ChangeLog) -> type[models.Model] | None:
    return row.content_type.model_class() if row.content_type else None


def _field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return None
    return field if isinstance(field, models.Field) else None


def _related_names(rows: list[ChangeLog]) -> dict[tuple[type, object], str]:
    """The names of the records that foreign keys in the rows point to: one query per model."""
    wanted: dict[type[models.Model], set] = {}
    for row in rows:
        model = _model_of(row)
        if model is None:
            continue
        for data in (row.before or {}, row.after or {}):
            for key, value in data.items():
                field = _field(model, key)
                if value is not None and isinstance(field, models.ForeignKey):
                    wanted.setdefault(field.related_model, set()).add(value)
    return {
        (related, pk): str(found)
        for related, ids in wanted.items()
        for pk, found in related._default_manager.in_bulk(list(ids)).items()
    }


def _shown(field: models.Field | None, value, names: dict) -> str:
    if value in (None, ""):
        return EMPTY
    if isinstance(field, models.ForeignKey):
        return names.get((field.related_model, value), str(value))
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def _person(user) -> str:
    if user is None:
        return _("系统")
    return user.get_full_name() or user.get_username()
