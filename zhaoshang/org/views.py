from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import i18n
from django.views.decorators.http import require_POST

from zhaoshang.org import permissions
from zhaoshang.org.selectors import SESSION_ZONE
from zhaoshang.org.services import set_user_language


class LoginView(auth_views.LoginView):
    """Signing in also brings back the language the user chose last time."""

    def form_valid(self, form):
        response = super().form_valid(form)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, form.get_user().language)
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
