"""The counting-rules page (统计口径): every role in the zone reads it, admins and directors change
it (through the service, which audits the change and makes cached figures stale)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhaoshang.core.forms import add_service_errors
from zhaoshang.core.versions import StaleEdit
from zhaoshang.org import permissions
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.stats.rules_forms import CountingRulesForm
from zhaoshang.stats.selectors import rules_of
from zhaoshang.stats.services import update_counting_rules


def counting_rules(request):
    zone = zone_or_404(request)
    rules = rules_of(zone)
    editable = permissions.can_manage(request.user, zone)
    stale = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = CountingRulesForm(request.POST, instance=rules)
        valid = form.is_valid()
        if form.stale:  # changed since the form was opened: shown again on the current rules
            rules = rules_of(zone)
            form, stale = CountingRulesForm(instance=rules), form.stale
        elif valid:
            data = form.cleaned_data
            try:
                update_counting_rules(
                    zone=zone,
                    actor=request.user,
                    expected_version=data.pop("opened_version"),
                    **data,
                )
            except StaleEdit as exc:
                # The form again, on the rules as they are now, with what changed.
                rules = rules_of(zone)
                form, stale = CountingRulesForm(instance=rules), exc
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("统计口径已保存，各项统计按新口径重新计算。"))
                return redirect("counting-rules")
    else:
        form = CountingRulesForm(instance=rules)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "stats/rules.html",
        {"form": form, "editable": editable, "rules": rules, "stale": stale},
        status=409 if stale else 200,
    )
