"""The directory of organisations that bring the zone projects (引荐机构)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhaoshang.companies import services
from zhaoshang.companies.forms import OrganisationForm
from zhaoshang.companies.models import Organisation
from zhaoshang.core.versions import StaleEdit
from zhaoshang.org import permissions
from zhaoshang.org.selectors import zone_or_404


def organisations(request):
    """Everyone in the zone reads the directory; admins, directors and members keep it."""
    zone = zone_or_404(request)
    found = (
        Organisation.objects.filter(zone=zone)
        .select_related("city")
        .annotate(projects=Count("referred_projects"))
        .order_by("kind", "name")
    )
    may_change = permissions.can_change_some(request.user, zone)
    form = OrganisationForm(request.POST or None) if may_change else None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied(_("您无权修改“%(zone)s”的引荐机构名录。") % {"zone": zone})
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                created = services.save_organisation(zone=zone, actor=request.user, **data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("已添加“%(name)s”。") % {"name": created})
                return redirect("organisations")
    context = {"organisations": found, "form": form, "may_change": may_change}
    status = 400 if form is not None and form.errors else 200
    return render(request, "companies/organisations.html", context, status=status)


def organisation_edit(request, pk: int):
    zone = zone_or_404(request)
    found = get_object_or_404(Organisation, pk=pk, zone=zone)
    if not permissions.can_change_some(request.user, zone):
        raise PermissionDenied(_("您无权修改“%(zone)s”的引荐机构名录。") % {"zone": zone})
    form = OrganisationForm(request.POST or None, initial=OrganisationForm.initial_from(found))
    stale = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.save_organisation(
                zone=zone,
                actor=request.user,
                organisation=found,
                expected_version=form.cleaned_data["version"],
                **data,
            )
        except StaleEdit as exc:
            found.refresh_from_db()
            stale = exc
            form = OrganisationForm(initial=OrganisationForm.initial_from(found))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已保存“%(name)s”。") % {"name": found.name})
            return redirect("organisations")
    status = 409 if stale else 400 if form.errors else 200
    context = {"form": form, "organisation": found, "stale": stale}
    return render(request, "companies/organisation_form.html", context, status=status)


def _add_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
