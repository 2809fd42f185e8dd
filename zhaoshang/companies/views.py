"""The directory of referring organisations (引荐机构名录): read by everyone in the zone, kept by
its admins and directors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhaoshang.companies import selectors, services
from zhaoshang.companies.forms import OrganisationForm
from zhaoshang.companies.models import Organisation
from zhaoshang.core.forms import add_service_errors
from zhaoshang.org import permissions
from zhaoshang.org.selectors import zone_or_404


def organisation_list(request):
    zone = zone_or_404(request)
    return render(
        request,
        "companies/organisation_list.html",
        {
            "organisations": selectors.zone_organisations(zone),
            "may_manage": permissions.can_manage_directory(request.user, zone),
        },
    )


def organisation_form(request, pk: int | None = None):
    """A new organisation (pk None) or one's edit page, for the zone's admins and directors."""
    zone = zone_or_404(request)
    found = get_object_or_404(Organisation, zone=zone, pk=pk) if pk is not None else None
    if not permissions.can_manage_directory(request.user, zone):
        raise PermissionDenied(_("只有系统管理员和局长可以管理引荐机构名录。"))
    initial = OrganisationForm.initial_from(found) if found else {}
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_organisation(
                zone=zone, actor=request.user, organisation=found, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存“%(name)s”。") % {"name": saved.name})
            return redirect("organisation-list")
    return render(
        request,
        "companies/organisation_form.html",
        {"form": form, "organisation": found},
        status=400 if form.errors else 200,
    )
