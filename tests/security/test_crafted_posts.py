# ruff: noqa: F811 (the fixtures imported from roles.py are named again as arguments)
"""Crafted POSTs: every URL that takes a POST, for every role, with payloads the pages never offer
(a contributor's signing, a member's project in another unit, another zone's parks, another
zone's user at our records). What a role may not do is refused by the policy and the services
whatever the POST says, and a refusal writes nothing. A URL added without an entry here fails
test_every_url_is_in_the_matrix."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.api.operations import operation_url_names
from tests.factories import TODAY, d
from tests.security.roles import elsewhere, everyone, frozen_today, projects  # noqa: F401
from zhaoshang.api.models import ApiToken
from zhaoshang.api.tokens import create_token
from zhaoshang.chains import services as chain_services
from zhaoshang.chains.models import Chain, Node, ProjectTag
from zhaoshang.chains.models import Target as ChainTarget
from zhaoshang.companies.models import Company, Organisation
from zhaoshang.companies.services import save_organisation
from zhaoshang.core.models import ChangeLog
from zhaoshang.fieldwork import services as fieldwork_services
from zhaoshang.fieldwork.models import Activity, Event, Trip
from zhaoshang.followup.models import (
    Commitment,
    FollowupSettings,
    Holiday,
    Notice,
    ResponseStep,
    Ticket,
)
from zhaoshang.followup.services import issue_notice, open_ticket, set_commitment
from zhaoshang.ingest import services as ingest_services
from zhaoshang.ingest.models import Candidate, IngestedText
from zhaoshang.ledger import services as ledger_services
from zhaoshang.ledger.models import LedgerImport
from zhaoshang.org.models import Industry, Membership, Park, Unit, User, Zone
from zhaoshang.projects import services
from zhaoshang.projects.forms import EditProjectForm
from zhaoshang.projects.models import FundsArrived, Project, ProjectType, Stage, StageLog
from zhaoshang.stats.models import CountingRules
from zhaoshang.stats.selectors import zone_figures
from zhaoshang.stats.services import update_counting_rules
from zhaoshang.targets.models import Target

OK = "ok"  # the change is made in our zone
ELSEWHERE = "elsewhere"  # another zone's director changes their own zone; ours stays as it is
ACCOUNT = "account"  # done outside the zone's data (a password, a sign-in lock): `verify` checks it
ROLES = [
    "superuser",
    "director",
    "leader",
    "member",
    "contributor",
    "no_role",
    "other_zone",
    "anonymous",
]
DATA_MODELS = [
    Project,
    Company,
    FundsArrived,
    StageLog,
    Target,
    CountingRules,
    Industry,
    Park,
    Unit,
    Membership,
    Zone,
    IngestedText,
    Candidate,
    Commitment,
    Ticket,
    ResponseStep,
    Holiday,
    FollowupSettings,
    Notice,
    Activity,
    Trip,
    Event,
    Organisation,
    Chain,
    Node,
    ProjectTag,
    ChainTarget,
]


def zone_state(zone: Zone) -> tuple:
    """Everything of the zone a write could change."""
    return (
        list(Project.objects.filter(zone=zone).order_by("pk").values_list("pk", "version")),
        Company.objects.filter(zone=zone).count(),
        FundsArrived.objects.filter(project__zone=zone).count(),
        StageLog.objects.filter(project__zone=zone).count(),
        list(Target.objects.filter(zone=zone).order_by("pk").values_list("pk", "version")),
        list(CountingRules.objects.filter(zone=zone).values_list("version", flat=True)),
        [m.objects.filter(zone=zone).count() for m in (Industry, Park, Unit)],
        list(Membership.objects.filter(zone=zone).values_list("user_id", "role", "unit_id")),
        list(LedgerImport.objects.filter(zone=zone).values_list("pk", "status")),
        IngestedText.objects.filter(zone=zone).count(),
        list(
            Candidate.objects.filter(text__zone=zone)
            .order_by("pk")
            .values_list("pk", "status", "version", "project_id")
        ),
        Zone.objects.values_list("data_changed_at", "code_prefix", "stale_after_days").get(
            pk=zone.pk
        ),
        [
            list(model.objects.filter(zone=zone).order_by("pk").values_list(*fields))
            for model, fields in (
                (Commitment, ("pk", "version")),
                (Ticket, ("pk", "version", "status")),
                (ResponseStep, ("pk",)),
                (Holiday, ("pk", "is_workday")),
                (FollowupSettings, ("pk", "version")),
                (Notice, ("pk", "version")),
                (Activity, ("pk", "version")),
                (Trip, ("pk", "version")),
                (Event, ("pk", "version")),
                (Chain, ("pk", "version")),
                (ChainTarget, ("pk", "version", "status")),
            )
        ],
        list(Node.objects.filter(chain__zone=zone).order_by("pk").values_list("pk", "version")),
        list(
            ProjectTag.objects.filter(node__chain__zone=zone)
            .order_by("pk")
            .values_list("pk", "role", "tagged_on")
        ),
        list(Organisation.objects.filter(zone=zone).order_by("pk").values_list("pk", "version")),
        list(Unit.objects.filter(zone=zone).order_by("pk").values_list("pk", "name", "kind")),
    )


def all_state() -> tuple:
    """Every zone's state, the audit rows about zone data, and the accounts."""
    types = ContentType.objects.get_for_models(*DATA_MODELS).values()
    return (
        [zone_state(zone) for zone in Zone.objects.order_by("pk")],
        ChangeLog.objects.filter(content_type__in=types).count(),
        list(User.objects.order_by("pk").values_list("pk", "password", "is_active", "language")),
    )


# --- what each case posts ----------------------------------------------------------------------


def target(ctx, role: str, which: str) -> Project:
    """The project a case is about: "own" is in the role's reach where it has one (bob's unit,
    cody's lead), "other" is in another unit."""
    if which == "own" and role == "contributor":
        return ctx.projects["lead"]
    return ctx.projects[which]


def edit_data(project: Project, **changes) -> dict:
    data = {
        key: ("" if value is None else value)
        for key, value in EditProjectForm.initial_from(project).items()
        if key != "code"
    }
    return {**data, **changes}


def foreign_refs(ctx, role: str) -> dict:
    """Reference items of a zone the user is not working in."""
    if role == "other_zone":
        return {"industry": ctx.refs["chem"].pk, "park": ctx.refs["park"].pk}
    return {
        "industry": ctx.elsewhere["industry"].pk,
        "park": ctx.elsewhere["park"].pk,
        "introduced_by": ctx.elsewhere["anchor"].pk,
        "referred_by": ctx.elsewhere["olga"].pk,
    }


NEW_LEAD = {
    "name": "新线索项目",
    "project_type": "industrial",
    "first_stage": "lead",
    "first_date": "2026-05-02",
}


def new_later(stage: str) -> dict:
    return {
        **NEW_LEAD,
        "first_stage": stage,
        "company_name": "新签约投资方有限公司",
        "total_investment_wan": "2亿",
        "agreement_type": "contract",
    }


ACTIONS = {
    "milestone": {"stage": "started", "on": "2026-05-20"},
    "correct": {"stage": "signed", "on": "2026-03-02", "reason": "更正"},
    "drop": {"on": "2026-05-20", "reason": "外迁", "dropped_to": ""},
    "undrop": {"reason": "误操作"},
    "pause": {"on": "2026-05-20", "reason": "资金紧张"},
    "funds": {"on": "2026-05-20", "amount_wan": "100", "source": "local", "note": ""},
    "resign": {"on": "2026-05-20", "agreement_type": "contract", "reason": "签订正式合同"},
}
# Who may change a project in their reach ("own") and one in another unit ("other").
ON_OWN = {
    "superuser": OK,
    "director": OK,
    "leader": 403,
    "member": OK,
    "contributor": 403,
    "no_role": 404,
    "other_zone": 404,
    "anonymous": 302,
}
ON_OTHER = {**ON_OWN, "member": 404, "contributor": 404}
MANAGERS_ONLY = {
    "superuser": OK,
    "director": OK,
    "leader": 403,
    "member": 403,
    "contributor": 403,
    "no_role": 404,
    "other_zone": ELSEWHERE,
    "anonymous": 302,
}
NO_WRITE = dict.fromkeys(ROLES, 302)
# Managing people: refused to all but the zone's admins; a user with no zone finds none.
PEOPLE_REFUSED = {**dict.fromkeys(ROLES, 403), "no_role": 404, "anonymous": 302}
# Keeping units and organisations: refused to leaders, members and contributors; another
# zone's director finds none of ours.
DIRECTORY_REFUSED = {**PEOPLE_REFUSED, "other_zone": 404}


@dataclass
class Case:
    url_name: str
    label: str
    expect: dict[str, object]
    url: Callable = lambda ctx, role: ""
    data: Callable = lambda ctx, role: {}
    headers: dict = field(default_factory=dict)
    prepare: Callable | None = None  # before the state is taken
    verify: Callable | None = None  # after a change that was allowed

    def __str__(self) -> str:
        return f"{self.url_name}:{self.label}"


def _action_case(action: str, which: str) -> Case:
    def prepare(ctx, role):
        if action == "undrop":
            services.drop_project(
                project=target(ctx, role, which), actor=None, on=d("2026-05-20"), reason="外迁"
            )

    return Case(
        "project-action",
        f"{action}-{which}",
        ON_OWN if which == "own" else ON_OTHER,
        url=lambda ctx, role: reverse("project-action", args=[target(ctx, role, which).pk, action]),
        data=lambda ctx, role: {
            **ACTIONS[action],
            "version": Project.objects.get(pk=target(ctx, role, which).pk).version,
        },
        prepare=prepare,
    )


def _upload(ctx, role, *, create_missing: bool) -> dict:
    row = "项目名称,登记日期,所属产业\r\n导入的新项目,2026-05-02,{}\r\n".format(
        "新产业" if create_missing else ""
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("台账.csv", row.encode(), content_type="text/csv")
    return {"file": upload, **({"create_missing": "on"} if create_missing else {})}


def _previewed_import(ctx, role):
    job = ledger_services.start_import(
        zone=ctx.zone,
        actor=ctx.everyone["director"],
        filename="台账.csv",
        content="项目名称,登记日期\r\n导入的新项目,2026-05-02\r\n".encode(),
    )
    assert job.status == LedgerImport.Status.PREVIEW, job.result
    ctx.job = job


def _rules_saved_once(ctx, role):
    """The zone's own rules (the admin edits saved rules; a new zone counts by the defaults)."""
    update_counting_rules(
        zone=ctx.zone,
        actor=None,
        major_threshold_wan=Decimal(15000),
        tier_threshold_wan=Decimal(50000),
        minimum_amount_wan=Decimal(0),
        counted_project_types=list(ProjectType.values),
    )


def _lock_out(username: str) -> None:
    AccessAttempt.objects.create(
        username=username,
        ip_address="192.0.2.7",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )


def _interrupted_import(ctx, role):
    """A previewed upload whose confirmation was cut short (its worker killed): failed."""
    _previewed_import(ctx, role)
    LedgerImport.objects.filter(pk=ctx.job.pk).update(status=LedgerImport.Status.FAILED)


def _unit_is(name: str, unit_key: str | None):
    def verify(ctx):
        project = Project.objects.get(zone=ctx.zone, name=name)
        assert project.unit == (ctx.refs[unit_key] if unit_key else None)

    return verify


NEWS = (
    "5月18日,新区与华鲁国际融资租赁有限公司签订了投资2亿元的水溶性复合肥项目。\n"
    "今年以来,新区新签约亿元以上项目3个。\n"
)
# Who may decide on a candidate of a text they may read: a contributor reads only the texts
# they submitted (a director's is 404 to them).
ON_TEXT = {
    "superuser": OK,
    "director": OK,
    "leader": 403,
    "member": OK,
    "contributor": 404,
    "no_role": 404,
    "other_zone": 404,
    "anonymous": 302,
}


def _read_text(by: str):
    def prepare(ctx, role):
        people = {"director": ctx.everyone["director"], "contributor": ctx.everyone["contributor"]}
        ctx.text = ingest_services.ingest_text(zone=ctx.zone, actor=people[by], original=NEWS)
        ctx.candidate = ctx.text.candidates.get()

    return prepare


def _decide_case(action: str, label: str, expect: dict, by: str, data: Callable) -> Case:
    def url(ctx, role):
        return reverse("ingest-decide", args=[ctx.text.pk, ctx.candidate.pk, action])

    def posted(ctx, role):
        prefix = f"c{ctx.candidate.pk}-{action}"
        return {
            f"{prefix}-{key}": value for key, value in {"version": 1, **data(ctx, role)}.items()
        }

    return Case("ingest-decide", label, expect, url=url, data=posted, prepare=_read_text(by))


def _lead_data(ctx, role):
    return {"name": "水溶性复合肥项目", "company_name": "", "amount_wan": "2亿", "on": "2026-05-20"}


def _milestone_data(which: str):
    def data(ctx, role):
        project = target(ctx, role, which)
        return {"project": project.pk, "stage": "started", "on": "2026-05-20"}

    return data


INGEST_CASES = [
    Case(
        "ingest",
        "paste",
        {**MANAGERS_ONLY, "member": OK, "contributor": OK},
        url=lambda ctx, role: reverse("ingest"),
        data=lambda ctx, role: {"text": NEWS},
    ),
    _decide_case("lead", "lead on a director's text", ON_TEXT, "director", _lead_data),
    _decide_case(
        "lead",
        "lead on a contributor's text",
        {**ON_TEXT, "contributor": OK},
        "contributor",
        _lead_data,
    ),
    _decide_case("reject", "reject", ON_TEXT, "director", lambda ctx, role: {"reason": "重复"}),
    _decide_case(
        "milestone",
        "on a project of their own",
        ON_TEXT,
        "director",
        _milestone_data("own"),
    ),
    _decide_case(
        "milestone",
        "on another unit's project",
        {**ON_TEXT, "member": 422},  # not among the projects they may choose
        "director",
        _milestone_data("other"),
    ),
    _decide_case(
        "milestone",
        "a contributor's own lead",
        {**ON_TEXT, "contributor": 403},  # on the lead they submitted, which they may not change
        "contributor",
        _milestone_data("own"),
    ),
]


def _ticket_on(which: str):
    def prepare(ctx, role):
        ctx.ticket = open_ticket(
            project=ctx.projects["own" if which == "own" or role == "contributor" else which],
            actor=None,
            category="power",
            title="临时用电",
            department="供电公司",
            opened_on=d("2026-05-01"),
            deadline=d("2026-05-20"),
            today=TODAY,
        )

    return prepare


def _late_projects(ctx, role):
    """Both projects late to start on 20 May: promised to start on 1 April."""
    for project in (ctx.projects["own"], ctx.projects["other"]):
        set_commitment(
            project=project,
            actor=None,
            start_date=d("2026-04-01"),
            production_date=None,
            investment_wan=None,
            today=TODAY,
        )


def _notice_on(which: str):
    def prepare(ctx, role):
        _late_projects(ctx, role)
        ctx.notice = issue_notice(
            project=ctx.projects["own" if which == "own" or role == "contributor" else which],
            actor=None,
            kind="reminder",
            content="请加快推进",
            issued_on=d("2026-05-20"),
            today=TODAY,
        )

    return prepare


# The follow-up: contributors have none of it (403, even on another unit's project).
FOLLOWUP_OTHER = {**ON_OTHER, "contributor": 403}
FOLLOWUP_CASES = [
    *(
        Case(
            "followup-commitment",
            which,
            ON_OWN if which == "own" else FOLLOWUP_OTHER,
            url=lambda ctx, role, which=which: reverse(
                "followup-commitment", args=[target(ctx, role, which).pk]
            ),
            data=lambda ctx, role: {"start_date": "2026-06-30", "investment_wan": "1000"},
        )
        for which in ("own", "other")
    ),
    *(
        Case(
            "followup-ticket-new",
            which,
            ON_OWN if which == "own" else FOLLOWUP_OTHER,
            url=lambda ctx, role, which=which: reverse(
                "followup-ticket-new", args=[target(ctx, role, which).pk]
            ),
            data=lambda ctx, role: {
                "category": "land",
                "title": "用地",
                "department": "自然资源和规划局",
                "opened_on": "2026-05-20",
                "deadline": "2026-06-30",
            },
        )
        for which in ("own", "other")
    ),
    *(
        Case(
            "followup-ticket",
            which,
            # A contributor's "own" is bob's project here: contributors have no tickets.
            {**(ON_OWN if which == "own" else FOLLOWUP_OTHER), "contributor": 403},
            url=lambda ctx, role: reverse("followup-ticket", args=[ctx.ticket.pk]),
            data=lambda ctx, role: {
                "status": "resolved",
                "department": "供电公司",
                "deadline": "2026-05-20",
                "closed_on": "2026-05-25",
                "resolution": "已接入",
                "version": ctx.ticket.version,
            },
            prepare=_ticket_on(which),
        )
        for which in ("own", "other")
    ),
    *(
        Case(
            "followup-step-new",
            which,
            ON_OWN if which == "own" else FOLLOWUP_OTHER,
            url=lambda ctx, role, which=which: reverse(
                "followup-step-new", args=[target(ctx, role, which).pk]
            ),
            data=lambda ctx, role: {"step": "answered", "done_on": "2026-05-20"},
        )
        for which in ("own", "other")
    ),
    *(
        Case(
            "followup-notice-new",
            f"{kind} on {which}",
            expect,
            url=lambda ctx, role, which=which: reverse(
                "followup-notice-new", args=[target(ctx, role, which).pk]
            ),
            data=lambda ctx, role, kind=kind: {
                "kind": kind,
                "content": "请加快推进",
                "issued_on": "2026-05-20",
            },
            prepare=_late_projects,
        )
        for kind, which, expect in [
            # 督办 is the managers'; both projects are late, a member's unit is no matter.
            ("reminder", "own", {**MANAGERS_ONLY, "other_zone": 404}),
            ("reminder", "other", {**MANAGERS_ONLY, "member": 404, "other_zone": 404}),
            # 领导批示: leaders too.
            (
                "instruction",
                "other",
                {**MANAGERS_ONLY, "leader": OK, "member": 404, "other_zone": 404},
            ),
        ]
    ),
    *(
        Case(
            "followup-notice",
            f"answer on {which}",
            {**(ON_OWN if which == "own" else FOLLOWUP_OTHER), "contributor": 403},
            url=lambda ctx, role: reverse("followup-notice", args=[ctx.notice.pk]),
            data=lambda ctx, role: {"response": "已落实", "responded_on": "2026-05-25"},
            prepare=_notice_on(which),
        )
        for which in ("own", "other")
    ),
    Case(
        "followup-settings",
        "a holiday",
        MANAGERS_ONLY,
        url=lambda ctx, role: reverse("followup-settings"),
        data=lambda ctx, role: {"action": "holiday", "day": "2027-01-04", "name": "元旦"},
    ),
]

CASES = [
    *INGEST_CASES,
    *FOLLOWUP_CASES,
    Case(
        "project-new",
        "lead",
        {**MANAGERS_ONLY, "member": OK, "contributor": OK},
        url=lambda ctx, role: reverse("project-new"),
        data=lambda ctx, role: NEW_LEAD,
    ),
    *(
        Case(
            "project-new",
            f"at {stage}",
            {**MANAGERS_ONLY, "member": OK, "contributor": 200},  # 全员招商 submits leads only
            url=lambda ctx, role: reverse("project-new"),
            data=lambda ctx, role, stage=stage: new_later(stage),
        )
        for stage in ("signed", "operating")
    ),
    Case(
        "project-new",
        "in another unit",
        # A contributor's form has no unit: the lead is the bureau's to assign.
        {**MANAGERS_ONLY, "member": 403, "contributor": OK, "other_zone": 200},
        url=lambda ctx, role: reverse("project-new"),
        data=lambda ctx, role: {**NEW_LEAD, "unit": ctx.refs["group2"].pk},
        verify=lambda ctx: (
            Project.objects.get(name="新线索项目").unit_id in (ctx.refs["group2"].pk, None)
        ),
    ),
    Case(
        "project-new",
        "with another zone's lists",
        {**dict.fromkeys(ROLES, 200), "leader": 403, "no_role": 404, "anonymous": 302},
        url=lambda ctx, role: reverse("project-new"),
        data=lambda ctx, role: {**NEW_LEAD, **foreign_refs(ctx, role)},
    ),
    *(
        Case(
            "project-edit",
            f"rename-{which}",
            ON_OWN if which == "own" else ON_OTHER,
            url=lambda ctx, role, which=which: reverse(
                "project-edit", args=[target(ctx, role, which).pk]
            ),
            data=lambda ctx, role, which=which: edit_data(
                target(ctx, role, which), name="改过的名称"
            ),
        )
        for which in ("own", "other")
    ),
    Case(
        "project-edit",
        "into another unit",
        {**ON_OWN, "member": 403},
        url=lambda ctx, role: reverse("project-edit", args=[target(ctx, role, "own").pk]),
        data=lambda ctx, role: edit_data(target(ctx, role, "own"), unit=ctx.refs["group2"].pk),
    ),
    Case(
        "project-edit",
        "with another zone's lists",
        {**ON_OWN, "superuser": 200, "director": 200, "member": 200},
        url=lambda ctx, role: reverse("project-edit", args=[target(ctx, role, "own").pk]),
        data=lambda ctx, role: edit_data(target(ctx, role, "own"), **foreign_refs(ctx, role)),
    ),
    *(_action_case(action, which) for action in ACTIONS for which in ("own", "other")),
    *(
        Case(
            "project-action",
            f"board drag-{which}",
            {**(ON_OWN if which == "own" else ON_OTHER)},
            url=lambda ctx, role, which=which: reverse(
                "project-action", args=[target(ctx, role, which).pk, "milestone"]
            ),
            data=lambda ctx, role, which=which: {
                "stage": "started",
                "on": "2026-05-20",
                "version": target(ctx, role, which).version,
            },
            headers={"Accept": "application/json"},
        )
        for which in ("own", "other")
    ),
    Case(
        "project-action",
        "an action that does not exist",
        {**ON_OWN, "superuser": 404, "director": 404, "member": 404},
        url=lambda ctx, role: reverse(
            "project-action", args=[target(ctx, role, "own").pk, "delete"]
        ),
        data=lambda ctx, role: {"version": 1},
    ),
    Case(
        "targets",
        "the zone's",
        MANAGERS_ONLY,
        url=lambda ctx, role: reverse("targets") + "?year=2026",
        data=lambda ctx, role: {"count_signed_major": "9", "versions": ""},
    ),
    Case(
        "targets",
        "a unit's of our zone",
        {**MANAGERS_ONLY, "other_zone": 404},
        url=lambda ctx, role: reverse("targets") + f"?year=2026&unit={ctx.refs['group1'].pk}",
        data=lambda ctx, role: {"count_signed_major": "3", "versions": ""},
    ),
    Case(
        "counting-rules",
        "thresholds",
        MANAGERS_ONLY,
        url=lambda ctx, role: reverse("counting-rules"),
        data=lambda ctx, role: {
            "major_threshold_wan": "20000",
            "tier_threshold_wan": "50000",
            "minimum_amount_wan": "0",
            "counted_project_types": ["industrial", "services"],
            "opened_version": 1,
        },
    ),
    Case(
        "ledger",
        "upload",
        {**MANAGERS_ONLY, "member": OK},
        url=lambda ctx, role: reverse("ledger"),
        data=lambda ctx, role: _upload(ctx, role, create_missing=False),
    ),
    Case(
        "ledger",
        "upload creating lists",
        # A member's upload is kept, but creates nothing: the industry is an error in the preview.
        {**MANAGERS_ONLY, "member": OK},
        url=lambda ctx, role: reverse("ledger"),
        data=lambda ctx, role: _upload(ctx, role, create_missing=True),
        verify=lambda ctx: (
            not Industry.objects.filter(name="新产业").exists()
            or LedgerImport.objects.get().create_missing
        ),
    ),
    Case(
        "ledger-import-apply",
        "a director's previewed upload",
        {
            "superuser": 403,  # only the one who uploaded it confirms it
            "director": OK,
            "leader": 404,
            "member": 404,
            "contributor": 404,
            "no_role": 404,
            "other_zone": 404,
            "anonymous": 302,
        },
        url=lambda ctx, role: reverse("ledger-import-apply", args=[ctx.job.pk]),
        prepare=_previewed_import,
    ),
    Case(
        "ledger-import-restart",
        "a director's interrupted upload",
        {
            "superuser": 403,  # only the one who uploaded it starts it again
            "director": OK,
            "leader": 404,
            "member": 404,
            "contributor": 404,
            "no_role": 404,
            "other_zone": 404,
            "anonymous": 302,
        },
        url=lambda ctx, role: reverse("ledger-import-restart", args=[ctx.job.pk]),
        prepare=_interrupted_import,
    ),
    Case(
        "password-change",
        "one's own",
        {**dict.fromkeys(ROLES, ACCOUNT), "anonymous": 302},
        url=lambda ctx, role: reverse("password-change"),
        data=lambda ctx, role: {
            "old_password": "pw",
            "new_password1": "Yunhe-Kaifaqu-2026",
            "new_password2": "Yunhe-Kaifaqu-2026",
        },
        verify=lambda ctx: (
            ctx.everyone[ctx.role].check_password("Yunhe-Kaifaqu-2026")
            or User.objects.get(pk=ctx.everyone[ctx.role].pk).check_password("Yunhe-Kaifaqu-2026")
        ),
    ),
    Case(
        "set-password",
        "a member's, by someone else",
        {
            **dict.fromkeys(ROLES, 403),
            "superuser": ACCOUNT,
            "anonymous": 302,
        },
        url=lambda ctx, role: reverse("set-password", args=[ctx.everyone["member"].pk]),
        data=lambda ctx, role: {
            "new_password1": "Yunhe-Kaifaqu-2026",
            "new_password2": "Yunhe-Kaifaqu-2026",
        },
        verify=lambda ctx: User.objects.get(pk=ctx.everyone["member"].pk).check_password(
            "Yunhe-Kaifaqu-2026"
        ),
    ),
    Case(
        "lift-lock",
        "a member locked out",
        {
            **dict.fromkeys(ROLES, 403),
            "superuser": ACCOUNT,
            "anonymous": 302,
        },
        url=lambda ctx, role: reverse("lift-lock"),
        data=lambda ctx, role: {"kind": "username", "value": "bob"},
        prepare=lambda ctx, role: _lock_out("bob"),
        verify=lambda ctx: not AccessAttempt.objects.filter(username="bob").exists(),
    ),
    # People: the zone's admins (here the superuser); units and organisations: admins and
    # directors. Everyone else is refused, a user with no zone finds none.
    Case(
        "person-new",
        "a leader's account",
        {**PEOPLE_REFUSED, "superuser": OK},
        url=lambda ctx, role: reverse("person-new"),
        data=lambda ctx, role: {
            "username": "crafted",
            "name": "某人",
            "role": "leader",
            "password": "Yunhe-Kaifaqu-2026",
        },
        verify=lambda ctx: User.objects.filter(username="crafted").exists(),
    ),
    Case(
        "person-edit",
        "a member made a director",
        {**PEOPLE_REFUSED, "superuser": OK},
        url=lambda ctx, role: reverse("person-edit", args=[ctx.everyone["member"].pk]),
        data=lambda ctx, role: {"name": "鲍勃", "role": "director", "unit": ""},
    ),
    Case(
        "person-active",
        "a member deactivated",
        {**PEOPLE_REFUSED, "superuser": ACCOUNT},
        url=lambda ctx, role: reverse("person-active", args=[ctx.everyone["member"].pk]),
        data=lambda ctx, role: {"active": "0"},
        verify=lambda ctx: not User.objects.get(pk=ctx.everyone["member"].pk).is_active,
    ),
    Case(
        "unit-new",
        "a resident office",
        {**DIRECTORY_REFUSED, "superuser": OK, "director": OK, "other_zone": ELSEWHERE},
        url=lambda ctx, role: reverse("unit-new"),
        data=lambda ctx, role: {
            "name": "驻北京联络处",
            "kind": "office",
            "city": "北京",
            "sort_order": "0",
        },
    ),
    Case(
        "unit-edit",
        "招商一组 renamed",
        {**DIRECTORY_REFUSED, "superuser": OK, "director": OK},
        url=lambda ctx, role: reverse("unit-edit", args=[ctx.refs["group1"].pk]),
        data=lambda ctx, role: {"name": "改名组", "kind": "group", "sort_order": "0"},
    ),
    Case(
        "organisation-new",
        "a chamber of commerce",
        {**DIRECTORY_REFUSED, "superuser": OK, "director": OK, "other_zone": ELSEWHERE},
        url=lambda ctx, role: reverse("organisation-new"),
        data=lambda ctx, role: {"name": "某商会", "kind": "chamber"},
    ),
    Case(
        "organisation-edit",
        "our chamber renamed",
        {**DIRECTORY_REFUSED, "superuser": OK, "director": OK},
        url=lambda ctx, role: reverse(
            "organisation-edit", args=[Organisation.objects.get(zone=ctx.zone).pk]
        ),
        data=lambda ctx, role: {"name": "改名商会", "kind": "association"},
        prepare=lambda ctx, role: save_organisation(
            zone=ctx.zone, actor=None, name="本区商会", kind="chamber"
        ),
    ),
    Case(
        "switch-zone",
        "to our zone",
        {**NO_WRITE, "no_role": 404, "other_zone": 404},
        url=lambda ctx, role: reverse("switch-zone"),
        data=lambda ctx, role: {"zone": ctx.zone.pk, "next": "/"},
    ),
    Case(
        "set-language",
        "the language one has",
        NO_WRITE,
        url=lambda ctx, role: reverse("set-language"),
        data=lambda ctx, role: {"language": "zh-hans", "next": "/"},
    ),
    Case(
        "login",
        "a wrong password",
        {**dict.fromkeys(ROLES, 200)},
        url=lambda ctx, role: reverse("login"),
        data=lambda ctx, role: {"username": "alice", "password": "wrong"},
    ),
    Case("logout", "", NO_WRITE, url=lambda ctx, role: reverse("logout")),
    Case(
        "api-tokens",
        "one's own new token",
        {**dict.fromkeys(ROLES, ACCOUNT), "anonymous": 302},
        url=lambda ctx, role: reverse("api-tokens"),
        data=lambda ctx, role: {"name": "脚本", "expires": "30"},
        verify=lambda ctx: ApiToken.objects.filter(user=ctx.everyone[ctx.role]).exists(),
    ),
    Case(
        "api-token-change",
        "revoke a member's token",
        {
            **dict.fromkeys(ROLES, 404),
            "superuser": ACCOUNT,
            "member": ACCOUNT,
            "anonymous": 302,
        },
        url=lambda ctx, role: reverse("api-token-change", args=[ctx.token.pk]),
        data=lambda ctx, role: {"action": "revoke"},
        prepare=lambda ctx, role: setattr(
            ctx, "token", create_token(user=ctx.everyone["member"], actor=None)[0]
        ),
        verify=lambda ctx: ApiToken.objects.get(pk=ctx.token.pk).revoked_at is not None,
    ),
    Case(
        "admin:stats_countingrules_change",
        "thresholds",
        # Read only for everyone: rules change from a date on their page, never in place.
        {
            **dict.fromkeys(ROLES, 403),
            "anonymous": 302,
        },
        url=lambda ctx, role: reverse(
            "admin:stats_countingrules_change", args=[CountingRules.objects.get(zone=ctx.zone).pk]
        ),
        data=lambda ctx, role: {
            "major_threshold_wan": "20000",
            "tier_threshold_wan": "50000",
            "minimum_amount_wan": "0",
            "counted_project_types": ["industrial", "services"],
            "opened_version": CountingRules.objects.get(zone=ctx.zone).version,
        },
        prepare=_rules_saved_once,
    ),
]
# --- field work: activities and trips by members for their unit, events by managers ---------


def _visit(project: str):
    def data(ctx, role):
        return {
            "kind": "visit",
            "date": "2026-05-20",
            "project": target(ctx, role, project).pk,
            "participants": "王磊",
            "summary": "登门拜访",
        }

    return data


def _recorded_activity(ctx, role):
    ctx.activity = fieldwork_services.record_activity(
        zone=ctx.zone,
        actor=None,
        kind="visit",
        date=d("2026-05-10"),
        participants="王磊",
        summary="拜访",
        project=ctx.projects["own"],
        today=TODAY,
    )


def _recorded_trip(ctx, role):
    ctx.trip = fieldwork_services.record_trip(
        zone=ctx.zone,
        actor=None,
        unit=ctx.refs["group1"],
        participants="王磊",
        start_date=d("2026-05-10"),
        end_date=d("2026-05-11"),
        today=TODAY,
    )


def _recorded_event(ctx, role):
    ctx.event = fieldwork_services.record_event(
        zone=ctx.zone,
        actor=None,
        name="推介会",
        kind="promotion",
        date=d("2026-05-10"),
        today=TODAY,
    )


TRIP = {
    "participants": "王磊",
    "cities": "上海",
    "start_date": "2026-05-01",
    "end_date": "2026-05-02",
}
EVENT = {"name": "推介会", "kind": "promotion", "date": "2026-05-01"}
FIELDWORK_CASES = [
    Case(
        "fieldwork-activity-new",
        "for their unit's project",
        # A contributor's lead has no unit: they record on it; another unit's project is not
        # among a member's choices (the form says so, 200, nothing written).
        {**ON_OWN, "contributor": OK, "other_zone": ELSEWHERE},
        url=lambda ctx, role: reverse("fieldwork-activity-new"),
        data=_visit("own"),
    ),
    Case(
        "fieldwork-activity-new",
        "for another unit's project",
        {**ON_OWN, "member": 200, "contributor": 200, "other_zone": ELSEWHERE},
        url=lambda ctx, role: reverse("fieldwork-activity-new"),
        data=_visit("other"),
    ),
    Case(
        "fieldwork-activity-edit",
        "their unit's",
        {**ON_OWN, "contributor": 404},
        url=lambda ctx, role: reverse("fieldwork-activity-edit", args=[ctx.activity.pk]),
        data=lambda ctx, role: {**_visit("own")(ctx, "member"), "summary": "再次拜访"},
        prepare=_recorded_activity,
    ),
    Case(
        "fieldwork-stale-days",
        "the zone's days",
        {**MANAGERS_ONLY, "other_zone": ELSEWHERE},
        url=lambda ctx, role: reverse("fieldwork-stale-days"),
        data=lambda ctx, role: {"stale_after_days": 30},
    ),
    Case(
        "fieldwork-trip-new",
        "their unit's",
        {**ON_OWN, "contributor": OK, "other_zone": ELSEWHERE},
        url=lambda ctx, role: reverse("fieldwork-trip-new"),
        data=lambda ctx, role: TRIP,
    ),
    Case(
        "fieldwork-trip-edit",
        "招商一组's",
        {**ON_OWN, "contributor": 404},
        url=lambda ctx, role: reverse("fieldwork-trip-edit", args=[ctx.trip.pk]),
        data=lambda ctx, role: {**TRIP, "participants": "张敏"},
        prepare=_recorded_trip,
    ),
    Case(
        "fieldwork-event-new",
        "an event",
        MANAGERS_ONLY,
        url=lambda ctx, role: reverse("fieldwork-event-new"),
        data=lambda ctx, role: EVENT,
    ),
    Case(
        "fieldwork-event-edit",
        "an event",
        {**MANAGERS_ONLY, "other_zone": 404},
        url=lambda ctx, role: reverse("fieldwork-event-edit", args=[ctx.event.pk]),
        data=lambda ctx, role: {**EVENT, "name": "专题活动"},
        prepare=_recorded_event,
    ),
]
CASES += FIELDWORK_CASES
CASES.append(
    Case(
        "ledger-work-apply",
        "with nothing previewed",
        # Applies only what this session previewed without errors: nothing here, so nothing.
        {**dict.fromkeys(ROLES, 302), "leader": 403, "no_role": 404},
        url=lambda ctx, role: reverse("ledger-work-apply"),
    )
)
CASES.append(
    Case(
        "ledger-chains-apply",
        "with nothing previewed",
        # Chain definitions: directors and admins import; everyone else with a role is refused.
        {
            **dict.fromkeys(ROLES, 302),
            "leader": 403,
            "member": 403,
            "contributor": 403,
            "no_role": 404,
        },
        url=lambda ctx, role: reverse("ledger-chains-apply"),
    )
)
CASES.append(
    Case(
        "ledger-followup-apply",
        "with nothing previewed",
        # The follow-up workbook: those who change projects import; leaders and contributors not.
        {**dict.fromkeys(ROLES, 302), "leader": 403, "contributor": 403, "no_role": 404},
        url=lambda ctx, role: reverse("ledger-followup-apply"),
    )
)


# --- industry chains: directors and admins edit; members tag and keep targets for their unit ---


def _chain(ctx, role):
    """A chain of ours with 合成气 → 甲醇 and a target of 招商一组 on 甲醇."""
    ctx.chain = chain_services.save_chain(zone=ctx.zone, actor=None, name="精细化工产业链")
    ctx.syngas = chain_services.save_node(
        chain=ctx.chain, actor=None, name="合成气", tier="upstream"
    )
    ctx.methanol = chain_services.save_node(
        chain=ctx.chain, actor=None, name="甲醇", tier="midstream"
    )
    ctx.link = chain_services.add_link(actor=None, from_node=ctx.syngas, to_node=ctx.methanol)
    ctx.chain_target = chain_services.save_target(
        node=ctx.methanol,
        actor=None,
        company_name="目标化工公司",
        reason="补链",
        unit=ctx.refs["group1"],
    )


ON_OUR_CHAIN = {**MANAGERS_ONLY, "other_zone": 404}  # another zone's director: not theirs
CHAIN_CASES = [
    Case(
        "chain-new",
        "a chain",
        MANAGERS_ONLY,
        url=lambda ctx, role: reverse("chain-new"),
        data=lambda ctx, role: {"name": "新材料产业链", "sort_order": 0},
    ),
    Case(
        "chain-edit",
        "our chain",
        ON_OUR_CHAIN,
        url=lambda ctx, role: reverse("chain-edit", args=[ctx.chain.pk]),
        data=lambda ctx, role: {"name": "精细化工产业链", "note": "修改", "sort_order": 2},
        prepare=_chain,
    ),
    Case(
        "chain-node-new",
        "a node",
        ON_OUR_CHAIN,
        url=lambda ctx, role: reverse("chain-node-new", args=[ctx.chain.pk]),
        data=lambda ctx, role: {"name": "新材料", "tier": "downstream", "order": 3},
        prepare=_chain,
    ),
    Case(
        "chain-node-edit",
        "a node",
        ON_OUR_CHAIN,
        url=lambda ctx, role: reverse("chain-node-edit", args=[ctx.chain.pk, ctx.syngas.pk]),
        data=lambda ctx, role: {"name": "合成气", "tier": "upstream", "order": 7},
        prepare=_chain,
    ),
    Case(
        "chain-link-new",
        "a link",
        ON_OUR_CHAIN,
        url=lambda ctx, role: reverse("chain-link-new", args=[ctx.chain.pk]),
        data=lambda ctx, role: {"from_node": ctx.methanol.pk, "to_node": ctx.syngas.pk},
        prepare=_chain,
    ),
    Case(
        "chain-link-delete",
        "a link",
        ON_OUR_CHAIN,
        url=lambda ctx, role: reverse("chain-link-delete", args=[ctx.link.pk]),
        prepare=_chain,
    ),
    Case(
        "chain-enterprise-new",
        "an enterprise",
        ON_OUR_CHAIN,
        url=lambda ctx, role: reverse("chain-enterprise-new", args=[ctx.methanol.pk]),
        data=lambda ctx, role: {"company_name": "本地甲醇公司", "linked_on": "2026-05-01"},
        prepare=_chain,
    ),
    Case(
        "chain-tag-new",
        "their unit's project",
        {**ON_OWN, "other_zone": 404},
        url=lambda ctx, role: reverse("chain-tag-new", args=[ctx.methanol.pk]),
        data=lambda ctx, role: {
            "project": ctx.projects["own"].pk,
            "role": "fill",
            "tagged_on": "2026-05-01",
        },
        prepare=_chain,
    ),
    Case(
        "chain-tag-new",
        "another unit's project",
        # Not among a member's choices: the form says so (200), nothing written.
        {**ON_OWN, "member": 200, "other_zone": 404},
        url=lambda ctx, role: reverse("chain-tag-new", args=[ctx.methanol.pk]),
        data=lambda ctx, role: {
            "project": ctx.projects["other"].pk,
            "role": "fill",
            "tagged_on": "2026-05-01",
        },
        prepare=_chain,
    ),
    Case(
        "chain-target-new",
        "for their unit",
        {**ON_OWN, "other_zone": 404},
        url=lambda ctx, role: reverse("chain-target-new", args=[ctx.methanol.pk]),
        data=lambda ctx, role: {
            "company_name": "另一家目标公司",
            "reason": "补链",
            "unit": ctx.refs["group1"].pk,
            "status": "open",
        },
        prepare=_chain,
    ),
    Case(
        "chain-target-new",
        "for another unit",
        {**ON_OWN, "member": 200, "other_zone": 404},
        url=lambda ctx, role: reverse("chain-target-new", args=[ctx.methanol.pk]),
        data=lambda ctx, role: {
            "company_name": "另一家目标公司",
            "reason": "补链",
            "unit": ctx.refs["group2"].pk,
            "status": "open",
        },
        prepare=_chain,
    ),
    Case(
        "chain-target-edit",
        "招商一组's",
        {**ON_OWN, "other_zone": 404},
        url=lambda ctx, role: reverse("chain-target-edit", args=[ctx.chain_target.pk]),
        data=lambda ctx, role: {
            "company_name": "目标化工公司",
            "reason": "补链,已约见",
            "unit": ctx.refs["group1"].pk,
            "status": "contacting",
        },
        prepare=_chain,
    ),
    Case(
        "chain-target-convert",
        "招商一组's",
        {**ON_OWN, "contributor": 404, "other_zone": 404},
        url=lambda ctx, role: reverse("chain-target-convert", args=[ctx.chain_target.pk]),
        data=lambda ctx, role: {"name": "目标化工甲醇项目", "role": "fill", "total_investment": ""},
        prepare=_chain,
    ),
]
CASES += CHAIN_CASES

# URLs whose views only read: a POST changes nothing (checked below, for every one of them).
READ_ONLY = {
    "dashboard",
    "figure-list",
    "project-list",
    "project-detail",
    "company-lookup",
    "pipeline",
    "ledger-export",
    "ledger-template",
    "ledger-import",
    "ledger-import-progress",
    "ledger-import-errors",
    "briefings",
    "briefing-download",
    "accounts",
    "ingest-text",
    "healthz",
    "api:api-root",
    "api:openapi-json",
    "api:openapi-view",
    "followup",
    "followup-responses",
    "followup-overdue",
    "followup-supervision",
    "fieldwork-activities",
    "fieldwork-project-activities",
    "fieldwork-company",
    "fieldwork-trips",
    "fieldwork-trip",
    "fieldwork-events",
    "fieldwork-event",
    "ledger-work",  # a POST previews: it writes nothing (tests/ledger/test_worksheets.py)
    "ledger-work-export",
    "ledger-followup",  # a POST previews: it writes nothing (tests/ledger/test_followsheets.py)
    "ledger-followup-export",
    "ledger-chains",  # a POST previews: it writes nothing (tests/chains/test_sheets.py)
    "ledger-chains-export",
    "chains",
    "chain-detail",
    "chain-targets",
    "my-leads",
    "unit-list",
    "unit-detail",
    "organisation-list",
}
# The API's operations have their own matrix (every operation × role × own/other unit and zone),
# which fails when an operation has no entry: tests/api/test_matrix.py.
API_OPERATIONS = {f"api:{name}" for name in operation_url_names()}


@pytest.fixture
def ctx(zone, refs, people, elsewhere, everyone, projects):
    for user in everyone.values():
        if user is not None:  # the admin is for staff; every role gets that far
            User.objects.filter(pk=user.pk).update(is_staff=True)
            user.is_staff = True
    return SimpleNamespace(
        zone=zone, refs=refs, elsewhere=elsewhere, everyone=everyone, projects=projects
    )


def sign_in(client, ctx, role: str) -> None:
    user = ctx.everyone[role]
    if user is None:
        return
    client.force_login(user)
    if user.is_superuser:  # a superuser works in every zone: in ours for these requests
        client.post(reverse("switch-zone"), {"zone": ctx.zone.pk})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_crafted_post_does_only_what_the_role_may(client, ctx, case, role):
    expect = case.expect[role]
    if case.prepare:
        case.prepare(ctx, role)
    sign_in(client, ctx, role)
    url, data = case.url(ctx, role), case.data(ctx, role)
    ours, everything = zone_state(ctx.zone), all_state()
    locks = AccessAttempt.objects.count()
    response = client.post(url, data, headers=case.headers)
    ctx.role = role
    if expect == ACCOUNT:
        assert response.status_code in (200, 302), response.content.decode()[:3000]
        assert zone_state(ctx.zone) == ours
        assert case.verify(ctx), "allowed, yet not done"
    elif expect == OK:
        assert response.status_code in (200, 302), response.content.decode()[:3000]
        assert zone_state(ctx.zone) != ours, "allowed, yet nothing was written"
        if case.verify:
            assert case.verify(ctx) is not False
    elif expect == ELSEWHERE:
        assert response.status_code in (200, 302)
        assert zone_state(ctx.zone) == ours
    else:
        assert response.status_code == expect, response.content.decode()[:3000]
        assert all_state() == everything, "refused, yet something was written"
        assert AccessAttempt.objects.count() >= locks, "refused, yet a lock was lifted"


def test_every_url_is_in_the_matrix():
    """A new URL needs an entry: in CASES if it takes a POST, in READ_ONLY if it only reads.
    The admin's URLs are swept below, all of them."""
    covered = {case.url_name for case in CASES} | READ_ONLY | API_OPERATIONS
    missing = sorted(name for name in _url_names(get_resolver()) if not name.startswith("admin:"))
    missing = [name for name in missing if name not in covered]
    assert not missing, f"URLs with no entry in tests/security/test_crafted_posts.py: {missing}"


def _url_names(resolver, namespace: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(namespace + pattern.name)
    return names


@pytest.mark.parametrize("name", sorted(READ_ONLY))
def test_a_post_to_a_page_that_reads_writes_nothing(client, ctx, name):
    _previewed_import(ctx, "director")
    args = {
        "figure-list": ["signed"],
        "project-detail": [ctx.projects["own"].pk],
        "ledger-import": [ctx.job.pk],
        "ledger-import-progress": [ctx.job.pk],
        "ledger-import-errors": [ctx.job.pk],
        "briefing-download": ["md"],
        "unit-detail": [ctx.refs["group1"].pk],
        "ingest-text": [ingest_services.ingest_text(zone=ctx.zone, actor=None, original=NEWS).pk],
        "fieldwork-project-activities": [ctx.projects["own"].pk],
        "fieldwork-company": [ctx.projects["own"].company_id],
        "fieldwork-trip": [_recorded_trip(ctx, "director") or ctx.trip.pk],
        "fieldwork-event": [_recorded_event(ctx, "director") or ctx.event.pk],
        "chain-detail": [_chain(ctx, "director") or ctx.chain.pk],
    }.get(name, [])
    sign_in(client, ctx, "director")
    everything = all_state()
    response = client.post(reverse(name, args=args), {"name": "x", "version": 1})
    assert response.status_code < 500
    assert all_state() == everything


def _admin_urls(ctx) -> list[tuple[str, str]]:
    """Every URL of the admin site with real arguments: (name, path)."""
    project_type = ContentType.objects.get_for_model(Project)
    urls = []
    for pattern in admin.site.get_urls():
        patterns = [pattern]
        if isinstance(pattern, URLResolver):
            patterns = [p for p in pattern.url_patterns if isinstance(p, URLPattern)]
        for inner in patterns:
            if not inner.name:
                continue
            name = f"admin:{inner.name}"
            model = next(
                (
                    m
                    for m in admin.site._registry
                    if inner.name.startswith(f"{m._meta.app_label}_{m._meta.model_name}_")
                ),
                None,
            )
            first = model._default_manager.order_by("pk").first() if model else None
            values = {
                "object_id": first.pk if first else 1,
                "id": first.pk if first else 1,
                "app_label": "projects",
                "content_type_id": project_type.pk,
            }
            kwargs = {key: values[key] for key in inner.pattern.regex.groupindex}
            if "object_id" in kwargs and inner.name == "view_on_site":
                kwargs["object_id"] = ctx.projects["own"].pk
            urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


@pytest.mark.parametrize("role", ["superuser", "director", "member", "contributor"])
def test_the_admin_writes_nothing_but_through_the_matrix(client, ctx, role):
    """The admin is for reading: a POST to any of its URLs, by any staff role, changes nothing
    (the counting rules, which directors change there through the service, are in CASES)."""
    explicit = {case.url_name for case in CASES}
    urls = [(name, path) for name, path in _admin_urls(ctx) if name not in explicit]
    assert len(urls) > 30
    for name, path in urls:
        if name == "admin:logout":
            continue  # signs the user out: nothing to change, and the sweep goes on signed in
        sign_in(client, ctx, role)
        everything = all_state()
        response = client.post(path, {})
        assert response.status_code < 500, name
        assert all_state() == everything, name


# --- the services refuse, whatever the caller passes ------------------------------------------


def test_a_contributor_cannot_record_a_signing_through_the_service(zone, people):
    figures = zone_figures(zone=zone, as_of=TODAY, period_from=d("2026-01-01"))
    for milestones, extra in [
        ({Stage.SIGNED: d("2026-05-02")}, {"agreement_type": "contract"}),
        ({Stage.OPERATING: d("2026-05-02")}, {}),
        ({Stage.LEAD: d("2026-05-02")}, {"agreement_type": "framework"}),
    ]:
        with pytest.raises(PermissionDenied, match="全员招商只能提交线索"):
            services.create_project(
                zone=zone,
                actor=people["cody"],
                name="冒充签约项目",
                company_name="冒充的投资方有限公司",
                total_investment_wan=120000,
                milestones=milestones,
                today=TODAY,
                **extra,
            )
    assert not Project.objects.exists() and not Company.objects.filter(zone=zone).exists()
    after = zone_figures(zone=zone, as_of=TODAY, period_from=d("2026-01-01"))
    assert after["signed"].count == figures["signed"].count == 0


def test_a_contributors_lead_belongs_to_no_unit_until_the_bureau_assigns_it(zone, refs, people):
    with pytest.raises(PermissionDenied, match="不指定责任单位"):
        services.create_project(
            zone=zone, actor=people["cody"], name="线索", unit=refs["group1"], today=TODAY
        )
    lead = services.create_project(zone=zone, actor=people["cody"], name="线索", today=TODAY)
    assert lead.unit is None and lead.submitted_by == people["cody"]


def test_a_member_creates_and_moves_projects_only_in_their_unit(zone, refs, people, projects):
    with pytest.raises(PermissionDenied, match="招商一组"):
        services.create_project(
            zone=zone, actor=people["bob"], name="别组项目", unit=refs["group2"], today=TODAY
        )
    with pytest.raises(PermissionDenied):
        services.update_project(project=projects["own"], actor=people["bob"], unit=refs["group2"])
    assert Project.objects.get(pk=projects["own"].pk).unit == refs["group1"]


def test_leaders_and_strangers_create_nothing(zone, people, everyone):
    for role in ("leader", "no_role", "other_zone"):
        with pytest.raises(PermissionDenied):
            services.create_project(
                zone=zone, actor=everyone[role], name="项目", company_name="某公司", today=TODAY
            )
    assert not Project.objects.exists() and not Company.objects.filter(zone=zone).exists()


def test_another_zones_lists_and_companies_are_refused(zone, people, elsewhere, projects):
    for field_name, value in [
        ("industry", elsewhere["industry"]),
        ("park", elsewhere["park"]),
        ("unit", elsewhere["unit"]),
        ("introduced_by", elsewhere["anchor"]),
        ("company", elsewhere["anchor"]),
        (
            "referrer_org",
            save_organisation(zone=elsewhere["zone"], actor=None, name="别处商会", kind="chamber"),
        ),
        ("referred_by", elsewhere["olga"]),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.create_project(
                zone=zone, actor=people["alice"], name="项目", today=TODAY, **{field_name: value}
            )
        assert field_name in caught.value.message_dict
        with pytest.raises(ValidationError):
            services.update_project(
                project=projects["own"], actor=people["alice"], **{field_name: value}
            )
    assert Project.objects.filter(zone=zone).count() == 3


def test_the_introducer_must_be_an_anchor_enterprise(zone, people, projects):
    plain = Company.objects.get(zone=zone, name="华鲁国际融资租赁有限公司")
    with pytest.raises(ValidationError) as caught:
        services.update_project(project=projects["own"], actor=people["alice"], introduced_by=plain)
    assert "龙头企业" in " ".join(caught.value.messages)


def test_a_project_is_submitted_by_whoever_creates_it(zone, people):
    with pytest.raises(TypeError):
        services.create_project(
            zone=zone, actor=people["alice"], name="项目", submitted_by=people["bob"]
        )


@pytest.mark.parametrize("page", ["new", "edit"])
def test_a_refused_project_leaves_no_company_and_no_audit_row(client, zone, people, projects, page):
    """The investor is found or created in the project's transaction: when the project is
    refused (signed without a total investment), the new company goes with it."""
    client.force_login(people["alice"])
    if page == "new":
        url, data = reverse("project-new"), new_later("signed")
    else:
        url = reverse("project-edit", args=[projects["own"].pk])
        data = edit_data(projects["own"], company_name="新签约投资方有限公司")
    before = (Company.objects.count(), ChangeLog.objects.count())  # the sign-in is on record
    response = client.post(url, {**data, "total_investment_wan": ""})
    assert response.status_code == 200 and "须填写总投资" in response.content.decode()
    assert (Company.objects.count(), ChangeLog.objects.count()) == before
    assert not Company.objects.filter(name="新签约投资方有限公司").exists()
