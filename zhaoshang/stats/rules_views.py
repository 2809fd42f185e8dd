"""The counting-rules page (统计口径): every role in the zone reads it and its history, admins and
directors change it from a date (through the service, which audits the change and makes cached
figures stale)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.forms import add_service_errors
from zhaoshang.core.versions import StaleEdit
from zhaoshang.org import permissions
from zhaoshang.org.models import Zone
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.stats.rules_forms import CountingRulesForm
from zhaoshang.stats.selectors import rules_history, rules_history_version, rules_of
from zhaoshang.stats.services import update_counting_rules


def counting_rules(request):
    zone = zone_or_404(request)
    editable = permissions.can_manage(request.user, zone)
    stale = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = _form(zone, data=request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                rules = update_counting_rules(
                    zone=zone,
                    actor=request.user,
                    expected_version=data.pop("opened_version"),
                    **data,
                )
            except StaleEdit as exc:
                # The form again, on the rules as they are now, with what changed.
                form, stale = _form(zone), exc
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("统计口径已保存，自%(date)s起的各期统计按新口径计算。")
                    % {"date": rules.effective_from},
                )
                return redirect("counting-rules")
    else:
        form = _form(zone)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "stats/rules.html",
        {
            "form": form,
            "editable": editable,
            "rules": form.rules,
            "history": rules_history(zone),
            "stale": stale,
        },
        status=409 if stale else 200,
    )


def _form(zone: Zone, data=None) -> CountingRulesForm:
    """The form on the rules in force today, opened at the version of the zone's rules."""
    return CountingRulesForm(
        data,
        rules=rules_of(zone),
        history_version=rules_history_version(zone),
        today=shanghai_today(),
    )
