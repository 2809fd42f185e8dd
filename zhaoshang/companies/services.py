"""Writes to companies: one company per USCC, else per normalised name, in each zone; and the
rules that tie an investor's name to its USCC, for the project form and the ledger import alike."""

from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.cn import uscc as uscc_number
from stdnum.exceptions import ValidationError as NumberError

from zhaoshang.companies.models import Company, Organisation, normalise_company_name
from zhaoshang.core.audit import record_change, snapshot
from zhaoshang.core.text import check_field_text
from zhaoshang.org import permissions
from zhaoshang.org.models import Region, Zone


def clean_uscc(value: str) -> str:
    """统一社会信用代码, upper-cased, with its GB 32100 check digit verified; blank stays blank."""
    compact = uscc_number.compact(value or "")
    if not compact:
        return ""
    try:
        return uscc_number.validate(compact)
    except NumberError as exc:
        raise ValidationError(
            {
                "uscc": _("统一社会信用代码“%(value)s”无效(校验位不符或格式错误)。")
                % {"value": value}
            }
        ) from exc


class Registered(NamedTuple):
    """What the zone stores about a company, enough to judge a name and a USCC against it."""

    pk: int
    name: str
    uscc: str


def uscc_conflict(
    *,
    name: str,
    uscc: str,
    by_name: Registered | None,
    by_uscc: Registered | None,
    renamed: bool = False,
) -> ValidationError | None:
    """Why a company named `name` with code `uscc` (cleaned, may be blank) contradicts the zone,
    or None: `by_name` is the company stored under that normalised name, `by_uscc` the one
    stored with that code.

    - A code stored for another company names that company: a form takes it as renamed
      (`renamed`), a ledger row, which names its investor, is refused.
    - A code that differs from the one stored for the company of that name is refused: the
      code is never replaced by another (a blank one may be filled in)."""
    if by_uscc is not None and not renamed and (by_name is None or by_name.pk != by_uscc.pk):
        return ValidationError(
            {
                "uscc": _(
                    "统一社会信用代码 %(uscc)s 已登记为投资方“%(other)s”,与投资方“%(name)s”不符。"
                )
                % {"uscc": uscc, "other": by_uscc.name, "name": name}
            }
        )
    if by_uscc is None and by_name is not None and uscc and by_name.uscc and by_name.uscc != uscc:
        return ValidationError(
            {
                "uscc": _("投资方“%(name)s”已登记统一社会信用代码 %(stored)s,与 %(given)s 不符。")
                % {"name": by_name.name, "stored": by_name.uscc, "given": uscc}
            }
        )
    return None


def _registered(company: Company | None) -> Registered | None:
    return None if company is None else Registered(company.pk, company.name, company.uscc)


def find_company(*, zone: Zone, name: str, uscc: str = "") -> Company | None:
    if uscc:
        found = Company.objects.filter(zone=zone, uscc=uscc).first()
        if found:
            return found
    return Company.objects.filter(zone=zone, normalised_name=normalise_company_name(name)).first()


def get_or_create_company(
    *,
    zone: Zone,
    actor,
    name: str,
    uscc: str = "",
    region: Region | None = None,
    is_anchor: bool = False,
    source: str = "ui",
) -> Company:
    """The zone's company of that USCC or name, created if new. A USCC that contradicts the one
    stored for the same name is refused rather than making a second company."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("投资方名称不能为空。")})
    check_field_text(Company, "name", name)
    uscc = clean_uscc(uscc)
    with transaction.atomic():
        by_uscc = Company.objects.filter(zone=zone, uscc=uscc).first() if uscc else None
        by_name = (
            Company.objects.filter(zone=zone, normalised_name=normalise_company_name(name)).first()
            if by_uscc is None  # found by its code: renamed, whatever its name now
            else None
        )
        conflict = uscc_conflict(
            name=name,
            uscc=uscc,
            by_name=_registered(by_name),
            by_uscc=_registered(by_uscc),
            renamed=True,
        )
        if conflict is not None:
            raise conflict
        if company := by_uscc or by_name:
            return company
        company = Company(
            zone=zone,
            name=name,
            normalised_name=normalise_company_name(name),
            uscc=uscc,
            region=region,
            is_anchor=is_anchor,
        )
        company.save()
        record_change(
            actor=actor,
            instance=company,
            action="create",
            before=None,
            after=snapshot(company),
            source=source,
        )
    return company


ORGANISATION_FIELDS = ("name", "kind", "region", "contact", "note")


def save_organisation(
    *,
    zone: Zone,
    actor,
    organisation: Organisation | None = None,
    source: str = "ui",
    **fields,
) -> Organisation:
    """Add an organisation to the zone's directory of referrers (organisation=None) or change
    one. Admins and directors of the zone; names are unique in the zone."""
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"save_organisation() got unexpected fields {sorted(unknown)}")
    if actor is not None and not permissions.can_manage_directory(actor, zone):
        raise PermissionDenied(_("只有系统管理员和局长可以管理引荐机构名录。"))
    if organisation is not None and organisation.zone_id != zone.pk:
        raise PermissionDenied(
            _("“%(value)s”不属于%(zone)s。") % {"value": organisation, "zone": zone}
        )
    with transaction.atomic():
        if organisation is None:
            organisation, before = Organisation(zone=zone), None
        else:
            organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
            before = snapshot(organisation)
        for name, value in fields.items():
            if isinstance(value, str):
                value = " ".join(value.split()) if name != "note" else value.strip()
            setattr(organisation, name, value)
        errors: dict[str, str] = {}
        if not organisation.name:
            errors["name"] = _("机构名称不能为空。")
        elif (
            Organisation.objects.filter(zone=zone, name=organisation.name)
            .exclude(pk=organisation.pk)
            .exists()
        ):
            errors["name"] = _("名录中已有“%(name)s”。") % {"name": organisation.name}
        if organisation.kind not in Organisation.Kind.values:
            errors["kind"] = _("机构类型“%(value)s”无效。") % {"value": organisation.kind}
        if errors:
            raise ValidationError(errors)
        for name in ("name", "contact", "note"):
            check_field_text(Organisation, name, getattr(organisation, name))
        if before is not None:
            organisation.version += 1
        organisation.save()
        record_change(
            actor=actor,
            instance=organisation,
            action="update" if before else "create",
            before=before,
            after=snapshot(organisation),
            source=source,
        )
    return organisation
