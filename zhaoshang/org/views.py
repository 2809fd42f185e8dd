from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import i18n
from django.views.decorators.http import require_POST

from zhaoshang.core.addresses import client_address
from zhaoshang.core.versions import StaleEdit
from zhaoshang.org import permissions, selectors, services
from zhaoshang.org.forms import ActiveForm, NewAccountForm, RoleForm
from zhaoshang.org.models import Membership, User
from zhaoshang.org.selectors import SESSION_ZONE, current_zone
from zhaoshang.org.services import set_user_language


class LoginView(auth_views.LoginView):
    """Signing in also brings back the language the user chose last time."""

    def form_valid(self, form):
        response = super().form_valid(form)
        # As Django's own language switch sets it: its age, path, domain, Secure, HttpOnly and
        # SameSite come from the LANGUAGE_COOKIE_* settings.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


@login_not_required
@require_POST
def set_language(request):
    """Django's language switch, remembered on the user's account as well as in the cookie."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        set_user_language(user=request.user, language=language)
    return response


@require_POST
def switch_zone(request):
    try:
        wanted = int(request.POST.get("zone", ""))
    except ValueError as exc:  # a crafted request: no zone has that id
        raise Http404 from exc
    zone = permissions.zones_of(request.user).filter(pk=wanted).first()
    if zone is None:
        raise Http404
    request.session[SESSION_ZONE] = zone.pk
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return HttpResponseRedirect(target)


def locked_out(request, response=None, credentials=None):
    """The sign-in page when axes refuses a sign-in (settings.AXES_LOCKOUT_CALLABLE): too many
    failures for the username or from the address, the right password included."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = ngettext(
        "登录失败次数过多，账户已暂时锁定，请 %(minutes)s 分钟后再试或联系管理员。",
        "登录失败次数过多，账户已暂时锁定，请 %(minutes)s 分钟后再试或联系管理员。",
        minutes,
    ) % {"minutes": minutes}
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": str(username)[:150]})
    context = {"form": form, "lockout": message, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's own password: the old one, then a new one that the rules accept."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        services.set_password(
            actor=self.request.user,
            user=self.request.user,
            password=form.cleaned_data["new_password1"],
            address=client_address(self.request),
        )
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return HttpResponseRedirect(self.get_success_url())


def _accounts_zone(request):
    """The zone whose accounts the page shows; a superuser passes even with no zone yet."""
    zone = current_zone(request)
    if request.user.is_superuser:
        return zone
    if zone is None or not permissions.can_manage_accounts(request.user, zone):
        raise PermissionDenied(_("只有系统管理员可以管理账户。"))
    return zone


def accounts(request):
    """The zone's users and the sign-in locks in force, for its admins."""
    zone = _accounts_zone(request)
    found = list(selectors.zone_accounts(zone)) if zone else []
    settable = permissions.password_settable(request.user, [m.user for m in found])
    members = [
        {
            "membership": m,
            "may_set": m.user_id in settable,
            "may_change": permissions.can_change_role(request.user, m),
        }
        for m in found
    ]
    return render(
        request,
        "org/accounts.html",
        {
            "members": members,
            "locks": selectors.sign_in_locks(request.user),
            "may_create": zone is not None,
            "attempts": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )


@require_POST
def lift_lock(request):
    _accounts_zone(request)
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "")
    services.lift_sign_in_lock(
        actor=request.user, kind=kind, value=value, address=client_address(request)
    )
    messages.success(request, _("已解除对“%(value)s”的登录锁定。") % {"value": value})
    return redirect("accounts")


def set_password(request, pk: int):
    """An admin sets a new password for a user of their zone (a superuser for anyone)."""
    _accounts_zone(request)
    target = get_object_or_404(User, pk=pk)
    if not permissions.can_set_password(request.user, target):
        raise PermissionDenied(_("您无权为用户“%(user)s”设置密码。") % {"user": target})
    form = SetPasswordForm(target, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_password(
                actor=request.user,
                user=target,
                password=form.cleaned_data["new_password1"],
                address=client_address(request),
            )
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            if target.pk == request.user.pk:
                update_session_auth_hash(request, target)
            messages.success(request, _("已为用户“%(user)s”设置新密码。") % {"user": target})
            return redirect(reverse("accounts"))
    return render(
        request,
        "org/set_password.html",
        {"form": form, "target": target},
        status=400 if form.errors else 200,
    )


def _service_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, messages_ in exc.message_dict.items():
        field = {"password": "password1", "first_name": "name"}.get(field, field)
        form.add_error(field if field in form.fields else None, messages_)


def account_new(request):
    """A new user of the zone, with a role there and a first password."""
    zone = _accounts_zone(request)
    if zone is None:
        raise Http404
    form = NewAccountForm(request.POST or None, zone=zone)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = services.create_account(
                actor=request.user,
                zone=zone,
                username=data["username"],
                name=data["name"],
                email=data["email"],
                role=data["role"],
                unit=data["unit"],
                password=data["password1"],
                address=client_address(request),
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("已新建用户“%(user)s”。") % {"user": found.user})
            return redirect("accounts")
    return render(
        request, "org/account_new.html", {"form": form}, status=400 if form.errors else 200
    )


def _zone_membership(request, pk: int) -> Membership:
    """The user's role in the zone being managed; users of other zones are not found."""
    zone = _accounts_zone(request)
    if zone is None:
        raise Http404
    return get_object_or_404(
        Membership.objects.select_related("user", "zone", "unit"), user_id=pk, zone=zone
    )


def account_edit(request, pk: int):
    """A user's role and unit in the zone, and whether the account may sign in."""
    found = _zone_membership(request, pk)
    if not permissions.can_change_role(request.user, found):
        raise PermissionDenied(_("您无权修改用户“%(user)s”的角色。") % {"user": found.user})
    initial = {"role": found.role, "unit": found.unit_id, "version": found.version}
    form = RoleForm(request.POST or None, zone=found.zone, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_role(
                actor=request.user,
                membership=found,
                role=data["role"],
                unit=data["unit"],
                expected_version=data["version"],
            )
        except StaleEdit as exc:
            found.refresh_from_db()
            stale = exc
            initial = {"role": found.role, "unit": found.unit_id, "version": found.version}
            form = RoleForm(zone=found.zone, initial=initial)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("已修改用户“%(user)s”的角色。") % {"user": found.user})
            return redirect("accounts")
    context = {
        "form": form,
        "target": found.user,
        "membership": found,
        "stale": stale,
        "may_deactivate": permissions.can_deactivate(request.user, found.user),
        "may_set": permissions.can_set_password(request.user, found.user),
    }
    status = 409 if stale else 400 if form.errors else 200
    return render(request, "org/account_edit.html", context, status=status)


@require_POST
def account_active(request, pk: int):
    """Deactivate an account (or bring it back)."""
    found = _zone_membership(request, pk)
    if not permissions.can_deactivate(request.user, found.user):
        raise PermissionDenied(_("您无权停用或启用用户“%(user)s”。") % {"user": found.user})
    form = ActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求不完整,未作修改。"))
        return redirect("account-edit", pk=pk)
    try:
        user = services.set_account_active(
            actor=request.user,
            user=found.user,
            active=form.cleaned_data["active"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleEdit as exc:
        messages.error(request, str(exc.messages[0]))
        return redirect("account-edit", pk=pk)
    if user.is_active:
        messages.success(request, _("已启用用户“%(user)s”。") % {"user": user})
    else:
        messages.success(request, _("已停用用户“%(user)s”,该用户不能再登录。") % {"user": user})
    return redirect("accounts")
