"""The chains in the API: coverage is the zone's, tags list only the projects the caller may see,
targets only the caller's."""

import json

from tests.factories import TODAY
from zhaoshang.api.tokens import create_token
from zhaoshang.chains import services
from zhaoshang.chains.models import Chain, Node, ProjectTag, Target
from zhaoshang.companies.models import Company
from zhaoshang.projects.models import Project


def auth(user) -> dict:
    return {"Authorization": "Bearer " + create_token(user=user, actor=None)[1]}


def test_a_member_reads_the_chain_with_their_units_tags_and_targets(
    client, people, chain, link, build, tag, node, refs
):
    link("甲醇", "华鲁恒升化工股份有限公司", anchor=True)
    tag("新材料", build("P1", "20000", unit="group1", negotiating="2026-01-15"))
    tag("新材料", build("P2", "20000", unit="group2", negotiating="2026-01-15"))
    for unit, name in (("group1", "甲公司"), ("group2", "乙公司")):
        services.save_target(
            node=node("合成气"),
            actor=None,
            company_name=name,
            reason="配套",
            unit=refs[unit],
            today=TODAY,
        )
    bob = auth(people["bob"])
    listing = client.get("/api/chains?as_of=2026-05-31", headers=bob).json()
    assert listing["items"][0]["states"] == {"strong": 1, "covered": 0, "filling": 1, "gap": 2}
    found = client.get(f"/api/chains/{chain.pk}?as_of=2026-05-31", headers=bob).json()
    nodes = {n["name"]: n for n in found["nodes"]}
    assert nodes["甲醇"]["state"] == "strong" and nodes["甲醇"]["enterprises"][0]["is_anchor"]
    assert [t["project_code"] for t in nodes["新材料"]["tags"]] == ["P1"]
    assert nodes["新材料"]["state"] == "filling" and found["version"] == chain.version
    targets = client.get("/api/chain-targets", headers=bob).json()
    assert [t["company_name"] for t in targets["items"]] == ["甲公司"]
    everything = client.get("/api/chain-targets", headers=auth(people["alice"])).json()
    assert everything["count"] == 2


# --- writes -------------------------------------------------------------------------------------


def send(client, method: str, path: str, body: dict, user, language: str = "zh-hans"):
    return getattr(client, method)(
        path,
        json.dumps(body),
        content_type="application/json",
        headers={**auth(user), "Accept-Language": language},
    )


def test_a_director_builds_a_chain_through_the_api(client, people, refs, zone):
    alice = people["alice"]
    made = send(client, "post", "/api/chains", {"name": "新材料产业链"}, alice)
    assert made.status_code == 201 and made.json()["version"] == 1
    chain = made.json()["id"]
    top = send(
        client, "post", f"/api/chains/{chain}/nodes", {"name": "单体", "tier": "upstream"}, alice
    )
    sub = send(
        client,
        "post",
        f"/api/chains/{chain}/nodes",
        {"name": "特种单体", "tier": "upstream", "parent_id": top.json()["id"]},
        alice,
    )
    assert sub.status_code == 201 and sub.json()["parent_id"] == top.json()["id"]
    changed = send(
        client,
        "patch",
        f"/api/chains/{chain}",
        {"version": 1, "industry_id": refs["chem"].pk, "note": "重点"},
        alice,
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["industry_id"] == refs["chem"].pk and changed.json()["version"] == 2
    assert Chain.objects.get(pk=chain).name == "新材料产业链"  # what was not sent stays
    node = send(
        client, "patch", f"/api/chain-nodes/{top.json()['id']}", {"version": 1, "order": 5}, alice
    )
    assert node.json()["order"] == 5 and node.json()["name"] == "单体"


def test_an_edit_on_a_stale_version_is_409_with_the_current_record_and_writes_nothing(
    client, people, chain, node
):
    alice = people["alice"]
    first = send(client, "patch", f"/api/chains/{chain.pk}", {"version": 1, "note": "甲"}, alice)
    assert first.status_code == 200
    stale = send(client, "patch", f"/api/chains/{chain.pk}", {"version": 1, "note": "乙"}, alice)
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    assert stale.json()["current"]["note"] == "甲" and stale.json()["current"]["version"] == 2
    unversioned = send(client, "patch", f"/api/chain-nodes/{node('甲醇').pk}", {"order": 1}, alice)
    assert unversioned.status_code == 409
    chain.refresh_from_db()
    assert chain.note == "甲" and node("甲醇").order == 2


def test_bad_input_names_the_field_in_either_language_and_writes_nothing(
    client, people, chain, node, elsewhere
):
    alice = people["alice"]
    before = Node.objects.count()
    wrong_tier = send(
        client,
        "post",
        f"/api/chains/{chain.pk}/nodes",
        {"name": "子节点", "tier": "downstream", "parent_id": node("甲醇").pk},
        alice,
    )
    assert wrong_tier.status_code == 422 and "tier" in wrong_tier.json()["fields"]
    assert "甲醇" in wrong_tier.json()["message"]
    foreign = send(
        client,
        "post",
        "/api/chains",
        {"name": "别的链", "industry_id": elsewhere["industry"].pk},
        alice,
        language="en",
    )
    assert foreign.status_code == 422 and "industry_id" in foreign.json()["fields"]
    assert "record" in foreign.json()["message"]
    duplicate = send(client, "post", "/api/chains", {"name": chain.name}, alice)
    assert duplicate.status_code == 422 and "name" in duplicate.json()["fields"]
    assert Node.objects.count() == before and Chain.objects.count() == 1


def test_a_member_tags_their_units_project_and_not_another_units(client, people, node, build):
    bob = people["bob"]
    own = build("P1", "20000", unit="group1", negotiating="2026-01-15")
    other = build("P2", "20000", unit="group2", negotiating="2026-01-15")
    path = f"/api/chain-nodes/{node('新材料').pk}/tags/"
    tagged = send(
        client, "put", path + str(own.pk), {"role": "fill", "tagged_on": "2026-02-01"}, bob
    )
    assert tagged.status_code == 200 and tagged.json()["project_code"] == "P1"
    again = send(client, "put", path + str(own.pk), {"role": "strengthen"}, bob)
    assert again.json()["role"] == "strengthen" and ProjectTag.objects.count() == 1
    refused = send(client, "put", path + str(other.pk), {"role": "fill"}, bob)
    assert refused.status_code == 404 and ProjectTag.objects.count() == 1
    leader = send(client, "put", path + str(own.pk), {"role": "fill"}, people["lee"])
    assert leader.status_code == 403
    removed = client.delete(path + str(own.pk), headers=auth(bob))
    assert removed.status_code == 204 and not ProjectTag.objects.exists()


def test_a_member_keeps_targets_for_their_unit_and_turns_one_into_a_lead(
    client, people, node, refs, chain
):
    bob = people["bob"]
    path = f"/api/chain-nodes/{node('合成气').pk}/targets"
    made = send(client, "post", path, {"company_name": "气体公司", "reason": "补链"}, bob)
    assert made.status_code == 201, made.content
    target = made.json()
    assert target["unit_id"] == refs["group1"].pk and target["status"] == "open"
    other_unit = {"company_name": "另一家", "reason": "补链", "unit_id": refs["group2"].pk}
    refused = send(client, "post", path, other_unit, bob)
    assert refused.status_code == 403 and "招商一组" in refused.json()["message"]
    moved = send(
        client,
        "patch",
        f"/api/chain-targets/{target['id']}",
        {"version": 1, "status": "contacting", "next_step": "约见"},
        bob,
    )
    assert moved.json()["status"] == "contacting" and moved.json()["reason"] == "补链"
    convert = f"/api/chain-targets/{target['id']}/convert"
    lead = send(client, "post", convert, {"version": 2, "name": "气体公司合成气项目"}, bob)
    assert lead.status_code == 200 and lead.json()["status"] == "converted"
    project = Project.objects.get(pk=lead.json()["project_id"])
    assert project.unit == refs["group1"] and project.chain_tags.get().node == node("合成气")
    twice = send(client, "post", convert, {"version": 3, "name": "再来一次"}, bob)
    assert twice.status_code == 422 and Project.objects.filter(name="再来一次").count() == 0
    stranger = send(client, "post", convert, {"version": 3, "name": "x"}, people["carol"])
    assert stranger.status_code == 404


def test_a_name_with_a_control_character_is_refused_naming_the_field(client, people, node):
    alice = people["alice"]
    chain = send(client, "post", "/api/chains", {"name": "新\x00链"}, alice)
    assert chain.status_code == 422 and "name" in chain.json()["fields"]
    assert "U+0000" in chain.json()["message"]
    path = f"/api/chain-nodes/{node('合成气').pk}/targets"
    body = {"company_name": "气体\x00公司", "reason": "补链", "unit_id": None}
    target = send(client, "post", path, body, alice)
    assert target.status_code == 422 and "company" in target.json()["fields"]
    assert Chain.objects.count() == 1 and not Company.objects.filter(name__startswith="气体")


def test_a_target_names_its_company_or_is_refused(client, people, node):
    path = f"/api/chain-nodes/{node('合成气').pk}/targets"
    refused = send(client, "post", path, {"reason": "补链"}, people["alice"])
    assert refused.status_code == 422 and "company_id" in refused.json()["fields"]
    assert not Target.objects.exists()
