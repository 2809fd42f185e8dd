"""Writes to the industry chains. Each function is one transaction: it asks the permission policy
first (directors and admins edit chains, nodes, links and enterprises; members tag their unit's
projects and keep their unit's targets), checks every field (a refusal names the field and the
value and saves nothing), saves, writes the change log and bumps the zone's data stamp (a node's
coverage is a figure)."""

import datetime as dt
import json
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from zhaoshang.chains.models import (
    Chain,
    Link,
    Node,
    NodeEnterprise,
    ProjectTag,
    TagRole,
    Target,
    Tier,
)
from zhaoshang.companies.models import Channel, Company
from zhaoshang.companies.services import find_company, get_or_create_company
from zhaoshang.core.audit import record_change
from zhaoshang.core.dates import date_error
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.models import ChangeLog
from zhaoshang.core.text import field_text_error
from zhaoshang.core.versions import lock_current
from zhaoshang.org import permissions
from zhaoshang.org.models import Industry, Role, Unit, Zone
from zhaoshang.org.services import mark_zone_changed
from zhaoshang.projects import services as project_services
from zhaoshang.projects.models import Project, Stage


def snapshot(record: models.Model) -> dict:
    data = model_to_dict(record, exclude=["version"])
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _audit(actor, record: models.Model, before: dict | None, zone_id: int, source: str) -> None:
    record_change(
        actor=actor,
        instance=record,
        action=ChangeLog.Action.CREATE if before is None else ChangeLog.Action.UPDATE,
        before=before,
        after=snapshot(record),
        source=source,
    )
    mark_zone_changed(zone_id)


def _audit_delete(actor, record: models.Model, zone_id: int, source: str) -> None:
    record_change(
        actor=actor,
        instance=record,
        action=ChangeLog.Action.DELETE,
        before=snapshot(record),
        after=None,
        source=source,
    )
    mark_zone_changed(zone_id)


def require_editor(actor, zone: Zone) -> None:
    """Chains, nodes, links and enterprises: directors and admins (`actor=None`: the system)."""
    if actor is not None and not permissions.can_manage(actor, zone):
        raise PermissionDenied(_("只有局长和系统管理员可以编辑产业链。"))


def _label(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


def _text_errors(model: type[models.Model], values: dict, names: tuple[str, ...]) -> dict:
    errors = {}
    for name in names:
        if values.get(name) and (message := field_text_error(model, name, values[name])):
            errors[name] = message
    return errors


def _required(model: type[models.Model], values: dict, names: tuple[str, ...]) -> dict:
    return {
        name: _("%(field)s不能为空。") % {"field": _label(model, name)}
        for name in names
        if values.get(name) in (None, "")
    }


def _in_zone(zone: Zone, values: dict, names: tuple[str, ...]) -> dict:
    errors = {}
    for name in names:
        item = values.get(name)
        if item is not None and item.zone_id != zone.pk:
            errors[name] = _("“%(item)s”不属于本开发区。") % {"item": item}
    return errors


def _day_error(on: dt.date | None, subject: str, today: dt.date, planned: bool = False):
    if on is None:
        return _("请填写%(subject)s。") % {"subject": subject}
    return date_error(on, today=today, subject=subject, planned=planned)


# --- chains, nodes, links -----------------------------------------------------------------------


MAX_ORDER = 100_000  # a place in a list: far beyond any chain's, well inside the column


def _order_error(errors: dict, name: str, value: int) -> None:
    if not 0 <= value <= MAX_ORDER:
        errors[name] = _("排序应为 0 到 %(max)s 之间的整数,收到 %(value)s。") % {
            "max": MAX_ORDER,
            "value": value,
        }


def save_chain(
    *,
    zone: Zone,
    actor,
    name: str,
    chain: Chain | None = None,
    industry: Industry | None = None,
    note: str = "",
    sort_order: int = 0,
    source: str = "ui",
    expected_version: int | None = None,
) -> Chain:
    """A new chain of the zone, or the changes to `chain` (`expected_version`: the version the
    edit was based on; StaleEdit if it moved on)."""
    require_editor(actor, zone)
    values = {"name": name.strip(), "industry": industry, "note": note.strip()}
    errors = _required(Chain, values, ("name",))
    errors.update(_text_errors(Chain, values, ("name", "note")))
    errors.update(_in_zone(zone, values, ("industry",)))
    _order_error(errors, "sort_order", sort_order)
    same = Chain.objects.filter(zone=zone, name=values["name"])
    if chain is not None:
        same = same.exclude(pk=chain.pk)
    if values["name"] and "name" not in errors and same.exists():
        errors["name"] = _("产业链“%(name)s”已存在。") % {"name": values["name"]}
    if errors:
        raise ValidationError(errors)
    before = snapshot(chain) if chain is not None else None
    chain = chain or Chain(zone=zone)
    for field, value in {**values, "sort_order": sort_order}.items():
        setattr(chain, field, value)
    with transaction.atomic():
        if before is not None:
            lock_current(chain, expected_version)
            chain.version += 1
        chain.save()
        _audit(actor, chain, before, zone.pk, source)
    return chain


def delete_chain(*, chain: Chain, actor, source: str = "ui") -> None:
    require_editor(actor, chain.zone)
    if Target.objects.filter(node__chain=chain).exists():
        raise ValidationError(_("产业链“%(name)s”还有目标企业,不能删除。") % {"name": chain})
    with transaction.atomic():
        _audit_delete(actor, chain, chain.zone_id, source)
        chain.delete()


def save_node(
    *,
    chain: Chain,
    actor,
    name: str,
    tier: str,
    node: Node | None = None,
    parent: Node | None = None,
    order: int = 0,
    source: str = "ui",
    expected_version: int | None = None,
) -> Node:
    """A node of the chain (a sub-node under `parent`, in the parent's tier), or its changes
    (`expected_version` as for save_chain)."""
    require_editor(actor, chain.zone)
    values = {"name": name.strip(), "tier": tier}
    errors = _required(Node, values, ("name", "tier"))
    errors.update(_text_errors(Node, values, ("name",)))
    _order_error(errors, "order", order)
    if tier and tier not in Tier.values:
        errors["tier"] = _("未知的环节:%(value)s(应为上游、中游或下游)") % {"value": tier}
    if parent is not None:
        if parent.chain_id != chain.pk:
            errors["parent"] = _("上级节点“%(node)s”不在本产业链。") % {"node": parent.name}
        elif node is not None and (parent.pk == node.pk or parent.parent_id == node.pk):
            errors["parent"] = _("节点不能做自己或自己下级的下级。")
        elif parent.parent_id is not None:
            errors["parent"] = _("“%(node)s”已是子节点,子节点下不能再分。") % {"node": parent.name}
        elif tier and parent.tier != tier:
            errors["tier"] = _("子节点须与上级节点“%(node)s”同在%(tier)s。") % {
                "node": parent.name,
                "tier": parent.get_tier_display(),
            }
    same = Node.objects.filter(chain=chain, name=values["name"])
    if node is not None:
        same = same.exclude(pk=node.pk)
    if values["name"] and "name" not in errors and same.exists():
        errors["name"] = _("本产业链已有节点“%(name)s”。") % {"name": values["name"]}
    if errors:
        raise ValidationError(errors)
    before = snapshot(node) if node is not None else None
    node = node or Node(chain=chain)
    node.name, node.tier, node.parent, node.order = values["name"], tier, parent, order
    with transaction.atomic():
        if before is not None:
            lock_current(node, expected_version)
            node.version += 1
        node.save()
        _audit(actor, node, before, chain.zone_id, source)
    return node


def delete_node(*, node: Node, actor, source: str = "ui") -> None:
    require_editor(actor, node.chain.zone)
    if node.tags.exists() or node.targets.exists():
        raise ValidationError(
            _("节点“%(name)s”已标注项目或有目标企业,不能删除。") % {"name": node.name}
        )
    with transaction.atomic():
        _audit_delete(actor, node, node.chain.zone_id, source)
        node.delete()


def add_link(*, actor, from_node: Node, to_node: Node, source: str = "ui") -> Link:
    """`from_node` supplies `to_node`: both of one chain, not the same node, not twice."""
    chain = from_node.chain
    require_editor(actor, chain.zone)
    if to_node.chain_id != chain.pk:
        raise ValidationError({"to_node": _("两个节点须在同一条产业链。")})
    if to_node.pk == from_node.pk:
        raise ValidationError({"to_node": _("节点不能连到自己。")})
    if Link.objects.filter(from_node=from_node, to_node=to_node).exists():
        raise ValidationError(
            {
                "to_node": _("已有关系:%(a)s → %(b)s。")
                % {
                    "a": from_node.name,
                    "b": to_node.name,
                }
            }
        )
    with transaction.atomic():
        link = Link.objects.create(chain=chain, from_node=from_node, to_node=to_node)
        _audit(actor, link, None, chain.zone_id, source)
    return link


def delete_link(*, link: Link, actor, source: str = "ui") -> None:
    require_editor(actor, link.chain.zone)
    with transaction.atomic():
        _audit_delete(actor, link, link.chain.zone_id, source)
        link.delete()


# --- enterprises and tags -------------------------------------------------------------------------


def link_enterprise(
    *,
    node: Node,
    actor,
    linked_on: dt.date,
    company: Company | None = None,
    company_name: str = "",
    is_anchor: bool = False,
    source: str = "ui",
    today: dt.date | None = None,
) -> NodeEnterprise:
    """A local enterprise at the node from `linked_on` (or a change of its flag and date): a
    company of the library, or one found or created by name in the same transaction."""
    zone = node.chain.zone
    require_editor(actor, zone)
    today = today or shanghai_today()
    company = company or _company(zone, company_name)
    errors = _in_zone(zone, {"company": company}, ("company",))
    if company is None and not company_name.strip():
        errors["company"] = _("请填写企业名称。")
    if message := _day_error(linked_on, _label(NodeEnterprise, "linked_on"), today):
        errors["linked_on"] = message
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        company = company or get_or_create_company(
            zone=zone, actor=actor, name=company_name.strip(), source=source
        )
        found = NodeEnterprise.objects.filter(node=node, company=company).first()
        before = snapshot(found) if found else None
        record = found or NodeEnterprise(node=node, company=company)
        record.is_anchor, record.linked_on = is_anchor, linked_on
        record.save()
        _audit(actor, record, before, zone.pk, source)
    return record


def _company(zone: Zone, name: str) -> Company | None:
    """The library's company of that name; a name that cannot be stored is refused before it is
    looked up (PostgreSQL refuses a NUL even in a query)."""
    if not name.strip():
        return None
    if message := field_text_error(Company, "name", name.strip()):
        raise ValidationError({"company": message})
    return find_company(zone=zone, name=name.strip())


def unlink_enterprise(*, record: NodeEnterprise, actor, source: str = "ui") -> None:
    zone = record.node.chain.zone
    require_editor(actor, zone)
    with transaction.atomic():
        _audit_delete(actor, record, zone.pk, source)
        record.delete()


def _require_tagger(actor, project: Project) -> None:
    try:
        permissions.require_change(actor, project)
    except PermissionDenied:
        found = permissions.membership(actor, project.zone)
        if found is not None and found.role == Role.MEMBER and found.unit:
            raise PermissionDenied(
                _("招商人员只能标注本单位(%(unit)s)的项目。") % {"unit": found.unit}
            ) from None
        raise PermissionDenied(_("您无权标注项目到产业链节点。")) from None


def tag_project(
    *,
    node: Node,
    actor,
    project: Project,
    role: str,
    tagged_on: dt.date,
    source: str = "ui",
    today: dt.date | None = None,
) -> ProjectTag:
    """Tag `project` to the node as 补链 / 强链 / 延链 from `tagged_on` (or change the tag)."""
    zone = node.chain.zone
    _require_tagger(actor, project)
    today = today or shanghai_today()
    errors = _in_zone(zone, {"project": project}, ("project",))
    if role not in TagRole.values:
        errors["role"] = _("未知的作用:%(value)s(应为补链、强链或延链)") % {"value": role}
    if message := _day_error(tagged_on, _label(ProjectTag, "tagged_on"), today):
        errors["tagged_on"] = message
    if errors:
        raise ValidationError(errors)
    found = ProjectTag.objects.filter(node=node, project=project).first()
    before = snapshot(found) if found else None
    tag = found or ProjectTag(node=node, project=project)
    tag.role, tag.tagged_on = role, tagged_on
    tag.tagged_by = actor if getattr(actor, "pk", None) else tag.tagged_by
    with transaction.atomic():
        tag.save()
        _audit(actor, tag, before, zone.pk, source)
    return tag


def untag_project(*, tag: ProjectTag, actor, source: str = "ui") -> None:
    _require_tagger(actor, tag.project)
    with transaction.atomic():
        _audit_delete(actor, tag, tag.project.zone_id, source)
        tag.delete()


# --- targets -------------------------------------------------------------------------------------

TARGET_TEXTS = ("reason", "next_step")


def _require_target(actor, target: Target, *, creating: bool) -> None:
    if actor is None:
        return
    role = Role.ADMIN if actor.is_superuser else permissions.role_in(actor, target.zone)
    allowed = role in {Role.ADMIN, Role.DIRECTOR} or (
        role == Role.MEMBER
        and (creating or permissions.can_change(actor, target))
        and permissions.membership(actor, target.zone).unit_id == target.unit_id  # type: ignore[union-attr]
    )
    if allowed:
        return
    if role == Role.MEMBER:
        unit = permissions.membership(actor, target.zone).unit  # type: ignore[union-attr]
        raise PermissionDenied(_("招商人员只能登记本单位(%(unit)s)的目标企业。") % {"unit": unit})
    raise PermissionDenied(_("您无权登记或修改目标企业。"))


def save_target(
    *,
    node: Node,
    actor,
    reason: str,
    unit: Unit | None,
    company: Company | None = None,
    company_name: str = "",
    target: Target | None = None,
    next_step: str = "",
    next_step_date: dt.date | None = None,
    status: str = Target.Status.OPEN,
    source: str = "ui",
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Target:
    """A company to approach for the node, owned by `unit` (a member: their own unit): one of
    the library, or one found or created by name in the same transaction."""
    zone = node.chain.zone
    company = company or _company(zone, company_name)
    today = today or shanghai_today()
    if target is not None:
        _require_target(actor, target, creating=False)  # may the actor touch it as it is?
    values = {
        "company": company,
        "reason": (reason or "").strip(),
        "unit": unit,
        "next_step": (next_step or "").strip(),
        "next_step_date": next_step_date,
        "status": status,
    }
    before = snapshot(target) if target is not None else None
    previous_company = target.company_id if target is not None else None
    record = target or Target(zone=zone, node=node)
    for field, value in values.items():
        setattr(record, field, value)
    if unit is not None:
        _require_target(actor, record, creating=target is None)
    errors = _target_errors(zone, node, record, values, today)
    if company is None and company_name.strip():
        errors.pop("company", None)  # a new company, made below
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if company is None:
            record.company = get_or_create_company(
                zone=zone, actor=actor, name=company_name.strip(), source=source
            )
        if before is not None:
            lock_current(record, expected_version)
            record.version += 1
        record.save()
        _audit(actor, record, before, zone.pk, source)
        _flag_target_companies({record.company_id, previous_company})
    return record


def _flag_target_companies(company_ids: set) -> None:
    """A company is 目标企业 in the library while one of its targets is open or contacted."""
    approached = Target.objects.filter(
        company=models.OuterRef("pk"), status__in=[Target.Status.OPEN, Target.Status.CONTACTING]
    )
    Company.objects.filter(pk__in=company_ids - {None}).update(is_target=models.Exists(approached))


def _target_errors(zone: Zone, node: Node, record: Target, values: dict, today) -> dict:
    errors = _required(Target, values, ("company", "reason", "unit"))
    errors.update(_text_errors(Target, values, TARGET_TEXTS))
    errors.update(_in_zone(zone, values, ("company", "unit")))
    if values["status"] not in Target.Status.values:
        errors["status"] = _("未知的状态:%(value)s") % {"value": values["status"]}
    if values["next_step_date"] and (
        message := date_error(
            values["next_step_date"], today=today, subject=_("下一步日期"), planned=True
        )
    ):
        errors["next_step_date"] = message
    same = Target.objects.filter(node=node, company=values["company"])
    if record.pk:
        same = same.exclude(pk=record.pk)
    if values["company"] is not None and same.exists():
        errors["company"] = _("“%(company)s”已是节点“%(node)s”的目标企业。") % {
            "company": values["company"],
            "node": node.name,
        }
    return errors


def convert_target(
    *,
    target: Target,
    actor,
    name: str,
    role: str = TagRole.FILL,
    total_investment_wan: Decimal | None = None,
    source: str = "ui",
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Project:
    """Turn a target into a lead: a project (through the projects services: the target's
    company, unit and the chain's industry, registered today, 产业链招商) tagged to the node."""
    today = today or shanghai_today()
    _require_target(actor, target, creating=False)
    if role not in TagRole.values:
        raise ValidationError({"role": _("未知的作用:%(value)s") % {"value": role}})
    node = target.node
    with transaction.atomic():
        # Locked and read again: two people converting the same target make one lead.
        lock_current(target, expected_version)
        target.refresh_from_db()
        if target.status == Target.Status.CONVERTED:
            raise ValidationError(
                _("目标企业“%(company)s”已转为线索(%(project)s)。")
                % {"company": target.company, "project": target.project or "—"}
            )
        before = snapshot(target)
        project = project_services.create_project(
            zone=target.zone,
            actor=actor,
            name=name,
            company=target.company,
            unit=target.unit,
            industry=node.chain.industry,
            channel=Channel.INDUSTRY_CHAIN,
            total_investment_wan=total_investment_wan,
            milestones={Stage.LEAD: today},
            source=source,
            today=today,
        )
        tag = ProjectTag.objects.create(
            node=node,
            project=project,
            role=role,
            tagged_on=today,
            tagged_by=actor if getattr(actor, "pk", None) else None,
        )
        _audit(actor, tag, None, target.zone_id, source)
        target.status, target.project = Target.Status.CONVERTED, project
        target.version += 1
        target.save()
        _audit(actor, target, before, target.zone_id, source)
        _flag_target_companies({target.company_id})
    return project
