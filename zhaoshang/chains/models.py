"""Industry chains (docs/chains.md): a zone's chain per priority industry, its nodes in three
tiers with sub-nodes, the links between nodes (supplies → to), the local enterprises of each node
(龙头 flagged), the pipeline projects tagged to a node with their role (补链 / 强链 / 延链), and the
target companies the zone approaches for a gap or a weak node.

Enterprise links and tags carry the day they were made, so a node's coverage as of a past day is
reproducible like every figure (selectors.node_states). Chains, nodes and links are the zone's to
read; a target belongs to a unit (`unit`), so the one permission policy scopes it like a project."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhaoshang.companies.models import Company
from zhaoshang.core.models import VersionedModel
from zhaoshang.org.models import Industry, Unit, Zone
from zhaoshang.projects.models import Project


class Tier(models.TextChoices):
    UPSTREAM = "upstream", _("上游")
    MIDSTREAM = "midstream", _("中游")
    DOWNSTREAM = "downstream", _("下游")


class TagRole(models.TextChoices):
    """What a project does for its node."""

    FILL = "fill", _("补链")
    STRENGTHEN = "strengthen", _("强链")
    EXTEND = "extend", _("延链")


class State(models.TextChoices):
    """A node's coverage on a day (selectors.node_states)."""

    STRONG = "strong", _("强")
    COVERED = "covered", _("已覆盖")
    FILLING = "filling", _("补链中")
    GAP = "gap", _("缺失")


class Chain(VersionedModel):
    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    industry = models.ForeignKey(
        Industry, verbose_name=_("所属产业"), null=True, blank=True, on_delete=models.PROTECT
    )
    name = models.CharField(_("产业链名称"), max_length=100)
    note = models.TextField(_("说明"), max_length=1000, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")
        ordering = ["zone", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="chain_unique_name_in_zone")
        ]

    def __str__(self) -> str:
        return self.name


class Node(VersionedModel):
    chain = models.ForeignKey(
        Chain, verbose_name=_("产业链"), on_delete=models.CASCADE, related_name="nodes"
    )
    tier = models.CharField(pgettext_lazy("产业链", "环节"), max_length=12, choices=Tier.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级节点"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    name = models.CharField(_("节点名称"), max_length=100)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("产业链节点")
        verbose_name_plural = _("产业链节点")
        ordering = ["chain", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "name"], name="node_unique_name_in_chain")
        ]

    def __str__(self) -> str:
        return f"{self.chain.name} · {self.name}"


class Link(models.Model):
    """`from_node` supplies `to_node` (an arrow of the chain map)."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("产业链"), on_delete=models.CASCADE, related_name="links"
    )
    from_node = models.ForeignKey(
        Node, verbose_name=_("供应方节点"), on_delete=models.CASCADE, related_name="links_out"
    )
    to_node = models.ForeignKey(
        Node, verbose_name=_("需求方节点"), on_delete=models.CASCADE, related_name="links_in"
    )

    class Meta:
        verbose_name = _("节点关系")
        verbose_name_plural = _("节点关系")
        ordering = ["chain", "id"]
        constraints = [
            models.UniqueConstraint(fields=["from_node", "to_node"], name="link_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(from_node=models.F("to_node")), name="link_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_node.name} → {self.to_node.name}"


class NodeEnterprise(models.Model):
    """A local enterprise at a node, since `linked_on`; `is_anchor`: a 龙头 of the node."""

    node = models.ForeignKey(
        Node,
        verbose_name=pgettext_lazy("产业链", "节点"),
        on_delete=models.CASCADE,
        related_name="enterprises",
    )
    company = models.ForeignKey(
        Company, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="chain_nodes"
    )
    is_anchor = models.BooleanField(_("龙头企业"), default=False)
    linked_on = models.DateField(_("关联日期"))

    class Meta:
        verbose_name = _("节点企业")
        verbose_name_plural = _("节点企业")
        ordering = ["node", "-is_anchor", "linked_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["node", "company"], name="node_enterprise_unique")
        ]

    def __str__(self) -> str:
        return f"{self.node.name} · {self.company.name}"


class ProjectTag(models.Model):
    """A pipeline project tagged to a node, since `tagged_on`, with what it does there."""

    node = models.ForeignKey(
        Node,
        verbose_name=pgettext_lazy("产业链", "节点"),
        on_delete=models.CASCADE,
        related_name="tags",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="chain_tags"
    )
    role = models.CharField(_("作用"), max_length=12, choices=TagRole.choices)
    tagged_on = models.DateField(_("标注日期"))
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("标注人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("项目标注")
        verbose_name_plural = _("项目标注")
        ordering = ["node", "tagged_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["node", "project"], name="project_tag_unique")
        ]

    def __str__(self) -> str:
        return f"{self.node.name} · {self.project.code}"


class Target(VersionedModel):
    """A company the zone approaches for a node: why it, which unit owns the approach, the next
    step. Turning it into a lead creates the project, tagged to the node (services)."""

    class Status(models.TextChoices):
        OPEN = "open", _("待接触")
        CONTACTING = "contacting", _("接触中")
        CONVERTED = "converted", _("已转为线索")
        CLOSED = "closed", _("已放弃")

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE)
    node = models.ForeignKey(
        Node,
        verbose_name=pgettext_lazy("产业链", "节点"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    company = models.ForeignKey(
        Company, verbose_name=_("目标企业"), on_delete=models.PROTECT, related_name="chain_targets"
    )
    reason = models.CharField(_("推荐理由"), max_length=500)
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT)
    next_step = models.CharField(_("下一步"), max_length=500, blank=True)
    next_step_date = models.DateField(_("下一步日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN)
    project = models.ForeignKey(
        Project,
        verbose_name=_("转化的项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("目标企业")
        verbose_name_plural = _("目标企业")
        ordering = ["node", "status", "id"]
        constraints = [
            models.UniqueConstraint(fields=["node", "company"], name="target_unique_in_node")
        ]

    def __str__(self) -> str:
        return f"{self.node.name} · {self.company.name}"
