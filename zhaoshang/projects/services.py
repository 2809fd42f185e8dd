"""Writes to projects. Each function is one transaction that checks the permission policy and the
lifecycle rules, bumps the version and writes its audit rows (stage log, change log) inside it."""

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from zhaoshang.companies.models import Company
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.core.amounts import MAX_WAN, amount_error
from zhaoshang.core.audit import record_change, snapshot
from zhaoshang.core.dates import date_error
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.core.text import check_field_text
from zhaoshang.core.versions import check_version
from zhaoshang.org import permissions
from zhaoshang.org.models import Region, Role, Zone
from zhaoshang.org.services import mark_zone_changed
from zhaoshang.projects.codes import allocate_codes
from zhaoshang.projects.models import DATE_FIELD, FundsArrived, Project, Stage, StageLog
from zhaoshang.projects.rules import label, validate_project
from zhaoshang.projects.search import search_key

CODE_PATTERN = re.compile(r"^[^,\s\x00-\x1f][^,\x00-\x1f]*$")
EDITABLE_FIELDS = {
    "name",
    "company",
    "origin_region",
    "introduced_by",
    "referred_by",
    "referrer_org",
    "expands",
    "industry",
    "park",
    "unit",
    "channel",
    "project_type",
    "total_investment_wan",
    "foreign_capital_usd_wan",
    "agreement_type",
    "note",
}
ZONE_REFERENCES = (
    "company",
    "introduced_by",
    "referrer_org",
    "expands",
    "industry",
    "park",
    "unit",
)
REFERRER_FIELDS = ("referred_by", "introduced_by", "referrer_org")


def create_project(
    *,
    zone: Zone,
    actor,
    name: str,
    code: str = "",
    milestones: dict[Stage, dt.date] | None = None,
    company_name: str | None = None,
    company_uscc: str = "",
    company_region: Region | None = None,
    source: str = "ui",
    today: dt.date | None = None,
    **fields,
) -> Project:
    """A new project, with whatever milestones are already known (an old project entered at
    construction has no earlier dates, and none are invented). The investor is `company`, or
    found or created by `company_name` (with its USCC and region) in the same transaction, so a
    refused project leaves no company behind. Without a code, the zone's scheme gives the next
    one (codes.py), once every rule has passed: a refusal never quotes a code that was not saved.
    """
    today = today or shanghai_today()
    unknown = set(fields) - EDITABLE_FIELDS - {"submitted_by"}
    if unknown:
        raise TypeError(f"create_project() got unexpected fields {sorted(unknown)}")
    if company_name is not None and "company" in fields:
        raise TypeError("create_project() takes company or company_name, not both")
    if actor is not None and "submitted_by" in fields:
        raise TypeError("a project is submitted by its actor; submitted_by is for the system")
    project = Project(zone=zone, name=name.strip(), code=code.strip(), **fields)
    if actor is not None:
        if permissions.role_in(actor, zone) == Role.MEMBER and project.unit_id is None:
            member = permissions.membership(actor, zone)
            assert member is not None  # a role in the zone is a membership of it
            project.unit_id = member.unit_id
        project.submitted_by = actor
    for stage, on in (milestones or {}).items():
        setattr(project, DATE_FIELD[Stage(stage)], on)
    if permissions.submits_only(actor, zone) and not any(
        getattr(project, f"{name}_id") for name in REFERRER_FIELDS
    ):
        project.referred_by = actor  # 全员招商: the contributor who submits a lead referred it
    permissions.require_create(actor, project)
    _check_submission(actor, project)
    with transaction.atomic():
        mark_zone_changed(zone.pk)  # first: the zone's row before the code counter's
        if company_name is not None:
            project.company = _investor(
                zone, actor, company_name, uscc=company_uscc, region=company_region, source=source
            )
        _default_origin(project)
        _check_fields(project)
        if project.code:
            _check_unique_code(project)
        validate_project(project, today=today)
        if not project.code:
            (project.code,) = allocate_codes(zone, year=today.year)
        project.search_text = project_search_key(project)
        project.save()
        StageLog.objects.bulk_create(
            StageLog(
                project=project,
                milestone=stage.value,
                new_date=project.milestone_date(stage),
                actor=actor,
                source=source,
            )
            for stage in Stage
            if project.milestone_date(stage)
        )
        record_change(
            actor=actor,
            instance=project,
            action="create",
            before=None,
            after=snapshot(project),
            source=source,
        )
    return project


def _check_submission(actor, project: Project) -> None:
    """全员招商: a contributor submits a lead (线索); the bureau records whatever comes after. A
    submission that claims more (a later milestone, a signing's agreement, a pause) is refused
    however it was sent."""
    if not permissions.submits_only(actor, project.zone):
        return
    later = [s.label for s in Stage if s != Stage.LEAD and project.milestone_date(s)]
    if project.referred_by_id not in (None, actor.pk) or project.referrer_org_id:
        raise PermissionDenied(_("全员招商提交的线索,引荐人是提交人本人。"))
    if later or project.agreement_type or project.is_paused:
        raise PermissionDenied(
            _("全员招商只能提交线索:不能登记%(milestones)s,也不能填写协议类型或搁置。")
            % {"milestones": "、".join(map(str, later)) or _("线索以外的节点")}
        )


def _investor(
    zone: Zone, actor, name: str, *, uscc: str, region: Region | None, source: str
) -> Company | None:
    """The zone's investor of that name (or USCC), created if new; none for a blank name."""
    if not name.strip():
        return None
    try:
        return get_or_create_company(
            zone=zone, actor=actor, name=name, uscc=uscc, region=region, source=source
        )
    except ValidationError as exc:
        # The company's fields are the project's investor fields.
        fields = {"name": "company", "uscc": "company_uscc", "region": "company_region"}
        raise ValidationError(
            {fields.get(key, key): messages for key, messages in exc.message_dict.items()}
        ) from exc


def update_project(
    *,
    project: Project,
    actor,
    expected_version: int | None = None,
    company_name: str | None = None,
    company_uscc: str = "",
    company_region: Region | None = None,
    source: str = "ui",
    today: dt.date | None = None,
    **changes,
) -> Project:
    """Change the project's attributes (not its milestones: those go through the stage functions).
    The rules of its stage hold on every edit: blanking a signed project's company is refused.
    `expected_version`: the version the user's form was opened at (StaleEdit if it moved on);
    `company_name`: the investor by name, found or created as create_project() does."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_project() got unexpected fields {sorted(unknown)}")
    if company_name is not None and "company" in changes:
        raise TypeError("update_project() takes company or company_name, not both")
    with transaction.atomic():
        project = _locked(project, expected_version)
        permissions.require_change(actor, project)
        before = snapshot(project)
        if company_name is not None:
            changes["company"] = _investor(
                project.zone,
                actor,
                company_name,
                uscc=company_uscc,
                region=company_region,
                source=source,
            )
        for field, value in changes.items():
            setattr(project, field, value.strip() if isinstance(value, str) else value)
        permissions.require_change(actor, project)  # a member cannot hand it to another unit
        _default_origin(project)
        _check_fields(project)
        validate_project(project, today=today or shanghai_today())
        return _save(project, actor=actor, before=before, source=source)


def record_milestone(
    *,
    project: Project,
    actor,
    stage: Stage,
    on: dt.date,
    agreement_type: str = "",
    reason: str = "",
    expected_version: int | None = None,
    source: str = "ui",
    today: dt.date | None = None,
) -> Project:
    """Advance the project, or record a stage it skipped past. A milestone already dated is
    changed with correct_milestone(), not recorded twice."""
    stage = Stage(stage)
    if stage == Stage.DROPPED:
        raise ValueError("use drop_project() to end a project")
    with transaction.atomic():
        project = _locked(project, expected_version)
        permissions.require_change(actor, project)
        existing = project.milestone_date(stage)
        if existing:
            facts = {"project": label(project), "milestone": stage.label, "date": existing}
            message = _("项目 %(project)s:%(milestone)s已登记于 %(date)s,如需改动请更正日期。")
            if stage == Stage.SIGNED:
                # A second agreement is not a second signing: counted once, at the first.
                message += _("再次签约、补充协议或框架协议后的正式合同请登记为“再次签约”。")
            raise ValidationError({DATE_FIELD[stage]: message % facts})
        if project.dropped_date:
            raise ValidationError(
                _("项目 %(project)s 已于 %(date)s 终止,恢复后才能登记%(milestone)s。")
                % {
                    "project": label(project),
                    "date": project.dropped_date,
                    "milestone": stage.label,
                }
            )
        before = snapshot(project)
        setattr(project, DATE_FIELD[stage], on)
        if agreement_type:
            project.agreement_type = agreement_type
        validate_project(project, today=today or shanghai_today())
        return _save_stage(
            project,
            actor=actor,
            before=before,
            source=source,
            milestone=stage.value,
            new_date=on,
            reason=reason,
        )


def correct_milestone(
    *,
    project: Project,
    actor,
    stage: Stage,
    on: dt.date | None,
    reason: str,
    expected_version: int | None = None,
    source: str = "ui",
    today: dt.date | None = None,
) -> Project:
    """Change or clear a milestone's date. The order of dates still holds; the reason is kept."""
    stage = Stage(stage)
    if not reason.strip():
        raise ValidationError({"reason": _("更正节点日期须说明原因。")})
    with transaction.atomic():
        project = _locked(project, expected_version)
        permissions.require_change(actor, project)
        before = snapshot(project)
        old = project.milestone_date(stage)
        if old == on:
            return project
        setattr(project, DATE_FIELD[stage], on)
        if stage == Stage.DROPPED and on is None:
            project.drop_reason, project.dropped_to = "", ""
        validate_project(project, today=today or shanghai_today())
        return _save_stage(
            project,
            actor=actor,
            before=before,
            source=source,
            milestone=stage.value,
            old_date=old,
            new_date=on,
            reason=reason.strip(),
        )


def drop_project(
    *,
    project: Project,
    actor,
    on: dt.date,
    reason: str,
    dropped_to: str = "",
    expected_version: int | None = None,
    source: str = "ui",
    today: dt.date | None = None,
) -> Project:
    with transaction.atomic():
        project = _locked(project, expected_version)
        permissions.require_change(actor, project)
        if project.dropped_date:
            raise ValidationError(
                _("项目 %(project)s 已于 %(date)s 终止。")
                % {"project": label(project), "date": project.dropped_date}
            )
        before = snapshot(project)
        project.dropped_date, project.drop_reason = on, reason.strip()
        project.dropped_to = dropped_to.strip()
        validate_project(project, today=today or shanghai_today())
        return _save_stage(
            project,
            actor=actor,
            before=before,
            source=source,
            milestone=Stage.DROPPED.value,
            new_date=on,
            reason=project.drop_reason,
        )


def undrop_project(
    *,
    project: Project,
    actor,
    reason: str,
    expected_version: int | None = None,
    source: str = "ui",
    today: dt.date | None = None,
) -> Project:
    with transaction.atomic():
        project = _locked(project, expected_version)
        if not project.dropped_date:
            raise ValidationError(
                _("项目 %(project)s 未终止,无需恢复。") % {"project": label(project)}
            )
        return correct_milestone(
            project=project,
            actor=actor,
            stage=Stage.DROPPED,
            on=None,
            reason=reason,
            source=source,
            today=today,
        )


def set_paused(
    *,
    project: Project,
    actor,
    paused: bool,
    on: dt.date,
    reason: str = "",
    expected_version: int | None = None,
    source: str = "ui",
    today: dt.date | None = None,
) -> Project:
    """搁置 is a flag with its own history, not a stage: paused projects still count in theirs."""
    today = today or shanghai_today()
    with transaction.atomic():
        project = _locked(project, expected_version)
        permissions.require_change(actor, project)
        if project.is_paused == paused:
            message = (
                _("项目 %(project)s 已处于搁置状态。")
                if paused
                else _("项目 %(project)s 未被搁置。")
            )
            raise ValidationError(message % {"project": label(project)})
        if date_error(on, today=today):
            subject = _("项目 %(project)s:日期") % {"project": label(project)}
            raise ValidationError({"on": date_error(on, today=today, subject=subject)})
        before = snapshot(project)
        project.is_paused = paused
        return _save_stage(
            project,
            actor=actor,
            before=before,
            source=source,
            milestone=StageLog.PAUSED if paused else StageLog.RESUMED,
            new_date=on,
            reason=reason.strip(),
        )


def record_funds_arrived(
    *,
    project: Project,
    actor,
    on: dt.date,
    amount_wan: Decimal,
    source_of_funds: str,
    note: str = "",
    expected_version: int | None = None,
    source: str = "ui",
    today: dt.date | None = None,
) -> FundsArrived:
    today = today or shanghai_today()
    with transaction.atomic():
        project = _locked(project, expected_version)
        permissions.require_change(actor, project)
        if date_error(on, today=today):
            subject = _("项目 %(project)s:到位日期") % {"project": label(project)}
            raise ValidationError({"arrived_date": date_error(on, today=today, subject=subject)})
        if amount_wan is None or amount_wan <= 0:
            raise ValidationError(
                {
                    "amount_wan": _("项目 %(project)s:到位金额须大于零。")
                    % {"project": label(project)}
                }
            )
        if too_large := amount_error(amount_wan):
            raise ValidationError({"amount_wan": too_large})
        # A project's funds, summed, keep within the bound of one amount, so that the funds of
        # every project of a zone sum within 64 bits as their investments do.
        arrived = project.funds.aggregate(total=Sum("amount_wan"))["total"] or Decimal(0)
        if arrived + amount_wan > MAX_WAN:
            raise ValidationError(
                {
                    "amount_wan": _(
                        "项目 %(project)s:到位资金合计将达 %(total)s 万元,超过每项金额的上限 %(limit)s 万。"
                    )
                    % {
                        "project": label(project),
                        "total": f"{arrived + amount_wan:,f}",
                        "limit": f"{MAX_WAN:,f}",
                    }
                }
            )
        check_field_text(FundsArrived, "note", note)
        funds = FundsArrived(
            project=project,
            arrived_date=on,
            amount_wan=amount_wan,
            source=source_of_funds,
            note=note,
            created_by=actor,
        )
        funds.full_clean(exclude=["project", "created_by"])
        funds.save()
        project.version += 1
        record_change(
            actor=actor,
            instance=funds,
            action="create",
            before=None,
            after=snapshot(funds),
            source=source,
            version=project.version,
        )
        project.save(update_fields=["version", "updated_at"])
        mark_zone_changed(project.zone_id)
    return funds


def _locked(project: Project, expected_version: int | None = None) -> Project:
    """The project as stored, locked for this transaction; StaleEdit if the user's form was
    opened at another version than the stored one."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    check_version(locked, expected_version, related=[(FundsArrived, "project")])
    return locked


def project_search_key(project: Project) -> str:
    return search_key(project.name, project.company.name if project.company else "")


def _save_stage(
    project: Project, *, actor, before: dict, source: str, milestone: str, **log
) -> Project:
    """Save a stage change with its stage-log row (`log`: old_date, new_date, reason) and its
    change-log row, in the caller's transaction."""
    check_field_text(StageLog, "reason", log.get("reason", ""))
    StageLog.objects.create(project=project, milestone=milestone, actor=actor, source=source, **log)
    return _save(project, actor=actor, before=before, source=source)


def _save(project: Project, *, actor, before: dict, source: str) -> Project:
    project.version += 1
    project.search_text = project_search_key(project)
    project.save()
    mark_zone_changed(project.zone_id)
    record_change(
        actor=actor,
        instance=project,
        action="update",
        before=before,
        after=snapshot(project),
        source=source,
    )
    return project


def _check_fields(project: Project) -> None:
    errors = {}
    if not project.name:
        errors["name"] = _("项目名称不能为空。")
    if project.code and (not CODE_PATTERN.match(project.code) or len(project.code) > 40):
        errors["code"] = _("项目编号“%(code)s”无效(不超过40个字符,不含逗号)。") % {
            "code": project.code
        }
    for field in ZONE_REFERENCES:
        related = getattr(project, field)
        if related is not None and related.zone_id != project.zone_id:
            errors[field] = _("“%(value)s”不属于本开发区。") % {"value": related}
    anchor = project.introduced_by
    if "introduced_by" not in errors and anchor is not None and not anchor.is_anchor:
        errors["introduced_by"] = _("引荐企业须为本开发区的龙头企业,“%(value)s”不是。") % {
            "value": anchor
        }
    errors.update(_referrer_errors(project, errors))
    if "expands" not in errors and (message := _capital_increase_error(project)):
        errors["expands"] = message
    if errors:
        raise ValidationError(errors)
    try:
        project.clean_fields(
            exclude=["zone", "code", "name", *ZONE_REFERENCES, "submitted_by", "referred_by"]
        )
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


def _referrer_errors(project: Project, errors: dict) -> dict[str, str]:
    """引荐方: one at most — a person with a role in the zone, an enterprise (introduced_by,
    checked above) or an organisation of the zone's directory."""
    given = [name for name in REFERRER_FIELDS if getattr(project, f"{name}_id")]
    if len(given) > 1:
        return {
            given[-1]: _(
                "项目 %(project)s 只能有一个引荐方(个人、企业或机构),现填写了%(count)s个。"
            )
            % {"project": project.name, "count": len(given)}
        }
    person = project.referred_by
    if person is not None and not permissions.membership(person, project.zone):
        return {
            "referred_by": _("引荐人“%(user)s”在本开发区没有角色。")
            % {"user": person.get_full_name() or person.username}
        }
    return {}


def _default_origin(project: Project) -> None:
    """Where the investment comes from, when nobody said: the investor's home region."""
    if project.origin_region_id is None and project.company_id is not None:
        # Read from the database: the caller's Company may predate a change of its region.
        project.origin_region_id = (
            Company.objects.filter(pk=project.company_id).values_list("region_id", flat=True).get()
        )


def _capital_increase_error(project: Project) -> str | None:
    """增资扩产: the original must be a signed project (its signing already counted), and an
    original itself, so that each signing is counted once and each increase by its increment."""
    original = project.expands
    if original is None:
        return None
    if project.pk is not None and original.pk == project.pk:
        return _("增资扩产的原项目不能是本项目。")
    if not original.signed_date:
        return _("原项目 %(project)s 尚未签约:增资扩产是已签约项目的增资。") % {
            "project": label(original)
        }
    if original.expands_id is not None:
        return _("%(project)s 本身是增资扩产项目,请选择它的原项目。") % {"project": label(original)}
    if project.pk is not None and project.capital_increases.exists():
        return _("本项目已有增资扩产项目,不能再作为其他项目的增资扩产。")
    return None


def record_resigning(
    *,
    project: Project,
    actor,
    on: dt.date,
    agreement_type: str = "",
    reason: str,
    expected_version: int | None = None,
    source: str = "ui",
    today: dt.date | None = None,
) -> Project:
    """A later agreement of a signed project — a re-signing, a supplementary agreement, the
    formal contract after a framework agreement — kept in the stage log with its date. The
    signing counted stays the first (signed_date): no figure changes. The agreement type becomes
    the new agreement's."""
    if not reason.strip():
        raise ValidationError({"reason": _("请说明再次签约的内容(如补充协议、正式合同)。")})
    with transaction.atomic():
        project = _locked(project, expected_version)
        permissions.require_change(actor, project)
        first = project.signed_date
        facts = {"project": label(project), "date": on, "first": first}
        if not first:
            raise ValidationError({"on": _("项目 %(project)s 尚未签约:请先登记签约节点。") % facts})
        if on < first:
            raise ValidationError(
                {
                    "on": _(
                        "项目 %(project)s:再次签约日期 %(date)s 早于首次签约日期 %(first)s;如首次签约日期有误,请更正签约日期。"
                    )
                    % facts
                }
            )
        if message := date_error(on, today=today or shanghai_today(), subject=_("再次签约日期")):
            raise ValidationError({"on": message})
        before = snapshot(project)
        if agreement_type:
            project.agreement_type = agreement_type
        validate_project(project, today=today or shanghai_today())
        return _save_stage(
            project,
            actor=actor,
            before=before,
            source=source,
            milestone=StageLog.RESIGNED,
            old_date=first,
            new_date=on,
            reason=reason.strip(),
        )


def _check_unique_code(project: Project) -> None:
    if Project.objects.filter(zone=project.zone, code=project.code).exists():
        raise ValidationError(
            {"code": _("项目编号 %(code)s 在本开发区已被使用。") % {"code": project.code}}
        )
