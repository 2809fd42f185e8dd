"""Writes to zones, their reference lists and roles, passwords and sign-in locks."""

import datetime as dt

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import record_change, record_event, snapshot
from zhaoshang.core.dates import date_error
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.models import ChangeLog
from zhaoshang.core.text import check_field_text
from zhaoshang.org import permissions
from zhaoshang.org.models import Industry, Membership, Park, Role, Unit, User, Zone


def create_zone(
    *, code: str, name: str, code_prefix: str = "", actor=None, source: str = "ui"
) -> Zone:
    """An empty zone. It counts by the default counting rules until its directors set its own
    (the stats app keeps them). `code_prefix` starts the codes the system gives its projects
    (default: the zone's code in capitals)."""
    zone = Zone(code=code.strip(), name=name.strip(), code_prefix=code_prefix.strip())
    check_field_text(Zone, "name", zone.name)
    check_field_text(Zone, "code_prefix", zone.code_prefix)
    zone.full_clean()
    with transaction.atomic():
        zone.save()
        record_change(
            actor=actor,
            instance=zone,
            action="create",
            before=None,
            after=snapshot(zone),
            source=source,
        )
    return zone


def set_code_scheme(
    *, zone: Zone, prefix: str, pattern: str | None = None, actor=None, source: str = "ui"
) -> Zone:
    """How the system numbers the zone's new projects from now on (codes already given stay)."""
    with transaction.atomic():
        zone = Zone.objects.select_for_update().get(pk=zone.pk)
        before = snapshot(zone)
        zone.code_prefix = prefix.strip()
        if pattern is not None:
            zone.code_pattern = pattern.strip()
        zone.full_clean()
        zone.save(update_fields=["code_prefix", "code_pattern"])
        record_change(
            actor=actor,
            instance=zone,
            action="update",
            before=before,
            after=snapshot(zone),
            source=source,
        )
    return zone


def mark_zone_changed(zone_id: int) -> None:
    """Call inside the transaction of any write that can change a figure."""
    Zone.objects.filter(pk=zone_id).update(data_changed_at=timezone.now())


def ensure_reference(
    *,
    zone: Zone,
    model: type[Park | Industry | Unit],
    name: str,
    actor=None,
    source: str = "ui",
    **fields,
):
    """The zone's park, industry or unit of that name, created if missing."""
    name = name.strip()
    if not name:
        raise ValidationError(_("名称不能为空。"))
    check_field_text(model, "name", name)
    with transaction.atomic():
        item, created = model.objects.get_or_create(zone=zone, name=name, defaults=fields)
        if created:
            record_change(
                actor=actor,
                instance=item,
                action="create",
                before=None,
                after=snapshot(item),
                source=source,
            )
    return item


def grant_role(
    *,
    user: User,
    zone: Zone,
    role: Role,
    unit: Unit | None = None,
    actor=None,
    source: str = "ui",
) -> Membership:
    """Give `user` one role in `zone` (replacing any other role there)."""
    if role == Role.MEMBER and unit is None:
        raise ValidationError({"unit": _("招商人员须指定所在单位。")})
    if unit is not None and unit.zone_id != zone.pk:
        raise ValidationError(
            {"unit": _("“%(unit)s”不属于%(zone)s。") % {"unit": unit, "zone": zone}}
        )
    with transaction.atomic():
        existing = Membership.objects.select_for_update().filter(user=user, zone=zone).first()
        before = snapshot(existing) if existing else None
        membership, created = Membership.objects.update_or_create(
            user=user, zone=zone, defaults={"role": role, "unit": unit}
        )
        record_change(
            actor=actor,
            instance=membership,
            action="create" if created else "update",
            before=before,
            after=snapshot(membership),
            source=source,
        )
    return membership


def set_user_language(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("不支持的语言:%(value)s") % {"value": language}})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def set_password(*, actor: User, user: User, password: str, address: str | None) -> User:
    """A new password for `user`: one's own, or set by an admin who may (the policy). The rules
    for new passwords apply (AUTH_PASSWORD_VALIDATORS); the change log says who set it, for
    whom and from where, never the password."""
    if not permissions.can_set_password(actor, user):
        raise PermissionDenied(_("您无权为用户“%(user)s”设置密码。") % {"user": user})
    password_validation.validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record_event(
            actor=actor,
            action=ChangeLog.Action.PASSWORD,
            address=address,
            instance=user,
            details={"user": user.username, "own": actor.pk == user.pk},
        )
    return user


def lift_sign_in_lock(*, actor: User, kind: str, value: str, address: str | None) -> int:
    """Forget the failed sign-ins that lock a username (an admin who may set its user's
    password, or a superuser) or an address (a superuser); returns how many records went."""
    if kind == "username":
        user = User.objects.filter(username=value).first()
        allowed = actor.is_superuser or (
            user is not None and permissions.can_set_password(actor, user)
        )
    else:
        allowed = kind == "address" and actor.is_superuser
    if not allowed:
        raise PermissionDenied(_("您无权解除此锁定。"))
    with transaction.atomic():
        removed = axes_reset(username=value) if kind == "username" else axes_reset(ip=value)
        record_event(
            actor=actor,
            action=ChangeLog.Action.UNLOCK,
            address=address,
            label=value,
            details={kind: value, "attempts": removed},
        )
    return removed


# --- units and people, managed by the zone's admins in the workspace ------------------------


def _unit_errors(unit: Unit, *, today: dt.date) -> dict[str, str]:
    """What is wrong with a unit as it would be saved: a resident office (驻点) sits in a city
    for a period; groups and bureaus have neither; its head has a role in the zone."""
    errors: dict[str, str] = {}
    if not unit.name:
        errors["name"] = _("单位名称不能为空。")
    elif Unit.objects.filter(zone_id=unit.zone_id, name=unit.name).exclude(pk=unit.pk).exists():
        errors["name"] = _("本开发区已有名为“%(name)s”的单位。") % {"name": unit.name}
    if unit.kind not in Unit.Kind.values:
        errors["kind"] = _("单位类型“%(value)s”无效。") % {"value": unit.kind}
    office = unit.kind == Unit.Kind.RESIDENT_OFFICE
    if office and unit.city_id is None:
        errors["city"] = _("驻点须填写驻点城市。")
    if not office and (unit.city_id or unit.started_on or unit.ended_on):
        errors["city"] = _("只有驻点填写驻点城市和起止日期,招商组和专业招商局不填。")
    for name, subject in (("started_on", _("起始日期")), ("ended_on", _("结束日期"))):
        on = getattr(unit, name)
        if on and (message := date_error(on, today=today, subject=subject, planned=True)):
            errors[name] = message
    if unit.started_on and unit.ended_on and unit.ended_on < unit.started_on:
        errors["ended_on"] = _("结束日期 %(end)s 早于起始日期 %(start)s。") % {
            "end": unit.ended_on,
            "start": unit.started_on,
        }
    if unit.head_id and not Membership.objects.filter(user_id=unit.head_id, zone_id=unit.zone_id):
        errors["head"] = _("负责人“%(user)s”在本开发区没有角色。") % {"user": unit.head}
    return errors


UNIT_FIELDS = ("name", "kind", "city", "started_on", "ended_on", "head", "sort_order")


def save_unit(
    *,
    zone: Zone,
    actor,
    unit: Unit | None = None,
    source: str = "ui",
    today: dt.date | None = None,
    **fields,
) -> Unit:
    """Create a unit of the zone (unit=None) or change one: its name, kind (招商组, 专业招商局,
    驻点 with its city and period), head and order. Admins and directors of the zone."""
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"save_unit() got unexpected fields {sorted(unknown)}")
    if actor is not None and not permissions.can_manage_directory(actor, zone):
        raise PermissionDenied(_("只有系统管理员和局长可以管理招商单位。"))
    if unit is not None and unit.zone_id != zone.pk:
        raise PermissionDenied(_("“%(unit)s”不属于%(zone)s。") % {"unit": unit, "zone": zone})
    with transaction.atomic():
        if unit is None:
            unit, before = Unit(zone=zone), None
        else:
            unit = Unit.objects.select_for_update().get(pk=unit.pk)
            before = snapshot(unit)
        for name, value in fields.items():
            setattr(unit, name, value.strip() if isinstance(value, str) else value)
        check_field_text(Unit, "name", unit.name)
        if errors := _unit_errors(unit, today=today or shanghai_today()):
            raise ValidationError(errors)
        unit.save()
        mark_zone_changed(zone.pk)  # unit names are in the figures' breakdowns
        record_change(
            actor=actor,
            instance=unit,
            action="update" if before else "create",
            before=before,
            after=snapshot(unit),
            source=source,
        )
    return unit


def user_snapshot(user: User) -> dict:
    """A user's record for the change log: never the password's hash."""
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "is_active": user.is_active,
    }


def _check_people_manager(actor, zone: Zone) -> None:
    if actor is not None and not permissions.can_manage_people(actor, zone):
        raise PermissionDenied(_("只有系统管理员可以管理人员和角色。"))


def create_user(
    *,
    zone: Zone,
    actor,
    username: str,
    name: str,
    password: str,
    role: Role,
    unit: Unit | None = None,
    email: str = "",
    source: str = "ui",
) -> User:
    """A new account with its role (and, for a member, unit) in `zone`, by an admin of the zone.
    The password rules apply; the change log holds the account, never its password."""
    _check_people_manager(actor, zone)
    username, name = username.strip(), " ".join(name.split())
    errors: dict[str, str] = {}
    try:
        User.username_validator(username)
    except ValidationError as exc:
        errors["username"] = " ".join(exc.messages)
    if not username:
        errors["username"] = _("用户名不能为空。")
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("用户名“%(value)s”已被使用。") % {"value": username}
    if not name:
        errors["name"] = _("姓名不能为空。")
    if errors:
        raise ValidationError(errors)
    check_field_text(User, "first_name", name)
    user = User(username=username, first_name=name, email=email.strip())
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    with transaction.atomic():
        user.set_password(password)
        user.save()
        record_change(
            actor=actor,
            instance=user,
            action="create",
            before=None,
            after=user_snapshot(user),
            source=source,
        )
        grant_role(user=user, zone=zone, role=role, unit=unit, actor=actor, source=source)
    return user


def update_person(
    *,
    zone: Zone,
    actor,
    user: User,
    name: str,
    role: Role,
    unit: Unit | None = None,
    email: str = "",
    source: str = "ui",
) -> Membership:
    """Change a person's name, and their role and unit in `zone` (an admin of the zone; never a
    superuser's account, and nobody takes their own admin role away)."""
    _check_people_manager(actor, zone)
    if actor is not None and not permissions.can_set_password(actor, user):
        raise PermissionDenied(_("您无权修改用户“%(user)s”。") % {"user": user})
    if actor is not None and actor.pk == user.pk and role != Role.ADMIN and not actor.is_superuser:
        raise ValidationError({"role": _("不能取消自己的系统管理员角色。")})
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("姓名不能为空。")})
    check_field_text(User, "first_name", name)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = user_snapshot(user)
        # The whole name in one field, as create_user() keeps it.
        user.first_name, user.last_name, user.email = name, "", email.strip()
        user.save(update_fields=["first_name", "last_name", "email"])
        if before != user_snapshot(user):
            record_change(
                actor=actor,
                instance=user,
                action="update",
                before=before,
                after=user_snapshot(user),
                source=source,
            )
        return grant_role(user=user, zone=zone, role=role, unit=unit, actor=actor, source=source)


def set_user_active(*, zone: Zone, actor, user: User, active: bool, source: str = "ui") -> User:
    """Deactivate an account (it can no longer sign in; its records and credit stay) or
    activate it again. An admin of the zone, for a user whose every role is in zones they
    administer; never oneself."""
    _check_people_manager(actor, zone)
    if actor is not None and not permissions.can_set_password(actor, user):
        raise PermissionDenied(_("您无权修改用户“%(user)s”。") % {"user": user})
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("不能停用自己的账户。"))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active != active:
            before = user_snapshot(user)
            user.is_active = active
            user.save(update_fields=["is_active"])
            record_change(
                actor=actor,
                instance=user,
                action="update",
                before=before,
                after=user_snapshot(user),
                source=source,
            )
    return user
