"""Making, checking and revoking API tokens. The secret is random (secrets.token_urlsafe) and
only its SHA-256 is stored: a stolen database gives no usable token. A token acts with exactly
its user's rights (the permission policy decides), less every write when it is read-only."""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.api.models import NAME_LENGTH, ApiToken
from zhaoshang.core.audit import record_change, snapshot

PREFIX = "zs_"
# last_used_at is written at most once a minute per token: a busy script does not write on
# every request.
LAST_USE_RESOLUTION = dt.timedelta(minutes=1)
MAX_EXPIRY_DAYS = 3650


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    *,
    user,
    actor,
    name: str = "",
    expires_days: int | None = None,
    read_only: bool = False,
    source: str = "ui",
    now: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret, which is not kept and cannot be shown again."""
    now = now or timezone.now()
    if actor is not None and not can_manage_tokens(actor, user):
        raise PermissionDenied(_("您无权为该用户创建接口令牌。"))
    name = name.strip()
    if len(name) > NAME_LENGTH:
        raise ValidationError({"name": _("名称不能超过100个字符。")})
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise ValidationError(
            {"expires": _("有效天数须在 1 到 %(max)s 之间。") % {"max": MAX_EXPIRY_DAYS}}
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=secret[: len(PREFIX) + 6],
            digest=digest(secret),
            read_only=read_only,
            expires_at=now + dt.timedelta(days=expires_days) if expires_days else None,
        )
        record_change(
            actor=actor,
            instance=token,
            action="create",
            before=None,
            after=_shown(token),
            source=source,
        )
    return token, secret


def _shown(token: ApiToken) -> dict:
    data = snapshot(token)
    data.pop("digest", None)
    return data


def can_manage_tokens(actor, owner) -> bool:
    """Users manage their own tokens; site administrators (superusers) anyone's."""
    return bool(
        actor is not None
        and actor.is_authenticated
        and (actor.pk == owner.pk or actor.is_superuser)
    )


def rename_token(*, token: ApiToken, actor, name: str, source: str = "ui") -> ApiToken:
    if not can_manage_tokens(actor, token.user):
        raise PermissionDenied(_("您无权修改此接口令牌。"))
    name = name.strip()
    if len(name) > NAME_LENGTH:
        raise ValidationError({"name": _("名称不能超过100个字符。")})
    with transaction.atomic():
        before = _shown(token)
        token.name = name
        token.save(update_fields=["name"])
        record_change(
            actor=actor,
            instance=token,
            action="update",
            before=before,
            after=_shown(token),
            source=source,
        )
    return token


def revoke_token(
    *, token: ApiToken, actor, source: str = "ui", now: dt.datetime | None = None
) -> ApiToken:
    if not can_manage_tokens(actor, token.user):
        raise PermissionDenied(_("您无权吊销此接口令牌。"))
    with transaction.atomic():
        before = _shown(token)
        if token.revoked_at is None:
            token.revoked_at = now or timezone.now()
            token.save(update_fields=["revoked_at"])
            record_change(
                actor=actor,
                instance=token,
                action="update",
                before=before,
                after=_shown(token),
                source=source,
            )
    return token


def token_for(secret: str, *, now: dt.datetime | None = None) -> ApiToken | None:
    """The live token of that secret (not revoked, not expired, of an active user), its last
    use recorded; None for anything else."""
    if not secret or len(secret) > 200:
        return None
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
