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
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import i18n
from django.views.decorators.http import require_POST

from zhaoshang.core.addresses import client_address
from zhaoshang.core.forms import add_service_errors
from zhaoshang.core.links import local_path
from zhaoshang.org import permissions, selectors, services
from zhaoshang.org.forms import NewPersonForm, PersonForm, UnitForm
from zhaoshang.org.models import Membership, Role, Unit, User
from zhaoshang.org.selectors import SESSION_ZONE, current_zone, zone_or_404
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
    return HttpResponseRedirect(local_path(request, request.POST.get("next"), default="/"))


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
    members = []
    for m in selectors.zone_accounts(zone) if zone else []:
        may_set = permissions.can_set_password(request.user, m.user)
        # Changing a role or deactivating follows the same rule as setting a password.
        members.append({"membership": m, "may_set": may_set, "may_edit": may_set})
    return render(
        request,
        "org/accounts.html",
        {
            "members": members,
            "locks": selectors.sign_in_locks(request.user),
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


# --- people: the zone's admins create users, set their role and unit, deactivate them --------


def _people_zone(request):
    """The zone whose people the admin manages: 404 without a zone, 403 for anyone but its
    admins (and superusers)."""
    zone = zone_or_404(request)
    if not permissions.can_manage_people(request.user, zone):
        raise PermissionDenied(_("只有系统管理员可以管理人员和角色。"))
    return zone


def person_new(request):
    zone = _people_zone(request)
    form = NewPersonForm(request.POST or None, zone=zone)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                zone=zone,
                actor=request.user,
                username=data["username"],
                name=data["name"],
                email=data["email"],
                password=data["password"],
                role=Role(data["role"]),
                unit=data["unit"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已新建用户“%(user)s”。") % {"user": user.username})
            return redirect("accounts")
    return render(
        request,
        "org/person_form.html",
        {"form": form, "target": None},
        status=400 if form.errors else 200,
    )


def person_edit(request, pk: int):
    zone = _people_zone(request)
    found = get_object_or_404(Membership.objects.select_related("user"), zone=zone, user_id=pk)
    target = found.user
    initial = {
        "name": target.get_full_name(),
        "email": target.email,
        "role": found.role,
        "unit": found.unit_id,
    }
    form = PersonForm(request.POST or None, zone=zone, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_person(
                zone=zone,
                actor=request.user,
                user=target,
                name=data["name"],
                email=data["email"],
                role=Role(data["role"]),
                unit=data["unit"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存用户“%(user)s”。") % {"user": target.username})
            return redirect("accounts")
    return render(
        request,
        "org/person_form.html",
        {
            "form": form,
            "target": target,
            "may_set_password": permissions.can_set_password(request.user, target),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def person_active(request, pk: int):
    """Deactivate (active=0) or reactivate (active=1) an account of the zone."""
    zone = _people_zone(request)
    found = get_object_or_404(Membership.objects.select_related("user"), zone=zone, user_id=pk)
    active = request.POST.get("active") == "1"
    services.set_user_active(zone=zone, actor=request.user, user=found.user, active=active)
    message = _("已启用用户“%(user)s”。") if active else _("已停用用户“%(user)s”。")
    messages.success(request, message % {"user": found.user.username})
    return redirect("accounts")


# --- units: everyone in the zone reads them; admins and directors keep them ------------------


def unit_list(request):
    zone = zone_or_404(request)
    return render(
        request,
        "org/unit_list.html",
        {
            "units": selectors.zone_units(zone),
            "may_manage": permissions.can_manage_directory(request.user, zone),
        },
    )


def unit_form(request, pk: int | None = None):
    """A new unit (pk None) or a unit's edit page, for the zone's admins and directors."""
    zone = zone_or_404(request)
    unit = get_object_or_404(Unit, zone=zone, pk=pk) if pk is not None else None
    if not permissions.can_manage_directory(request.user, zone):
        raise PermissionDenied(_("只有系统管理员和局长可以管理招商单位。"))
    initial = UnitForm.initial_from(unit) if unit else {"kind": Unit.Kind.PROMOTION_GROUP}
    form = UnitForm(request.POST or None, zone=zone, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.save_unit(zone=zone, actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存单位“%(unit)s”。") % {"unit": unit.name})
            return redirect("unit-detail", pk=unit.pk)
    return render(
        request,
        "org/unit_form.html",
        {"form": form, "unit": unit},
        status=400 if form.errors else 200,
    )
