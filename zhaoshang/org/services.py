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
from zhaoshang.core.versions import check_version
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


ACCOUNT_FIELDS = ("username", "first_name", "email", "is_active")


def account_snapshot(user: User) -> dict:
    """What the change log keeps of an account: never its password."""
    return {"id": user.pk, **{field: getattr(user, field) for field in ACCOUNT_FIELDS}}


def _check_role(zone: Zone, role: str, unit: Unit | None) -> Role:
    if role not in Role.values:
        raise ValidationError({"role": _("未知的角色:%(value)s") % {"value": role}})
    role = Role(role)
    if role == Role.MEMBER and unit is None:
        raise ValidationError({"unit": _("招商人员须指定所在单位。")})
    if unit is not None and unit.zone_id != zone.pk:
        raise ValidationError(
            {"unit": _("“%(unit)s”不属于%(zone)s。") % {"unit": unit, "zone": zone}}
        )
    return role


def create_account(
    *,
    actor: User,
    zone: Zone,
    username: str,
    name: str,
    role: str,
    unit: Unit | None = None,
    email: str = "",
    password: str,
    address: str | None = None,
    source: str = "ui",
) -> Membership:
    """A new user of `zone` with one role there, created by the zone's admins and directors. The
    rules for new passwords apply; the change log has the account (never its password) and the
    role."""
    if not permissions.can_manage_accounts(actor, zone):
        raise PermissionDenied(_("您无权在“%(zone)s”新建用户。") % {"zone": zone})
    username, name, email = username.strip(), name.strip(), email.strip()
    role = _check_role(zone, role, unit)
    errors = {}
    for field, value in (("username", username), ("first_name", name), ("email", email)):
        try:
            check_field_text(User, field, value)
            User._meta.get_field(field).run_validators(value)
        except ValidationError as exc:
            errors[field if field != "first_name" else "name"] = exc.messages
    if not username:
        errors["username"] = [_("用户名不能为空。")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("用户名“%(value)s”已被使用。") % {"value": username}]
    if errors:
        raise ValidationError(errors)
    user = User(username=username, first_name=name, email=email)
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
            after=account_snapshot(user),
            source=source,
        )
        found = Membership.objects.create(user=user, zone=zone, role=role, unit=unit)
        record_change(
            actor=actor,
            instance=found,
            action="create",
            before=None,
            after=snapshot(found),
            source=source,
        )
        record_event(
            actor=actor,
            action=ChangeLog.Action.PASSWORD,
            address=address,
            instance=user,
            details={"user": user.username, "own": False, "new_account": True},
        )
    return found


def change_role(
    *,
    actor: User,
    membership: Membership,
    role: str,
    unit: Unit | None = None,
    expected_version: int | None = None,
    source: str = "ui",
) -> Membership:
    """Another role or unit for a user in a zone (by its admins and directors, never their own).
    `expected_version`: the version the form was opened at (StaleEdit if it moved on)."""
    with transaction.atomic():
        found = (
            Membership.objects.select_for_update()
            .select_related("user", "zone")
            .get(pk=membership.pk)
        )
        if not permissions.can_change_role(actor, found):
            raise PermissionDenied(_("您无权修改用户“%(user)s”的角色。") % {"user": found.user})
        check_version(found, expected_version)
        role = _check_role(found.zone, role, unit)
        if role != Role.MEMBER:
            unit = None  # only a member belongs to a unit
        before = snapshot(found)
        found.role, found.unit = role, unit
        if snapshot(found) != before:
            found.version += 1
            found.save(update_fields=["role", "unit", "version"])
            record_change(
                actor=actor,
                instance=found,
                action="update",
                before=before,
                after=snapshot(found),
                source=source,
            )
    return found


def set_account_active(
    *,
    actor: User,
    user: User,
    active: bool,
    expected_version: int | None = None,
    source: str = "ui",
) -> User:
    """Deactivate an account (it can no longer sign in, its sessions end; its records stay) or
    bring it back. Whoever may set its password may, never on their own account."""
    with transaction.atomic():
        found = User.objects.select_for_update().get(pk=user.pk)
        if not permissions.can_deactivate(actor, found):
            raise PermissionDenied(_("您无权停用或启用用户“%(user)s”。") % {"user": found})
        check_version(found, expected_version)
        if found.is_active != active:
            before = account_snapshot(found)
            found.is_active = active
            found.version += 1
            found.save(update_fields=["is_active", "version"])
            record_change(
                actor=actor,
                instance=found,
                action="update",
                before=before,
                after=account_snapshot(found),
                source=source,
            )
    return found


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
