"""Writes to companies: one company per USCC, else per normalised name, in each zone."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.cn import uscc as uscc_number
from stdnum.exceptions import ValidationError as NumberError

from zhaoshang.companies.models import Company, Organisation, normalise_company_name
from zhaoshang.core.audit import record_change, snapshot
from zhaoshang.core.text import check_field_text
from zhaoshang.core.versions import check_version
from zhaoshang.org import permissions
from zhaoshang.org.models import Region, Zone
from zhaoshang.org.services import mark_zone_changed


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
        company = find_company(zone=zone, name=name, uscc=uscc)
        if company is not None:
            if uscc and company.uscc and company.uscc != uscc:
                raise ValidationError(
                    {
                        "uscc": _(
                            "投资方“%(name)s”已登记统一社会信用代码 %(stored)s,与 %(given)s 不符。"
                        )
                        % {"name": name, "stored": company.uscc, "given": uscc}
                    }
                )
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


ORGANISATION_FIELDS = ("name", "kind", "city", "contact")


def save_organisation(
    *,
    zone: Zone,
    actor,
    organisation: Organisation | None = None,
    expected_version: int | None = None,
    source: str = "ui",
    **fields,
) -> Organisation:
    """Add an organisation to the zone's directory of referrers, or change one. Admins,
    directors and members keep the directory; `expected_version`: the version the form was
    opened at (StaleEdit if someone changed it since)."""
    if actor is not None and not permissions.can_change_some(actor, zone):
        raise PermissionDenied(_("您无权修改“%(zone)s”的引荐机构名录。") % {"zone": zone})
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"save_organisation() got unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        if organisation is None:
            found, before = Organisation(zone=zone), None
        else:
            found = Organisation.objects.select_for_update().get(pk=organisation.pk, zone=zone)
            check_version(found, expected_version)
            before = snapshot(found)
        for field, value in fields.items():
            setattr(found, field, " ".join(value.split()) if isinstance(value, str) else value)
        errors = {}
        for field in ("name", "contact"):
            try:
                check_field_text(Organisation, field, found.__dict__[field])
            except ValidationError as exc:
                errors[field] = exc.messages
        if not found.name:
            errors["name"] = [_("名称不能为空。")]
        elif Organisation.objects.filter(zone=zone, name=found.name).exclude(pk=found.pk).exists():
            errors["name"] = [_("“%(value)s”已在名录中。") % {"value": found.name}]
        if errors:
            raise ValidationError(errors)
        found.full_clean(exclude=["zone", "name", "city"])
        if before is not None:
            if snapshot(found) == before:
                return found
            found.version += 1
        found.save()
        mark_zone_changed(zone.pk)  # the figures by referrer name it
        record_change(
            actor=actor,
            instance=found,
            action="create" if before is None else "update",
            before=before,
            after=snapshot(found),
            source=source,
        )
    return found
