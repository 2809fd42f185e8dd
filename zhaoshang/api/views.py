"""The health check of a load balancer, and the page where people manage their API tokens
(their own; a site administrator anyone's)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhaoshang.api import tokens as services
from zhaoshang.api.models import NAME_LENGTH, ApiToken
from zhaoshang.core.forms import add_service_errors


@login_not_required
@never_cache
def healthz(request):
    """200 when this app server answers and reaches its database, 503 otherwise; no data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


class NewTokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称(用途)"), max_length=NAME_LENGTH, required=False)
    expires = forms.IntegerField(
        label=gettext_lazy("有效天数(留空为长期)"),
        required=False,
        min_value=1,
        max_value=services.MAX_EXPIRY_DAYS,
    )
    read_only = forms.BooleanField(label=gettext_lazy("只读"), required=False)


class RenameForm(forms.Form):
    name = forms.CharField(max_length=NAME_LENGTH, required=False)


def _tokens_of(user):
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-id")
    return tokens if user.is_superuser else tokens.filter(user=user)


def tokens(request):
    form = NewTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = services.create_token(
                user=request.user,
                actor=request.user,
                name=form.cleaned_data["name"],
                expires_days=form.cleaned_data["expires"],
                read_only=form.cleaned_data["read_only"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = NewTokenForm()
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": _tokens_of(request.user), "secret": secret},
        status=422 if form.errors else 200,
    )
    return response


@require_POST
def token_change(request, pk: int):
    token = _tokens_of(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    if request.POST.get("action") == "revoke":
        services.revoke_token(token=token, actor=request.user)
        messages.success(request, _("已吊销令牌 %(token)s。") % {"token": token.prefix})
    else:
        form = RenameForm(request.POST)
        if form.is_valid():
            services.rename_token(token=token, actor=request.user, name=form.cleaned_data["name"])
            messages.success(request, _("已保存令牌名称。"))
    return redirect("api-tokens")
