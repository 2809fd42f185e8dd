"""The chain pages: the list with its gap count, a chain's map and table as of a day, a node's
enterprises, projects (only those the viewer may see) and targets, the edit forms and every
refusal, tagging, targets and "turn into a lead", the dashboard's card."""

import re

import pytest
from django.core.exceptions import ValidationError

from tests.factories import TODAY
from zhaoshang.chains import services
from zhaoshang.chains.models import Chain, Node, ProjectTag, Target
from zhaoshang.projects.models import Project

MARKUP = "<b>x</b>"


@pytest.fixture(autouse=True)
def frozen_pages(monkeypatch):
    for module in (
        "zhaoshang.dashboard.views",
        "zhaoshang.stats.forms",
        "zhaoshang.stats.selectors",
    ):
        monkeypatch.setattr(f"{module}.shanghai_today", lambda: TODAY)


def metric(page, key: str) -> int:
    found = re.search(rf'data-metric="{key}"[^>]*>(\d+)<', page.text)
    assert found, key
    return int(found.group(1))


def test_every_role_reads_the_chain_list_with_its_gap_count(client, people, chain, link):
    link("甲醇", "华鲁恒升化工股份有限公司", anchor=True)
    for name in ("alice", "bob", "lee", "cody"):
        client.force_login(people[name])
        page = client.get("/chains/")
        assert page.status_code == 200
        assert metric(page, "chain_gaps") == 3
    # As of a day before the anchor was linked, 甲醇 was a gap too.
    assert metric(client.get("/chains/", {"as_of": "2026-01-04"}), "chain_gaps") == 4


def test_the_chain_page_shows_states_figures_and_node_details(
    client, people, chain, link, build, tag, node
):
    link("甲醇", "华鲁恒升化工股份有限公司", anchor=True)
    tag("新材料", build("P1", "20000", unit="group1", negotiating="2026-01-15"))
    tag("新材料", build("P2", "30000", unit="group2", negotiating="2026-01-15"))
    client.force_login(people["bob"])
    page = client.get(f"/chains/{chain.pk}/")
    assert page.status_code == 200
    assert re.search(r'data-node="甲醇" data-state="strong"', page.text)
    assert re.search(r'data-node="新材料" data-state="filling"', page.text)
    assert 'id="zs-chain"' in page.text and "js/chains.js" in page.text
    panel = page.text.split(f'id="node-{node("新材料").pk}"')[1].split("</section>")[0]
    assert 'data-code="P1"' in panel and 'data-code="P2"' not in panel
    assert "另有 1 个项目属其他单位" in panel
    assert "华鲁恒升化工股份有限公司" in page.text and "龙头" in page.text
    # The tier's total counts both projects (figures are the zone's).
    total = page.text.split('data-tier-total="downstream"')[1].split("</tr>")[0]
    assert '<td class="text-end">2</td>' in total


def test_names_are_escaped(client, people, zone):
    chain = services.save_chain(zone=zone, actor=None, name=MARKUP)
    services.save_node(chain=chain, actor=None, name=MARKUP + "节点", tier="upstream")
    client.force_login(people["alice"])
    for path in ("/chains/", f"/chains/{chain.pk}/"):
        assert MARKUP not in client.get(path).text


@pytest.mark.parametrize("who", ["bob", "lee", "cody"])
def test_only_directors_and_admins_open_the_edit_forms(client, people, chain, node, who):
    client.force_login(people[who])
    pk = node("甲醇").pk
    for path in (
        "/chains/new/",
        f"/chains/{chain.pk}/edit/",
        f"/chains/{chain.pk}/nodes/new/",
        f"/chains/{chain.pk}/nodes/{pk}/edit/",
        f"/chains/{chain.pk}/links/new/",
        f"/chains/nodes/{pk}/enterprises/new/",
    ):
        assert client.get(path).status_code == 403, path
    assert client.post("/chains/new/", {"name": "偷建", "sort_order": 0}).status_code == 403
    assert not Chain.objects.filter(name="偷建").exists()
    page = client.get(f"/chains/{chain.pk}/")
    assert f"/chains/{chain.pk}/edit/" not in page.text


def test_a_director_builds_a_chain_through_the_forms(client, people, refs):
    client.force_login(people["alice"])
    made = client.post(
        "/chains/new/", {"name": "现代物流产业链", "industry": refs["chem"].pk, "sort_order": 1}
    )
    chain = Chain.objects.get(name="现代物流产业链")
    assert made.status_code == 302
    client.post(f"/chains/{chain.pk}/nodes/new/", {"name": "仓储", "tier": "upstream", "order": 1})
    client.post(
        f"/chains/{chain.pk}/nodes/new/", {"name": "配送", "tier": "downstream", "order": 2}
    )
    up, down = Node.objects.get(name="仓储"), Node.objects.get(name="配送")
    client.post(f"/chains/{chain.pk}/links/new/", {"from_node": up.pk, "to_node": down.pk})
    assert chain.links.count() == 1
    client.post(
        f"/chains/nodes/{up.pk}/enterprises/new/",
        {"company_name": "德州物流有限公司", "is_anchor": "on", "linked_on": "2026-05-01"},
    )
    assert up.enterprises.get().is_anchor


def test_a_bad_node_shows_the_services_message_and_saves_nothing(client, people, chain):
    client.force_login(people["alice"])
    page = client.post(
        f"/chains/{chain.pk}/nodes/new/", {"name": "甲醇", "tier": "upstream", "order": 1}
    )
    assert page.status_code == 200 and "本产业链已有节点“甲醇”" in page.text
    assert chain.nodes.filter(name="甲醇").count() == 1


def test_a_member_tags_only_their_units_projects(client, people, chain, node, build):
    ours = build("P1", "20000", unit="group1", negotiating="2026-01-15")
    theirs = build("P2", "20000", unit="group2", negotiating="2026-01-15")
    client.force_login(people["bob"])
    form = client.get(f"/chains/nodes/{node('新材料').pk}/tags/new/")
    select = re.search(r"<select [^>]*name=\"project\".*?</select>", form.text, re.S).group(0)
    offered = {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}
    assert ours.pk in offered and theirs.pk not in offered
    url = f"/chains/nodes/{node('新材料').pk}/tags/new/"
    client.post(url, {"project": theirs.pk, "role": "fill", "tagged_on": "2026-05-01"})
    client.post(url, {"project": ours.pk, "role": "fill", "tagged_on": "2026-05-01"})
    assert list(ProjectTag.objects.values_list("project__code", flat=True)) == ["P1"]


@pytest.mark.parametrize("who", ["lee", "cody"])
def test_leaders_and_contributors_neither_tag_nor_keep_targets(client, people, node, who):
    client.force_login(people[who])
    pk = node("新材料").pk
    assert client.get(f"/chains/nodes/{pk}/tags/new/").status_code == 403
    assert client.get(f"/chains/nodes/{pk}/targets/new/").status_code == 403


def test_a_member_adds_a_target_and_turns_it_into_a_lead(client, people, node, refs):
    client.force_login(people["bob"])
    pk = node("新材料").pk
    client.post(
        f"/chains/nodes/{pk}/targets/new/",
        {
            "company_name": "万华化学集团股份有限公司",
            "reason": "聚氨酯龙头",
            "unit": refs["group1"].pk,
            "next_step": "上门拜访",
            "next_step_date": "2026-06-10",
            "status": "open",
        },
    )
    target = Target.objects.get()
    listing = client.get("/chains/targets/")
    assert "万华化学集团股份有限公司" in listing.text and "上门拜访" in listing.text
    page = client.post(
        f"/chains/targets/{target.pk}/convert/",
        {"name": "万华新材料项目", "role": "fill", "total_investment": "1.2亿"},
    )
    project = Project.objects.get(name="万华新材料项目")
    assert page.status_code == 302 and page["Location"] == f"/projects/{project.pk}/"
    assert project.total_investment_wan == 12000 and project.chain_tags.get().node_id == pk


def test_another_units_member_cannot_see_or_convert_the_target(client, people, node, refs):
    target = services.save_target(
        node=node("新材料"),
        actor=None,
        company_name="万华",
        reason="龙头",
        unit=refs["group1"],
        today=TODAY,
    )
    client.force_login(people["carol"])
    assert client.get(f"/chains/targets/{target.pk}/convert/").status_code == 404
    assert (
        client.post(
            f"/chains/targets/{target.pk}/convert/", {"name": "抢", "role": "fill"}
        ).status_code
        == 404
    )
    assert "万华" not in client.get("/chains/targets/").text
    assert not Project.objects.exists()


def test_the_dashboard_shows_the_chain_gaps(client, people, chain):
    client.force_login(people["lee"])
    page = client.get("/", {"from": "2026-01-01", "as_of": "2026-05-31"})
    assert metric(page, "chain_gaps") == 4


def test_an_edit_based_on_a_version_someone_saved_over_is_refused_and_shown(
    client, people, chain, node
):
    client.force_login(people["alice"])
    methanol = node("甲醇")
    url = f"/chains/{chain.pk}/nodes/{methanol.pk}/edit/"
    assert f'name="version" value="{methanol.version}"' in client.get(url).text
    services.save_node(
        chain=chain, actor=None, node=methanol, name="甲醇", tier="midstream", order=9
    )
    stale = {"name": "甲醇(改)", "tier": "midstream", "order": 2, "version": 1}
    page = client.post(url, stale)
    assert page.status_code == 200 and "已被修改" in page.text
    assert node("甲醇").order == 9 and not Node.objects.filter(name="甲醇(改)").exists()
    current = {**stale, "version": node("甲醇").version}
    assert client.post(url, current).status_code == 302
    assert Node.objects.filter(name="甲醇(改)").exists()


def test_an_order_past_its_bound_is_refused_by_the_form_and_the_service(client, people, chain):
    client.force_login(people["alice"])
    page = client.post(
        f"/chains/{chain.pk}/nodes/new/", {"name": "新节点", "tier": "upstream", "order": 10**12}
    )
    assert page.status_code == 200 and not Node.objects.filter(name="新节点").exists()
    with pytest.raises(ValidationError) as refused:
        services.save_node(chain=chain, actor=None, name="新节点", tier="upstream", order=-3)
    assert "order" in refused.value.message_dict
