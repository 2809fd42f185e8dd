"""The API's permission matrix: every operation of the OpenAPI document × every role (and a
read-only token) × the record's place — the user's own unit, another unit of the zone, another
zone. A token acts with exactly its user's rights: 404 for what the user may not see, 403 for what
they may see but not do, 401 without a token; a refusal writes nothing, an allowed write writes.
An operation added to the API without an entry here fails test_every_operation_is_in_the_matrix.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tests.factories import TODAY, d
from tests.security.test_crafted_posts import all_state, zone_state
from zhaoshang.api.api import api
from zhaoshang.api.tokens import create_token
from zhaoshang.chains import services as chain_services
from zhaoshang.fieldwork import services as fieldwork
from zhaoshang.followup import services as followup
from zhaoshang.ledger import services as ledger_services
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, Stage
from zhaoshang.targets.models import Target

OK = "ok"
ROLES = [
    "superuser",
    "director",
    "leader",
    "member",
    "contributor",
    "no_role",
    "other_zone",
    "anonymous",
    "read_only",  # the director's read-only token
]
OWN, OTHER_UNIT, OTHER_ZONE = "own", "other_unit", "other_zone"

# Reading something of the zone (lists, figures, reference records): everyone with a role there.
ZONE_READ = {
    OWN: {
        **dict.fromkeys(ROLES, 200),
        "no_role": 404,
        "other_zone": 404,
        "anonymous": 401,
    },
    OTHER_ZONE: {
        **dict.fromkeys(ROLES, 404),
        "superuser": 200,
        "other_zone": 200,
        "anonymous": 401,
    },
}
# Reading a project: the policy's scope (a member their unit's, a contributor their leads).
PROJECT_READ = {
    OWN: ZONE_READ[OWN],
    OTHER_UNIT: {**ZONE_READ[OWN], "member": 404, "contributor": 404},
    OTHER_ZONE: ZONE_READ[OTHER_ZONE],
}
# Changing a project: admins and directors, members their unit's; read-only tokens nothing.
PROJECT_WRITE = {
    OWN: {
        "superuser": OK,
        "director": OK,
        "leader": 403,
        "member": OK,
        "contributor": 403,
        "no_role": 404,
        "other_zone": 404,
        "anonymous": 401,
        "read_only": 403,
    },
    OTHER_UNIT: {
        "superuser": OK,
        "director": OK,
        "leader": 403,
        "member": 404,
        "contributor": 404,
        "no_role": 404,
        "other_zone": 404,
        "anonymous": 401,
        "read_only": 403,
    },
    OTHER_ZONE: {
        **dict.fromkeys(ROLES, 404),
        "superuser": OK,
        "other_zone": OK,
        "anonymous": 401,
        "read_only": 403,
    },
}
CREATE = {
    OWN: {**PROJECT_WRITE[OWN], "contributor": OK},
    OTHER_ZONE: PROJECT_WRITE[OTHER_ZONE],
}
LEDGER_UPLOAD = {
    OWN: {**PROJECT_WRITE[OWN], "contributor": 403},
    OTHER_ZONE: PROJECT_WRITE[OTHER_ZONE],
}
# An upload is its uploader's (a superuser sees every one but confirms only their own).
UPLOAD_READ = {
    OWN: {**dict.fromkeys(ROLES, 404), "director": 200, "superuser": 200, "anonymous": 401},
    OTHER_ZONE: {**dict.fromkeys(ROLES, 404), "other_zone": 200, "superuser": 200},
}
UPLOAD_READ[OTHER_ZONE]["anonymous"] = 401
UPLOAD_READ[OWN]["read_only"] = 200  # the director's own token
UPLOAD_APPLY = {
    OWN: {**UPLOAD_READ[OWN], "director": OK, "superuser": 403, "read_only": 403},
    OTHER_ZONE: {
        **UPLOAD_READ[OTHER_ZONE],
        "other_zone": OK,
        "superuser": 403,
        "read_only": 403,  # a read-only token is refused every write, before anything else
    },
}

# The team's work (fieldwork): activities and trips are scoped like projects (a member their
# unit's, a contributor their own); events are the zone's, recorded by directors and admins.
MANAGE = {
    OWN: {**PROJECT_WRITE[OWN], "member": 403, "contributor": 403},
    OTHER_ZONE: PROJECT_WRITE[OTHER_ZONE],
}
# Follow-up (commitments, tickets, notices, clocks): contributors have none of it (403 where
# they see the project, 404 where they do not); members their unit's.
FOLLOW_READ = {
    OWN: {**ZONE_READ[OWN], "contributor": 403},
    OTHER_ZONE: ZONE_READ[OTHER_ZONE],
}
FOLLOW_PROJECT_READ = {
    OWN: {**ZONE_READ[OWN], "contributor": 403},
    OTHER_UNIT: PROJECT_READ[OTHER_UNIT],
    OTHER_ZONE: ZONE_READ[OTHER_ZONE],
}
# A ticket or a notice: a contributor sees none (they are the units').
FOLLOW_RECORD_READ = {**FOLLOW_PROJECT_READ, OWN: {**ZONE_READ[OWN], "contributor": 404}}
FOLLOW_RECORD_WRITE = {**PROJECT_WRITE, OWN: {**PROJECT_WRITE[OWN], "contributor": 404}}
# A leader's instruction (领导批示): leaders, directors, admins; members none.
INSTRUCT = {
    OWN: {**PROJECT_WRITE[OWN], "leader": OK, "member": 403},
    OTHER_UNIT: {**PROJECT_WRITE[OTHER_UNIT], "leader": OK},
    OTHER_ZONE: PROJECT_WRITE[OTHER_ZONE],
}
# Reading a news text through the API: those who may paste one on /ingest/ (not leaders).
INGEST = {
    OWN: {**ZONE_READ[OWN], "leader": 403, "read_only": 403},
    OTHER_ZONE: {**ZONE_READ[OTHER_ZONE], "read_only": 403},
}

# Chain targets: directors and admins any unit's, members their unit's; leaders read them all;
# contributors see none.
TARGET_CREATE = {
    OWN: {**MANAGE[OWN], "member": OK},
    OTHER_UNIT: MANAGE[OWN],
    OTHER_ZONE: PROJECT_WRITE[OTHER_ZONE],
}
TARGET_WRITE = {
    OWN: {**PROJECT_WRITE[OWN], "contributor": 404},
    OTHER_UNIT: PROJECT_WRITE[OTHER_UNIT],
    OTHER_ZONE: PROJECT_WRITE[OTHER_ZONE],
}


@dataclass
class Op:
    expect: dict[str, dict[str, object]]
    # (ctx, role, scope) → (path with query, JSON body or None, extra request options)
    request: Callable


def _zone_query(ctx, scope):
    return "?zone=" + (ctx.elsewhere["zone"].code if scope == OTHER_ZONE else ctx.zone.code)


def _project(ctx, role, scope):
    if scope == OTHER_ZONE:
        return ctx.foreign
    if scope == OWN and role == "contributor":
        return ctx.projects["lead"]
    return ctx.projects["own" if scope == OWN else "other"]


def _on_project(suffix: str, body: Callable):
    def make(ctx, role, scope):
        project = _project(ctx, role, scope)
        return f"/api/projects/{project.pk}{suffix}", body(ctx, project), {}

    return make


def _reference(model_key: str):
    def make(ctx, role, scope):
        records = ctx.elsewhere_refs if scope == OTHER_ZONE else ctx.refs_by_model
        return f"/api/{model_key}/{records[model_key].pk}", None, {}

    return make


def _listing(path: str, query: str = ""):
    def make(ctx, role, scope):
        return f"/api/{path}{_zone_query(ctx, scope)}{query}", None, {}

    return make


def _upload(ctx, role, scope):
    content = "项目名称,登记日期\n矩阵新项目,2026-05-02\n".encode()
    upload = SimpleUploadedFile("ledger.csv", content, content_type="text/csv")
    return f"/api/ledger/imports{_zone_query(ctx, scope)}", None, {"files": {"file": upload}}


def _job(suffix: str):
    def make(ctx, role, scope):
        job = ctx.foreign_job if scope == OTHER_ZONE else ctx.job
        return f"/api/ledger/imports/{job.pk}{suffix}", ({} if suffix else None), {}

    return make


def _record(kind: str, suffix: str = "", body: Callable | None = None):
    """A fieldwork or follow-up record of the world: the role's own (a contributor's own where
    they have one), another unit's, another zone's."""

    def make(ctx, role, scope):
        records = ctx.records[kind]
        key = scope if scope != OWN or role != "contributor" else "contributor"
        record = records.get(key, records[scope])
        return f"/api/{kind}/{record.pk}{suffix}", (body(record) if body else None), {}

    return make


def _posting(path: str, body: dict):
    def make(ctx, role, scope):
        return f"/api/{path}{_zone_query(ctx, scope)}", body, {}

    return make


def _versioned(changes: dict):
    return lambda record: {"version": record.version, **changes}


def _deletion(ctx, role, scope):
    path, _body, options = _record("activities")(ctx, role, scope)
    record = ctx.records["activities"][
        "contributor" if scope == OWN and role == "contributor" else scope
    ]
    return f"{path}?version={record.version}", None, options


def _restore_body(ctx, project):
    return {"version": project.version, "reason": "误操作"}


def _chain_node(ctx, scope):
    return ctx.chain_nodes[OTHER_ZONE if scope == OTHER_ZONE else OWN]


def _node_op(suffix: str, body: Callable | None = None):
    def make(ctx, role, scope):
        node = _chain_node(ctx, scope)
        return f"/api/chain-nodes/{node.pk}{suffix}", (body(node) if body else None), {}

    return make


def _tag_op(existing: bool):
    """The node of the scope's zone and the project of the role and scope, tagged first when
    the operation removes a tag."""

    def make(ctx, role, scope):
        node, project = _chain_node(ctx, scope), _project(ctx, role, scope)
        if existing:
            chain_services.tag_project(
                node=node, actor=None, project=project, role="fill", tagged_on=d("2026-05-01")
            )
        body = None if existing else {"role": "strengthen", "tagged_on": "2026-05-20"}
        return f"/api/chain-nodes/{node.pk}/tags/{project.pk}", body, {}

    return make


def _new_target(ctx, role, scope):
    node = _chain_node(ctx, scope)
    unit = ctx.target_units[scope]
    body = {"company_name": "矩阵目标企业", "reason": "补缺", "unit_id": unit.pk}
    return f"/api/chain-nodes/{node.pk}/targets", body, {}


def _chain_target(suffix: str, body: Callable):
    def make(ctx, role, scope):
        target = ctx.chain_targets[scope]
        return f"/api/chain-targets/{target.pk}{suffix}", body(target), {}

    return make


MATRIX: dict[tuple[str, str], Op] = {
    ("get", "/api/me"): Op(
        {OWN: {**dict.fromkeys(ROLES, 200), "anonymous": 401}},
        lambda ctx, role, scope: ("/api/me", None, {}),
    ),
    ("get", "/api/units"): Op(ZONE_READ, _listing("units")),
    ("get", "/api/units/{pk}"): Op(ZONE_READ, _reference("units")),
    ("get", "/api/parks"): Op(ZONE_READ, _listing("parks")),
    ("get", "/api/parks/{pk}"): Op(ZONE_READ, _reference("parks")),
    ("get", "/api/industries"): Op(ZONE_READ, _listing("industries")),
    ("get", "/api/industries/{pk}"): Op(ZONE_READ, _reference("industries")),
    ("get", "/api/companies"): Op(ZONE_READ, _listing("companies")),
    ("get", "/api/companies/{pk}"): Op(ZONE_READ, _reference("companies")),
    ("get", "/api/targets"): Op(ZONE_READ, _listing("targets", "&year=2026")),
    ("get", "/api/targets/{pk}"): Op(ZONE_READ, _reference("targets")),
    ("get", "/api/stats"): Op(ZONE_READ, _listing("stats", "&as_of=2026-05-31")),
    ("get", "/api/stats/{key}/projects"): Op(
        ZONE_READ, _listing("stats/signed/projects", "&as_of=2026-05-31")
    ),
    ("get", "/api/briefing"): Op(ZONE_READ, _listing("briefing", "&format=md&as_of=2026-05-31")),
    ("get", "/api/ledger/export"): Op(ZONE_READ, _listing("ledger/export", "&format=csv")),
    ("get", "/api/projects"): Op(ZONE_READ, _listing("projects")),
    ("get", "/api/chains"): Op(ZONE_READ, _listing("chains", "&as_of=2026-05-31")),
    ("get", "/api/chains/{pk}"): Op(ZONE_READ, _reference("chains")),
    ("get", "/api/chain-targets"): Op(ZONE_READ, _listing("chain-targets")),
    ("post", "/api/chains"): Op(MANAGE, _posting("chains", {"name": "矩阵产业链"})),
    ("patch", "/api/chains/{pk}"): Op(
        MANAGE,
        lambda ctx, role, scope: (
            _reference("chains")(ctx, role, scope)[0],
            {"version": 1, "note": "矩阵"},
            {},
        ),
    ),
    ("post", "/api/chains/{pk}/nodes"): Op(
        MANAGE,
        lambda ctx, role, scope: (
            _reference("chains")(ctx, role, scope)[0] + "/nodes",
            {"name": "矩阵节点", "tier": "downstream"},
            {},
        ),
    ),
    ("patch", "/api/chain-nodes/{pk}"): Op(
        MANAGE, _node_op("", lambda node: {"version": node.version, "order": 9})
    ),
    ("put", "/api/chain-nodes/{pk}/tags/{project_pk}"): Op(PROJECT_WRITE, _tag_op(False)),
    ("delete", "/api/chain-nodes/{pk}/tags/{project_pk}"): Op(PROJECT_WRITE, _tag_op(True)),
    ("post", "/api/chain-nodes/{pk}/targets"): Op(TARGET_CREATE, _new_target),
    ("patch", "/api/chain-targets/{pk}"): Op(
        TARGET_WRITE, _chain_target("", _versioned({"status": "contacting"}))
    ),
    ("post", "/api/chain-targets/{pk}/convert"): Op(
        TARGET_WRITE, _chain_target("/convert", _versioned({"name": "矩阵线索项目"}))
    ),
    ("post", "/api/projects"): Op(
        CREATE,
        lambda ctx, role, scope: (
            f"/api/projects{_zone_query(ctx, scope)}",
            {"name": "矩阵新线索", "on": "2026-05-02"},
            {},
        ),
    ),
    ("get", "/api/projects/{pk}"): Op(PROJECT_READ, _on_project("", lambda ctx, p: None)),
    ("patch", "/api/projects/{pk}"): Op(
        PROJECT_WRITE,
        _on_project("", lambda ctx, p: {"version": p.version, "note": "矩阵"}),
    ),
    ("post", "/api/projects/{pk}/milestones"): Op(
        PROJECT_WRITE,
        _on_project(
            "/milestones",
            lambda ctx, p: {"version": p.version, "stage": "started", "on": "2026-05-20"},
        ),
    ),
    ("post", "/api/projects/{pk}/resign"): Op(
        PROJECT_WRITE,
        _on_project(
            "/resign",
            lambda ctx, p: {"version": p.version, "on": "2026-05-20", "reason": "补充协议"},
        ),
    ),
    ("post", "/api/projects/{pk}/pause"): Op(
        PROJECT_WRITE,
        _on_project(
            "/pause",
            lambda ctx, p: {"version": p.version, "paused": True, "on": "2026-05-20"},
        ),
    ),
    ("post", "/api/projects/{pk}/drop"): Op(
        PROJECT_WRITE,
        _on_project(
            "/drop",
            lambda ctx, p: {"version": p.version, "on": "2026-05-20", "reason": "外迁"},
        ),
    ),
    ("post", "/api/projects/{pk}/restore"): Op(PROJECT_WRITE, _on_project("/restore", None)),
    ("post", "/api/projects/{pk}/funds"): Op(
        PROJECT_WRITE,
        _on_project(
            "/funds",
            lambda ctx, p: {
                "version": p.version,
                "on": "2026-05-20",
                "amount_wan": "100",
                "source": "local",
            },
        ),
    ),
    ("post", "/api/ledger/imports"): Op(LEDGER_UPLOAD, _upload),
    ("get", "/api/ledger/imports/{pk}"): Op(UPLOAD_READ, _job("")),
    ("post", "/api/ledger/imports/{pk}/apply"): Op(UPLOAD_APPLY, _job("/apply")),
    # --- the team's work ---
    ("get", "/api/activities"): Op(ZONE_READ, _listing("activities", "&kind=visit")),
    ("post", "/api/activities"): Op(
        CREATE,
        _posting(
            "activities",
            {"kind": "visit", "date": "2026-05-20", "participants": "矩阵", "summary": "拜访"},
        ),
    ),
    ("get", "/api/activities/{pk}"): Op(PROJECT_READ, _record("activities")),
    ("patch", "/api/activities/{pk}"): Op(
        PROJECT_WRITE, _record("activities", body=_versioned({"place": "矩阵"}))
    ),
    ("delete", "/api/activities/{pk}"): Op(PROJECT_WRITE, _deletion),
    ("get", "/api/trips"): Op(ZONE_READ, _listing("trips", "&from=2026-01-01")),
    ("post", "/api/trips"): Op(
        CREATE,
        _posting(
            "trips", {"participants": "矩阵", "start_date": "2026-05-18", "end_date": "2026-05-19"}
        ),
    ),
    ("get", "/api/trips/{pk}"): Op(PROJECT_READ, _record("trips")),
    ("patch", "/api/trips/{pk}"): Op(
        PROJECT_WRITE, _record("trips", body=_versioned({"purpose": "矩阵"}))
    ),
    ("get", "/api/events"): Op(ZONE_READ, _listing("events", "&to=2026-05-31")),
    ("post", "/api/events"): Op(
        MANAGE,
        _posting("events", {"name": "矩阵推介会", "kind": "promotion", "date": "2026-05-20"}),
    ),
    ("get", "/api/events/{pk}"): Op(ZONE_READ, _record("events")),
    ("patch", "/api/events/{pk}"): Op(MANAGE, _record("events", body=_versioned({"note": "矩阵"}))),
    # --- following through ---
    ("get", "/api/projects/{pk}/commitment"): Op(
        FOLLOW_PROJECT_READ, _on_project("/commitment", lambda ctx, p: None)
    ),
    ("put", "/api/projects/{pk}/commitment"): Op(
        PROJECT_WRITE,
        _on_project("/commitment", lambda ctx, p: {"version": 0, "start_date": "2026-07-01"}),
    ),
    ("get", "/api/projects/{pk}/clocks"): Op(
        FOLLOW_PROJECT_READ, _on_project("/clocks", lambda ctx, p: None)
    ),
    ("get", "/api/tickets"): Op(FOLLOW_READ, _listing("tickets", "&status=open")),
    ("post", "/api/projects/{pk}/tickets"): Op(
        PROJECT_WRITE,
        _on_project(
            "/tickets",
            lambda ctx, p: {
                "category": "power",
                "title": "矩阵供电",
                "department": "供电公司",
                "opened_on": "2026-05-20",
                "deadline": "2026-06-20",
            },
        ),
    ),
    ("get", "/api/tickets/{pk}"): Op(FOLLOW_RECORD_READ, _record("tickets")),
    ("patch", "/api/tickets/{pk}"): Op(
        FOLLOW_RECORD_WRITE, _record("tickets", body=_versioned({"status": "in_progress"}))
    ),
    ("get", "/api/notices"): Op(FOLLOW_READ, _listing("notices", "&open=true")),
    ("post", "/api/projects/{pk}/notices"): Op(
        INSTRUCT,
        _on_project(
            "/notices",
            lambda ctx, p: {
                "kind": "instruction",
                "content": "抓紧推进",
                "issued_on": "2026-05-20",
            },
        ),
    ),
    ("get", "/api/notices/{pk}"): Op(FOLLOW_RECORD_READ, _record("notices")),
    ("post", "/api/notices/{pk}/respond"): Op(
        FOLLOW_RECORD_WRITE,
        _record(
            "notices",
            "/respond",
            _versioned({"response": "已落实", "responded_on": "2026-05-25"}),
        ),
    ),
    ("get", "/api/ranking"): Op(ZONE_READ, _listing("ranking", "&year=2026")),
    # --- reading news ---
    ("post", "/api/ingest"): Op(
        INGEST, _posting("ingest", {"text": "5月8日,签订了投资2亿元的复合肥项目。", "year": 2026})
    ),
}


def test_every_operation_is_in_the_matrix():
    schema = api.get_openapi_schema(path_prefix="/api/")
    operations = {
        (method, path)
        for path, methods in schema["paths"].items()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    }
    missing = sorted(operations - set(MATRIX))
    assert not missing, f"API operations with no entry in tests/api/test_matrix.py: {missing}"
    assert not set(MATRIX) - operations, "entries for operations the API does not have"


@pytest.fixture
def world(zone, refs, people, elsewhere, everyone, projects):
    """The attack suite's zone, people and projects; a signed project and an upload in the other
    zone; a target; a previewed upload of the director's; a token for every role."""
    foreign = services.create_project(
        zone=elsewhere["zone"],
        actor=None,
        code="E-1",
        name="别处签约项目",
        unit=elsewhere["unit"],
        company=elsewhere["anchor"],
        total_investment_wan=Decimal(30000),
        agreement_type=AgreementType.CONTRACT,
        milestones={Stage.SIGNED: d("2026-03-01")},
        today=TODAY,
    )
    target = Target.objects.create(zone=zone, year=2026, metric="signed", count=5)
    foreign_target = Target.objects.create(
        zone=elsewhere["zone"], year=2026, metric="signed", count=3
    )
    content = "项目名称,登记日期\n导入新项目,2026-05-02\n".encode()
    job = ledger_services.start_import(
        zone=zone, actor=people["alice"], filename="a.csv", content=content, today=TODAY
    )
    foreign_job = ledger_services.start_import(
        zone=elsewhere["zone"],
        actor=elsewhere["olga"],
        filename="b.csv",
        content=content,
        today=TODAY,
    )
    assert job.status == foreign_job.status == "preview", job.result
    tokens = {}
    for role, user in everyone.items():
        if user is not None:
            tokens[role] = create_token(user=user, actor=None)[1]
    tokens["read_only"] = create_token(user=people["alice"], actor=None, read_only=True)[1]
    records = _team_records(zone, elsewhere, people, projects, foreign)
    chains = {
        OWN: chain_services.save_chain(zone=zone, actor=None, name="精细化工产业链"),
        OTHER_ZONE: chain_services.save_chain(
            zone=elsewhere["zone"], actor=None, name="别处产业链"
        ),
    }
    chain_nodes = {
        scope: chain_services.save_node(chain=chain, actor=None, name="甲醇", tier="midstream")
        for scope, chain in chains.items()
    }
    target_units = {OWN: refs["group1"], OTHER_UNIT: refs["group2"], OTHER_ZONE: elsewhere["unit"]}
    chain_targets = {
        scope: chain_services.save_target(
            node=chain_nodes[OTHER_ZONE if scope == OTHER_ZONE else OWN],
            actor=None,
            company_name=f"目标企业{scope}",
            reason="补链",
            unit=unit,
            today=TODAY,
        )
        for scope, unit in target_units.items()
    }
    return SimpleNamespace(
        zone=zone,
        elsewhere=elsewhere,
        projects=projects,
        foreign=foreign,
        job=job,
        foreign_job=foreign_job,
        tokens=tokens,
        records=records,
        chain_nodes=chain_nodes,
        target_units=target_units,
        chain_targets=chain_targets,
        refs_by_model={
            "units": refs["group1"],
            "parks": refs["park"],
            "industries": refs["chem"],
            "companies": projects["own"].company,
            "targets": target,
            "chains": chains[OWN],
        },
        elsewhere_refs={
            "units": elsewhere["unit"],
            "parks": elsewhere["park"],
            "industries": elsewhere["industry"],
            "companies": elsewhere["anchor"],
            "targets": foreign_target,
            "chains": chains[OTHER_ZONE],
        },
    )


def _team_records(zone, elsewhere, people, projects, foreign) -> dict:
    """An activity, a trip, a ticket and a notice of 招商一组 (bob's), of 招商二组 and of the other
    zone; cody's own activity and trip; an event in each zone."""
    places = {
        OWN: (zone, projects["own"], people["bob"]),
        OTHER_UNIT: (zone, projects["other"], people["carol"]),
        OTHER_ZONE: (elsewhere["zone"], foreign, elsewhere["olga"]),
    }
    records: dict[str, dict] = {kind: {} for kind in ("activities", "trips", "tickets", "notices")}
    for scope, (place, project, actor) in places.items():
        records["activities"][scope] = _activity(place, actor, project=project)
        records["trips"][scope] = _trip(place, actor, unit=project.unit)
        records["tickets"][scope] = followup.open_ticket(
            project=project,
            actor=None,
            category="land",
            title="用地指标",
            department="自然资源局",
            opened_on=d("2026-04-01"),
            deadline=d("2026-06-30"),
            today=TODAY,
        )
        records["notices"][scope] = followup.issue_notice(
            project=project,
            actor=None,
            kind="instruction",
            content="加快推进",
            issued_on=d("2026-05-01"),
            today=TODAY,
        )
    records["activities"]["contributor"] = _activity(zone, people["cody"])
    records["trips"]["contributor"] = _trip(zone, people["cody"])
    records["events"] = {
        scope: fieldwork.record_event(
            zone=place,
            actor=None,
            name="推介会",
            kind="promotion",
            date=d("2026-05-10"),
            today=TODAY,
        )
        for scope, place in ((OWN, zone), (OTHER_ZONE, elsewhere["zone"]))
    }
    return records


def _activity(zone, actor, **values):
    return fieldwork.record_activity(
        zone=zone,
        actor=actor,
        kind="visit",
        date=d("2026-05-12"),
        participants="登记人",
        summary="登门拜访",
        today=TODAY,
        **values,
    )


def _trip(zone, actor, **values):
    return fieldwork.record_trip(
        zone=zone,
        actor=actor,
        participants="登记人",
        start_date=d("2026-05-05"),
        end_date=d("2026-05-07"),
        today=TODAY,
        **values,
    )


class Rollback(Exception):
    pass


def _cases():
    for key, op in MATRIX.items():
        for scope in op.expect:
            yield pytest.param(key, scope, id=f"{key[0]} {key[1]} {scope}")


@pytest.mark.parametrize(("key", "scope"), list(_cases()))
def test_an_operation_does_only_what_each_role_may(client, world, key, scope):
    method, _path = key
    op = MATRIX[key]
    if key == ("post", "/api/projects/{pk}/restore"):
        # A dropped project to restore, in each place.
        for role_project in (world.projects["own"], world.projects["other"], world.foreign):
            services.drop_project(
                project=role_project, actor=None, on=d("2026-05-01"), reason="测试", today=TODAY
            )
        for name in ("own", "other", "lead"):
            world.projects[name].refresh_from_db()
        world.foreign.refresh_from_db()
        op = Op(op.expect, _on_project("/restore", _restore_body))
    failures = []
    for role in ROLES:
        expect = op.expect[scope][role]
        try:
            with transaction.atomic():
                outcome = _attempt(client, world, op, method, role, scope, expect)
                raise Rollback
        except Rollback:
            pass
        if outcome:
            failures.append(f"{role}: {outcome}")
    assert not failures, "\n".join(failures)


def _attempt(client, world, op, method, role, scope, expect) -> str:
    path, body, options = op.request(world, role, scope)
    headers = {}
    if role != "anonymous":
        headers["Authorization"] = f"Bearer {world.tokens[role]}"
    ours, everything = zone_state(world.zone), all_state()
    theirs = zone_state(world.elsewhere["zone"])
    if "files" in options:
        response = client.post(path, options["files"], headers=headers)
    elif body is None and method == "get":
        response = client.get(path, headers=headers)
    else:
        response = getattr(client, method)(
            path, json.dumps(body or {}), content_type="application/json", headers=headers
        )
    status = response.status_code
    if expect == OK:
        if status not in (200, 201, 204):
            return f"expected a write, got {status} {response.content[:300]!r}"
        place = world.elsewhere["zone"] if scope == OTHER_ZONE else world.zone
        if zone_state(place) == (theirs if scope == OTHER_ZONE else ours):
            return "allowed, yet nothing was written"
        return ""
    if status != expect:
        return f"expected {expect}, got {status} {response.content[:300]!r}"
    if status >= 400:
        if response.json().get("code") in (None, ""):
            return "a refusal without a code"
        if all_state() != everything:
            return "refused, yet something was written"
    return ""
