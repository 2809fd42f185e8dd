"""The one permission policy: who may see and change what, by role, zone and unit.

Generic over any model with a `zone` (and optionally `unit` and `submitted_by`): views, the API,
exports and services all ask here instead of checking roles themselves.

- admin, director: see and change everything in their zone
- leader: sees everything in the zone, changes nothing
- member: sees and changes the records of their own unit, and reads the zone's records that no
  unit owns (news texts, whoever submitted them)
- contributor: sees the records they submitted (even after they move on) and the projects they
  are credited with referring (`referred_by`), changes nothing;
  submits records no unit owns yet (for projects: leads, see projects.services)
Services enforce all of it whatever a request sends: a form's choices are only a convenience.
Figures (counts and totals) are the zone's: anyone with a role in the zone sees them.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from zhaoshang.org.models import Membership, Role, Zone

SEE_ALL = {Role.ADMIN, Role.DIRECTOR, Role.LEADER}
CHANGE_ALL = {Role.ADMIN, Role.DIRECTOR}


def membership(user, zone: Zone) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_zone_memberships", {})
    if zone.pk not in cache:
        cache[zone.pk] = Membership.objects.filter(user=user, zone=zone).first()
    return cache[zone.pk]


def role_in(user, zone: Zone) -> Role | None:
    found = membership(user, zone)
    return Role(found.role) if found else None


def zones_of(user) -> models.QuerySet[Zone]:
    if user is None or not user.is_authenticated:
        return Zone.objects.none()
    if user.is_superuser:
        return Zone.objects.all()
    return Zone.objects.filter(memberships__user=user).distinct()


def can_see_figures(user, zone: Zone) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or membership(user, zone)))


def can_manage(user, zone: Zone) -> bool:
    """Admins and directors of the zone set its counting rules and its targets."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or role_in(user, zone) in CHANGE_ALL


def can_manage_accounts(user, zone: Zone) -> bool:
    """The zone's admins (and superusers) reset its users' passwords and lift their sign-in
    locks."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or role_in(user, zone) == Role.ADMIN


def can_manage_people(user, zone: Zone) -> bool:
    """The zone's admins (and superusers) create its users, give them their role and unit, and
    deactivate them (the people page, /accounts/)."""
    return can_manage_accounts(user, zone)


def can_manage_directory(user, zone: Zone) -> bool:
    """Admins and directors keep the zone's units and its directory of referring organisations
    (as they create missing units on a ledger import); everyone with a role reads them."""
    return can_manage(user, zone)


def can_set_password(actor, target) -> bool:
    """Anyone sets their own; a superuser anyone's; a zone's admin the password of a user whose
    every role is in zones they administer (never a superuser's: that would be a way up)."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.pk == target.pk or actor.is_superuser:
        return True
    if target.is_superuser:
        return False
    target_zones = set(Membership.objects.filter(user=target).values_list("zone_id", flat=True))
    administered = set(
        Membership.objects.filter(user=actor, role=Role.ADMIN).values_list("zone_id", flat=True)
    )
    return bool(target_zones) and target_zones <= administered


def visible(
    user, queryset: models.QuerySet, zone: Zone | None = None, *, via: str = ""
) -> models.QuerySet:
    """Restrict a queryset of zone records to those `user` may see: in `zone`, or across every
    zone where the user has a role (each zone by the user's role there). `via` reaches the
    record that has the zone, e.g. "project__" for a project's funds."""
    model = _scoped_model(queryset.model, via)
    if zone is not None:
        queryset = queryset.filter(**{f"{via}zone": zone})
    if user is None or not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    memberships = Membership.objects.filter(user=user)
    if zone is not None:
        found = membership(user, zone)
        memberships = [found] if found else []
    allowed = models.Q(pk__in=[])
    for found in memberships:
        allowed |= _visible_in(user, found, model, via)
    return queryset.filter(allowed)


def _visible_in(user, found: Membership, model: type[models.Model], via: str) -> models.Q:
    in_zone = models.Q(**{f"{via}zone_id": found.zone_id})
    owned_by_unit, submitted = _has_field(model, "unit"), _has_field(model, "submitted_by")
    if found.role in SEE_ALL or not (owned_by_unit or submitted):
        return in_zone  # zone-wide records (parks, companies…) are the zone's to read
    if found.role == Role.MEMBER and owned_by_unit:
        return in_zone & models.Q(**{f"{via}unit_id": found.unit_id})
    if found.role == Role.MEMBER:
        return in_zone  # what no unit owns (a news text someone submitted) is the zone's to read
    if found.role == Role.CONTRIBUTOR and submitted:
        own = models.Q(**{f"{via}submitted_by": user})
        if _has_field(model, "referred_by"):  # and the projects they are credited with bringing
            own |= models.Q(**{f"{via}referred_by": user})
        return in_zone & own
    return models.Q(pk__in=[])


def _scoped_model(model: type[models.Model], via: str) -> type[models.Model]:
    for name in filter(None, via.split("__")):
        model = model._meta.get_field(name).related_model
    return model


def can_change(user, obj: models.Model) -> bool:
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    found = membership(user, obj.zone)
    if found is None:
        return False
    if found.role in CHANGE_ALL:
        return True
    return found.role == Role.MEMBER and getattr(obj, "unit_id", None) == found.unit_id


def can_change_some(user, zone: Zone) -> bool:
    """Whether any of the zone's projects are the user's to change (for showing edit controls)."""
    role = Role.ADMIN if user is not None and user.is_superuser else role_in(user, zone)
    return role in {*CHANGE_ALL, Role.MEMBER}


def can_follow_up(user, zone: Zone) -> bool:
    """Commitments, after-care tickets and the clocks on leads (followup): admins, directors and
    leaders read the zone's, members their unit's; contributors (全员招商) none of it."""
    role = Role.ADMIN if user is not None and user.is_superuser else role_in(user, zone)
    return role in {*SEE_ALL, Role.MEMBER}


def can_instruct(user, zone: Zone) -> bool:
    """A leader's instruction on a project (领导批示) is the one record leaders write; admins and
    directors write it too."""
    role = Role.ADMIN if user is not None and user.is_superuser else role_in(user, zone)
    return role in SEE_ALL


def can_create(user, zone: Zone) -> bool:
    """Members create in their unit; contributors submit leads; leaders create nothing."""
    role = Role.ADMIN if user is not None and user.is_superuser else role_in(user, zone)
    return role in {Role.ADMIN, Role.DIRECTOR, Role.MEMBER, Role.CONTRIBUTOR}


def submits_only(user, zone: Zone) -> bool:
    """全员招商: the user submits new records (leads) and changes none."""
    return not (user is not None and user.is_superuser) and role_in(user, zone) == Role.CONTRIBUTOR


def require_create(actor, obj: models.Model) -> None:
    """Services call this with the new record as it would be saved (`actor=None`: the system).
    Admins and directors create anywhere in their zone, members in their own unit, contributors
    only records that no unit owns yet (the bureau assigns them); leaders and people without a
    role in the zone create nothing."""
    if actor is None:
        return
    zone = obj.zone
    role = Role.ADMIN if actor.is_authenticated and actor.is_superuser else role_in(actor, zone)
    unit_id = getattr(obj, "unit_id", None)
    if role in CHANGE_ALL:
        return
    if role == Role.MEMBER:
        own = membership(actor, zone).unit
        if unit_id == own.pk:
            return
        raise PermissionDenied(_("招商人员只能为本单位(%(unit)s)新建项目。") % {"unit": own.name})
    if role == Role.CONTRIBUTOR:
        if unit_id is None:
            return
        raise PermissionDenied(_("全员招商提交的线索不指定责任单位,由招商局分配。"))
    raise PermissionDenied(_("您无权在“%(zone)s”新建项目。") % {"zone": zone})


def require_change(actor, obj: models.Model) -> None:
    """Services call this first. `actor=None` is the system itself (demo loader, generators)."""
    if actor is not None and not can_change(actor, obj):
        raise PermissionDenied(_("您无权修改“%(object)s”。") % {"object": obj})


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())
