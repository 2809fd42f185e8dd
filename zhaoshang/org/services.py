"""Writes to zones, their reference lists and roles, passwords and sign-in locks."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import record_change, record_event, snapshot
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


UNIT_FIELDS = {"kind", "city", "period_from", "period_to", "head"}


def update_unit(*, unit: Unit, actor=None, source: str = "ui", **changes) -> Unit:
    """Change a unit's kind, its head, and for a resident office (驻点) its city and period.
    Admins and directors of the zone only; the head must hold a role in the zone."""
    unknown = set(changes) - UNIT_FIELDS
    if unknown:
        raise TypeError(f"update_unit() got unexpected fields {sorted(unknown)}")
    if actor is not None and not permissions.can_manage(actor, unit.zone):
        raise PermissionDenied(_("只有系统管理员和局长可以修改责任单位。"))
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit)
        for name, value in changes.items():
            setattr(unit, name, value)
        errors = {}
        if unit.kind == Unit.Kind.RESIDENT_OFFICE and unit.city_id is None:
            errors["city"] = _("驻点须填写所在城市。")
        if unit.period_from and unit.period_to and unit.period_to < unit.period_from:
            errors["period_to"] = _("驻点结束日期 %(end)s 早于起始日期 %(start)s。") % {
                "end": unit.period_to,
                "start": unit.period_from,
            }
        if (
            unit.head_id
            and not Membership.objects.filter(user_id=unit.head_id, zone=unit.zone).exists()
        ):
            errors["head"] = _("负责人须是本开发区的人员。")
        if errors:
            raise ValidationError(errors)
        unit.save()
        record_change(
            actor=actor,
            instance=unit,
            action="update",
            before=before,
            after=snapshot(unit),
            source=source,
        )
    return unit


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
