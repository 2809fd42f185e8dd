"""Sign-ins, failed sign-ins and sign-outs in the change log, with the address they came from.
These are Django's authentication events, not business rules, so signals carry them here."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from zhaoshang.core.addresses import client_address
from zhaoshang.core.audit import record_event
from zhaoshang.core.models import ChangeLog


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    record_event(
        actor=user,
        action=ChangeLog.Action.LOGIN,
        address=client_address(request) if request else None,
        instance=user,
        details={},
    )


@receiver(user_login_failed)
def record_login_failed(sender, credentials, request=None, **kwargs):
    """A wrong password, or any attempt while locked. axes (an app listed before ours) has
    already counted it and marked the request when this attempt is refused by a lock."""
    username = str(credentials.get("username") or "")
    locked = bool(getattr(request, "axes_locked_out", False))
    record_event(
        actor=None,
        action=ChangeLog.Action.LOCKOUT if locked else ChangeLog.Action.LOGIN_FAILED,
        address=client_address(request) if request else None,
        label=username,
        details={"username": username[:150]},
    )


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is None:
        return  # signing out without a session
    record_event(
        actor=user,
        action=ChangeLog.Action.LOGOUT,
        address=client_address(request) if request else None,
        instance=user,
        details={},
    )
