"""The chain pages: the zone's chains with their gaps, a chain's map (ECharts, by tier, coloured
by state, sized by investment) with its table and each node's enterprises, projects and targets,
the edit forms (directors and admins), tagging (members: their unit's projects) and the target
list with "turn into a lead"."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.chains import selectors, services
from zhaoshang.chains.forms import (
    AsOfForm,
    ChainForm,
    ConvertForm,
    EnterpriseForm,
    LinkForm,
    NodeForm,
    TagForm,
    TargetForm,
)
from zhaoshang.chains.models import Node, Target
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.forms import add_service_errors, choose_from
from zhaoshang.org import permissions
from zhaoshang.org.models import Industry, Role, Unit
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.projects.models import Project


def _as_of(request) -> tuple[AsOfForm, dt.date]:
    today = shanghai_today()
    form = AsOfForm(request.GET)
    on = form.cleaned_data.get("as_of") if form.is_valid() else None
    return form, min(on or today, today)


def chain_list(request):
    zone = zone_or_404(request)
    form, on = _as_of(request)
    rows = selectors.chain_rows(zone, on)
    gaps = selectors.gaps(zone, on)
    return render(
        request,
        "chains/chain_list.html",
        {
            "rows": rows,
            "gaps": gaps,
            "as_of": on,
            "as_of_form": form,
            "can_edit": permissions.can_manage(request.user, zone),
        },
    )


def chain_detail(request, pk: int):
    zone = zone_or_404(request)
    chain = get_object_or_404(selectors.chains(zone), pk=pk)
    form, on = _as_of(request)
    picture = selectors.chain_picture(request.user, chain, on)
    return render(
        request,
        "chains/chain_detail.html",
        {
            "chain": chain,
            "as_of": on,
            "as_of_form": form,
            "tiers": picture["tiers"],
            "chart": picture["chart"],
            "nodes": picture["nodes"],
            "links": chain.links.select_related("from_node", "to_node"),
            "can_edit": permissions.can_manage(request.user, zone),
            "can_tag": permissions.can_change_some(request.user, zone),
            "states": picture["states"],
        },
    )


def _render_form(request, form, *, title: str, back: str, extra: dict | None = None):
    return render(
        request,
        "chains/form.html",
        {"form": form, "title": title, "back": back, **(extra or {})},
    )


def _edit(form) -> dict:
    """A versioned form's fields as service arguments: its version is the one expected."""
    values = dict(form.cleaned_data)
    values["expected_version"] = values.pop("version")
    return values


def _require_editor(request, zone) -> None:
    if not permissions.can_manage(request.user, zone):
        raise PermissionDenied(_("只有局长和系统管理员可以编辑产业链。"))


def chain_form(request, pk: int | None = None):
    zone = zone_or_404(request)
    _require_editor(request, zone)
    chain = get_object_or_404(selectors.chains(zone), pk=pk) if pk else None
    initial = (
        {
            "name": chain.name,
            "industry": chain.industry,
            "note": chain.note,
            "sort_order": chain.sort_order,
            "version": chain.version,
        }
        if chain
        else {}
    )
    form = ChainForm(request.POST or None, initial=initial)
    choose_from(form, industry=Industry.objects.filter(zone=zone))
    if request.method == "POST" and form.is_valid():
        try:
            chain = services.save_chain(zone=zone, actor=request.user, chain=chain, **_edit(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存产业链:%(chain)s") % {"chain": chain})
            return redirect("chain-detail", chain.pk)
    back = reverse("chain-detail", args=[chain.pk]) if chain else reverse("chains")
    title = _("修改产业链") if chain else _("新建产业链")
    return _render_form(request, form, title=title, back=back)


def node_form(request, chain_pk: int, pk: int | None = None):
    zone = zone_or_404(request)
    _require_editor(request, zone)
    chain = get_object_or_404(selectors.chains(zone), pk=chain_pk)
    node = get_object_or_404(chain.nodes, pk=pk) if pk else None
    initial = (
        {
            "name": node.name,
            "tier": node.tier,
            "parent": node.parent,
            "order": node.order,
            "version": node.version,
        }
        if node
        else {"order": chain.nodes.count() + 1}
    )
    form = NodeForm(request.POST or None, initial=initial)
    parents = chain.nodes.filter(parent__isnull=True)
    choose_from(form, parent=parents.exclude(pk=node.pk) if node else parents)
    if request.method == "POST" and "delete" in request.POST and node is not None:
        try:
            services.delete_node(node=node, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已删除节点:%(node)s") % {"node": node.name})
            return redirect("chain-detail", chain.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            node = services.save_node(chain=chain, actor=request.user, node=node, **_edit(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存节点:%(node)s") % {"node": node.name})
            return redirect("chain-detail", chain.pk)
    title = _("修改节点") if node else _("新增节点")
    back = reverse("chain-detail", args=[chain.pk])
    return _render_form(request, form, title=title, back=back, extra={"deletable": node})


def link_form(request, chain_pk: int):
    zone = zone_or_404(request)
    _require_editor(request, zone)
    chain = get_object_or_404(selectors.chains(zone), pk=chain_pk)
    form = LinkForm(request.POST or None)
    choose_from(form, from_node=chain.nodes.all(), to_node=chain.nodes.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.add_link(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已添加节点关系。"))
            return redirect("chain-detail", chain.pk)
    back = reverse("chain-detail", args=[chain.pk])
    return _render_form(request, form, title=_("添加节点关系"), back=back)


@require_POST
def link_delete(request, pk: int):
    zone = zone_or_404(request)
    _require_editor(request, zone)
    link = get_object_or_404(selectors.links(zone), pk=pk)
    services.delete_link(link=link, actor=request.user)
    messages.success(request, _("已删除节点关系:%(link)s") % {"link": link})
    return redirect("chain-detail", link.chain_id)


def _node(zone, pk: int) -> Node:
    return get_object_or_404(selectors.nodes(zone), pk=pk)


def enterprise_form(request, pk: int):
    zone = zone_or_404(request)
    _require_editor(request, zone)
    node = _node(zone, pk)
    form = EnterpriseForm(request.POST or None, initial={"linked_on": shanghai_today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.link_enterprise(node=node, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已关联企业到节点“%(node)s”。") % {"node": node.name})
            return redirect(_node_url(node))
    title = _("关联本地企业:%(node)s") % {"node": node.name}
    return _render_form(request, form, title=title, back=_node_url(node))


def _node_url(node: Node) -> str:
    return f"{reverse('chain-detail', args=[node.chain_id])}#node-{node.pk}"


def tag_form(request, pk: int):
    zone = zone_or_404(request)
    if not permissions.can_change_some(request.user, zone):
        raise PermissionDenied(_("您无权标注项目到产业链节点。"))
    node = _node(zone, pk)
    form = TagForm(request.POST or None, initial={"tagged_on": shanghai_today()})
    choose_from(form, project=_taggable(request.user, zone))
    if request.method == "POST" and form.is_valid():
        try:
            services.tag_project(node=node, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已标注项目到节点“%(node)s”。") % {"node": node.name})
            return redirect(_node_url(node))
    title = _("标注项目:%(node)s") % {"node": node.name}
    return _render_form(request, form, title=title, back=_node_url(node))


def _my_unit(user, zone) -> Unit | None:
    """A member's unit (None for everyone else)."""
    found = permissions.membership(user, zone)
    return found.unit if found is not None and found.role == Role.MEMBER else None


def _taggable(user, zone):
    """The projects the user may change (a member: their unit's), not dropped."""
    projects = permissions.visible(user, Project.objects.all(), zone)
    if unit := _my_unit(user, zone):
        projects = projects.filter(unit=unit)
    return projects.filter(dropped_date__isnull=True).order_by("code")


# --- targets --------------------------------------------------------------------------------------


def target_list(request):
    zone = zone_or_404(request)
    found = selectors.targets(request.user, zone)
    status = request.GET.get("status", "")
    if status in Target.Status.values:
        found = found.filter(status=status)
    return render(
        request,
        "chains/target_list.html",
        {"targets": found, "status": status, "statuses": Target.Status.choices},
    )


def _units_for(user, zone):
    units = Unit.objects.filter(zone=zone)
    if unit := _my_unit(user, zone):
        units = units.filter(pk=unit.pk)
    return units


def target_form(request, node_pk: int | None = None, pk: int | None = None):
    zone = zone_or_404(request)
    if not permissions.can_change_some(request.user, zone):
        raise PermissionDenied(_("您无权登记或修改目标企业。"))
    target = get_object_or_404(selectors.targets(request.user, zone), pk=pk) if pk else None
    node = target.node if target else _node(zone, node_pk or 0)
    initial = (
        {
            "company_name": target.company.name,
            "reason": target.reason,
            "unit": target.unit,
            "next_step": target.next_step,
            "next_step_date": target.next_step_date,
            "status": target.status,
            "version": target.version,
        }
        if target
        else {"unit": _my_unit(request.user, zone)}
    )
    form = TargetForm(request.POST or None, initial=initial)
    choose_from(form, unit=_units_for(request.user, zone))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_target(node=node, actor=request.user, target=target, **_edit(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存目标企业。"))
            return redirect(_node_url(node))
    title = _("目标企业:%(node)s") % {"node": node.name}
    return _render_form(request, form, title=title, back=_node_url(node))


def target_convert(request, pk: int):
    zone = zone_or_404(request)
    target = get_object_or_404(selectors.targets(request.user, zone), pk=pk)
    if not permissions.can_change_some(request.user, zone):
        raise PermissionDenied(_("您无权把目标企业转为线索。"))
    initial = {"name": f"{target.company.name}{target.node.name}项目"}
    form = ConvertForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.convert_target(
                target=target,
                actor=request.user,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                total_investment_wan=form.cleaned_data["total_investment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已转为线索:%(project)s") % {"project": project})
            return redirect("project-detail", project.pk)
    title = _("转为线索:%(company)s") % {"company": target.company.name}
    return _render_form(request, form, title=title, back=_node_url(target.node))
