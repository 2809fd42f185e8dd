"""Chain writes: every field checked, audited, and refused to those the issue does not allow:
directors and admins edit chains, nodes, links and enterprises; members tag their unit's projects
and keep their unit's targets; leaders and contributors read."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TODAY, d
from zhaoshang.chains import selectors, services
from zhaoshang.chains.models import Chain, Node, NodeEnterprise, ProjectTag, State, Target
from zhaoshang.companies.models import Company
from zhaoshang.core.models import ChangeLog
from zhaoshang.projects.models import Project


def test_a_director_builds_a_chain_and_every_write_is_audited(zone, people, refs):
    alice = people["alice"]
    chain = services.save_chain(zone=zone, actor=alice, name="现代物流产业链")
    up = services.save_node(chain=chain, actor=alice, name="仓储", tier="upstream")
    down = services.save_node(chain=chain, actor=alice, name="城市配送", tier="downstream")
    services.add_link(actor=alice, from_node=up, to_node=down)
    services.link_enterprise(
        node=up,
        actor=alice,
        company_name="德州物流有限公司",
        linked_on=d("2026-03-01"),
        today=TODAY,
    )
    models = set(
        ChangeLog.objects.filter(actor=alice).values_list("content_type__model", flat=True)
    )
    assert {"chain", "node", "link", "nodeenterprise", "company"} <= models


@pytest.mark.parametrize("who", ["bob", "lee", "cody"])
def test_only_directors_and_admins_edit_chains(zone, people, chain, who):
    actor = people[who]
    with pytest.raises(PermissionDenied, match="局长"):
        services.save_chain(zone=zone, actor=actor, name="新产业链")
    with pytest.raises(PermissionDenied):
        services.save_node(chain=chain, actor=actor, name="新节点", tier="upstream")
    with pytest.raises(PermissionDenied):
        services.link_enterprise(
            node=chain.nodes.first(),
            actor=actor,
            company_name="某企业",
            linked_on=TODAY,
            today=TODAY,
        )
    node = chain.nodes.first()
    with pytest.raises(PermissionDenied):
        services.add_link(actor=actor, from_node=node, to_node=chain.nodes.last())
    assert Chain.objects.count() == 1 and not NodeEnterprise.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"name": " "}, "name", "不能为空"),
        ({"tier": "sideways"}, "tier", "sideways"),
        ({"name": "甲醇"}, "name", "已有节点"),
        ({"name": "x" * 101}, "name", "过长"),
    ],
)
def test_a_bad_node_is_refused_naming_the_field(chain, values, field, words):
    count = Node.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.save_node(
            chain=chain, actor=None, **{"name": "乙二醇", "tier": "midstream", **values}
        )
    assert words in " ".join(refused.value.message_dict[field])
    assert Node.objects.count() == count


def test_a_sub_node_stays_in_its_parents_tier_and_chain(zone, chain, node):
    with pytest.raises(ValidationError) as refused:
        services.save_node(
            chain=chain, actor=None, name="醋酸", tier="upstream", parent=node("甲醇")
        )
    assert "中游" in refused.value.message_dict["tier"][0]
    with pytest.raises(ValidationError, match="子节点下不能再分"):
        services.save_node(
            chain=chain, actor=None, name="PP", tier="midstream", parent=node("甲醇制烯烃")
        )


def test_a_link_needs_two_nodes_of_one_chain(zone, chain, node):
    other = services.save_chain(zone=zone, actor=None, name="别的链")
    far = services.save_node(chain=other, actor=None, name="远处", tier="upstream")
    with pytest.raises(ValidationError, match="同一条产业链"):
        services.add_link(actor=None, from_node=node("甲醇"), to_node=far)
    with pytest.raises(ValidationError, match="自己"):
        services.add_link(actor=None, from_node=node("甲醇"), to_node=node("甲醇"))


def test_an_enterprise_link_in_the_future_is_refused(node):
    with pytest.raises(ValidationError) as refused:
        services.link_enterprise(
            node=node("甲醇"),
            actor=None,
            company_name="未来企业",
            linked_on=d("2026-06-02"),
            today=TODAY,
        )
    assert "晚于今天" in refused.value.message_dict["linked_on"][0]
    assert not NodeEnterprise.objects.exists()


def test_a_member_tags_their_units_project_but_not_another_units(people, build, tag):
    ours = build("P1", "20000", unit="group1", negotiating="2026-01-15")
    theirs = build("P2", "20000", unit="group2", negotiating="2026-01-15")
    made = tag("新材料", ours, actor=people["bob"])
    assert made.tagged_by == people["bob"]
    with pytest.raises(PermissionDenied, match="招商一组"):
        tag("新材料", theirs, actor=people["bob"])
    assert list(ProjectTag.objects.values_list("project__code", flat=True)) == ["P1"]


@pytest.mark.parametrize("who", ["lee", "cody"])
def test_leaders_and_contributors_tag_nothing(people, build, tag, who):
    project = build("P1", "20000", negotiating="2026-01-15")
    with pytest.raises(PermissionDenied):
        tag("新材料", project, actor=people[who])
    assert not ProjectTag.objects.exists()


def test_a_tag_with_an_unknown_role_is_refused(build, tag):
    with pytest.raises(ValidationError) as refused:
        tag("新材料", build("P1", "20000", negotiating="2026-01-15"), role="glue")
    assert "glue" in refused.value.message_dict["role"][0]


@pytest.fixture
def target(people, refs, node):
    def make(actor=None, unit="group1", company="万华化学集团股份有限公司", **values):
        return services.save_target(
            node=node("新材料"),
            actor=actor or people["alice"],
            company_name=company,
            reason=values.pop("reason", "国内聚氨酯龙头,有意在华北布局新材料"),
            unit=refs[unit],
            today=TODAY,
            **values,
        )

    return make


def test_a_member_keeps_targets_for_their_unit_only(people, target, refs):
    made = target(actor=people["bob"], next_step="上门拜访", next_step_date=d("2026-06-10"))
    assert made.unit == refs["group1"]
    with pytest.raises(PermissionDenied, match="招商一组"):
        target(actor=people["bob"], unit="group2", company="另一家")
    with pytest.raises(PermissionDenied):
        services.save_target(
            node=made.node,
            actor=people["carol"],
            target=made,
            company=made.company,
            reason="改理由",
            unit=refs["group2"],
            today=TODAY,
        )
    assert Target.objects.count() == 1


@pytest.mark.parametrize("who", ["lee", "cody"])
def test_leaders_and_contributors_keep_no_targets(people, target, who):
    with pytest.raises(PermissionDenied):
        target(actor=people[who])
    assert not Target.objects.exists()


def test_a_target_without_a_reason_is_refused_and_no_company_is_left(target):
    with pytest.raises(ValidationError) as refused:
        target(reason=" ", company="新公司")
    assert "推荐理由" in refused.value.message_dict["reason"][0]
    assert not Target.objects.exists() and not Company.objects.filter(name="新公司").exists()


def test_turning_a_target_into_a_lead_creates_the_project_tagged_to_the_node(
    zone, people, target, node
):
    made = target(actor=people["bob"])
    project = services.convert_target(
        target=made, actor=people["bob"], name="万华新材料项目", today=TODAY
    )
    assert project.lead_date == TODAY and project.unit == made.unit
    assert project.company == made.company and project.channel == "industry_chain"
    assert project.industry == node("新材料").chain.industry
    tag = ProjectTag.objects.get(project=project)
    assert tag.node == node("新材料") and tag.role == "fill"
    made.refresh_from_db()
    assert made.status == Target.Status.CONVERTED and made.project == project
    # The gap is now being filled.
    assert selectors.node_states(zone, TODAY)[node("新材料").pk] == State.FILLING
    with pytest.raises(ValidationError, match="已转为线索"):
        services.convert_target(target=made, actor=people["bob"], name="再来一次", today=TODAY)
    assert Project.objects.count() == 1


def test_a_member_of_another_unit_cannot_turn_the_target_into_a_lead(people, target):
    made = target(actor=people["bob"])
    with pytest.raises(PermissionDenied):
        services.convert_target(target=made, actor=people["carol"], name="抢先", today=TODAY)
    assert not Project.objects.exists()


def test_targets_show_their_last_contact_and_are_scoped_to_the_unit(zone, people, target, refs):
    from zhaoshang.fieldwork import services as fieldwork

    made = target()
    target(unit="group2", company="卫星化学股份有限公司")
    fieldwork.record_activity(
        zone=zone,
        actor=people["bob"],
        kind="visit",
        date=d("2026-05-20"),
        participants="鲍勃",
        summary="拜访",
        company=made.company,
        today=TODAY,
    )
    mine = list(selectors.targets(people["bob"], zone))
    assert [t.company.name for t in mine] == ["万华化学集团股份有限公司"]
    assert mine[0].last_contact == d("2026-05-20")
    assert len(selectors.targets(people["alice"], zone)) == 2
    assert not selectors.targets(people["cody"], zone).exists()


def test_a_company_is_a_target_in_the_library_while_a_target_of_it_is_open(
    client, people, target, node
):
    first = target(actor=people["bob"])
    company = first.company
    assert Company.objects.get(pk=company.pk).is_target
    second = services.save_target(
        node=node("合成气"), actor=None, company=company, reason="配套", unit=first.unit
    )
    services.save_target(
        node=second.node,
        actor=None,
        target=second,
        company=company,
        reason="配套",
        unit=second.unit,
        status=Target.Status.CLOSED,
        today=TODAY,
    )
    assert Company.objects.get(pk=company.pk).is_target  # the first is still open
    client.force_login(people["bob"])
    page = client.get(f"/fieldwork/companies/{company.pk}/")
    assert 'id="company-target"' in page.text
    services.convert_target(target=first, actor=people["bob"], name="万华新材料项目", today=TODAY)
    assert not Company.objects.get(pk=company.pk).is_target
    assert 'id="company-target"' not in client.get(f"/fieldwork/companies/{company.pk}/").text


def test_a_target_moved_to_another_company_leaves_the_first_no_target(people, target):
    made = target(actor=people["bob"])
    services.save_target(
        node=made.node,
        actor=people["bob"],
        target=made,
        company_name="另一家化工公司",
        reason=made.reason,
        unit=made.unit,
        today=TODAY,
    )
    flags = dict(Company.objects.values_list("name", "is_target"))
    assert flags == {"万华化学集团股份有限公司": False, "另一家化工公司": True}


def test_the_api_lists_the_target_companies(client, people, target):
    from zhaoshang.api.tokens import create_token

    made = target(actor=people["bob"])
    Company.objects.create(zone=made.zone, name="普通客商", normalised_name="普通客商")
    token = {"Authorization": "Bearer " + create_token(user=people["lee"], actor=None)[1]}
    found = client.get("/api/companies?target=true", headers=token).json()
    assert [c["name"] for c in found["items"]] == [made.company.name]
    assert found["items"][0]["is_target"] is True
    others = client.get("/api/companies?target=false", headers=token).json()
    assert "普通客商" in [c["name"] for c in others["items"]]
