"""The chains in the API: coverage is the zone's, tags list only the projects the caller may see,
targets only the caller's."""

from tests.factories import TODAY
from zhaoshang.api.tokens import create_token
from zhaoshang.chains import services


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
