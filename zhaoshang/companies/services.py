"""Writes to companies: one company per USCC, else per normalised name, in each zone."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.cn import uscc as uscc_number
from stdnum.exceptions import ValidationError as NumberError

from zhaoshang.companies.models import Company, normalise_company_name
from zhaoshang.core.audit import record_change, snapshot
from zhaoshang.core.text import check_field_text
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
