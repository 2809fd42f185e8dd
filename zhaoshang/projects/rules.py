"""The lifecycle rules (docs/lifecycle.md) as one pure check, shared by services, imports and
generators.

check_project() looks at a Project instance as it would be saved and returns every broken rule,
keyed by field, each message naming the project, the milestone and the dates. The ranges every
value keeps (dates from core.dates, amounts from core.amounts, texts from core.text) are checked
here too, so a project the services, the ledger or a generator write can always be summed,
exported and shown.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from zhaoshang.core.amounts import amount_error
from zhaoshang.core.dates import date_error
from zhaoshang.core.text import text_error
from zhaoshang.projects.models import DATE_FIELD, MILESTONES, Project, Stage

SIGNED_OR_LATER = [stage for stage in MILESTONES if MILESTONES.index(stage) >= 3]
# Each milestone and the field holding its date, in order, paired once: imports check 100k
# projects, so the rules read each date once, with no per-stage method call or dict lookup.
_MILESTONE_FIELDS = [(stage, DATE_FIELD[stage]) for stage in MILESTONES]
_SIGNED_AT = MILESTONES.index(Stage.SIGNED)
AMOUNT_FIELDS = ["total_investment_wan", "foreign_capital_usd_wan"]
# The project's free texts and the model fields that give their limits. The code is checked where
# it is given (services.CODE_PATTERN), so a ledger lists one error for a bad code, not two.
TEXT_FIELDS = [
    field
    for name in ("name", "dropped_to", "drop_reason", "note")
    if isinstance(field := Project._meta.get_field(name), models.Field)
]


def label(project: Project) -> str:
    return f"{project.code or _('(新项目)')} {project.name}".strip()


def check_project(project: Project, *, today: dt.date) -> dict[str, list[str]]:
    """Every rule the project breaks, by field: values in range, milestones in order, and what a
    signed project must say."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    # A project's milestone dates, read once; label() and the messages are built only for a
    # project that breaks a rule, which most do not.
    dated = [(stage, field, getattr(project, field)) for stage, field in _MILESTONE_FIELDS]
    _check_values(project, dated, today=today, add=add)
    _check_order(project, dated, add=add)
    _check_signed(project, dated, add=add)
    return errors


def _check_values(project: Project, dated: list, *, today: dt.date, add) -> None:
    """Dates within the range the system holds, amounts within bounds, texts within limits."""
    dropped_date = project.dropped_date
    for stage, field, on in (*dated, (Stage.DROPPED, "dropped_date", dropped_date)):
        if on and date_error(on, today=today) is not None:
            subject = _("项目 %(project)s:%(milestone)s日期") % {
                "project": label(project),
                "milestone": stage.label,
            }
            add(field, date_error(on, today=today, subject=subject))
    for field in AMOUNT_FIELDS:
        if message := amount_error(getattr(project, field)):
            add(field, message)
    for field in TEXT_FIELDS:
        value = getattr(project, field.attname)
        # The field's name (a lazy translation: a gettext each time it is made text) only for
        # a message: an import checks 100k texts that are all fine.
        if value and text_error(value, limit=field.max_length, subject=""):
            subject = str(field.verbose_name)
            add(field.name, text_error(value, limit=field.max_length, subject=subject) or "")


def _check_order(project: Project, dated: list, *, add) -> None:
    """Milestones in order; a drop after the last of them, and with its reason."""
    dropped_date = project.dropped_date
    latest: tuple[Stage, dt.date] | None = None  # the furthest milestone in order so far
    for stage, field, on in dated:
        if not on:
            continue
        if latest and on < latest[1]:
            add(
                field,
                _(
                    "项目 %(project)s:%(milestone)s日期 %(date)s 早于%(earlier)s日期 %(earlier_date)s,节点日期须按顺序。"
                )
                % {
                    "project": label(project),
                    "milestone": stage.label,
                    "date": on,
                    "earlier": latest[0].label,
                    "earlier_date": latest[1],
                },
            )
        else:
            latest = stage, on

    if dropped_date:
        if latest and dropped_date < latest[1]:
            add(
                "dropped_date",
                _("项目 %(project)s:终止日期 %(date)s 早于%(milestone)s日期 %(milestone_date)s。")
                % {
                    "project": label(project),
                    "date": dropped_date,
                    "milestone": latest[0].label,
                    "milestone_date": latest[1],
                },
            )
        if not project.drop_reason.strip():
            add(
                "drop_reason",
                _("项目 %(project)s:终止须填写终止原因。") % {"project": label(project)},
            )


def _check_signed(project: Project, dated: list, *, add) -> None:
    """From signing on, a project names its investor and investment, and a signing its
    agreement."""
    reached = None  # the latest milestone from signing on
    for stage, _field, on in dated[_SIGNED_AT:]:
        if on:
            reached = stage, on
    if reached and (not project.company_id or project.total_investment_wan is None):
        facts = {"project": label(project), "milestone": reached[0].label, "date": reached[1]}
        if not project.company_id:
            add(
                "company",
                _("项目 %(project)s:已到%(milestone)s阶段(%(date)s),须填写投资方。") % facts,
            )
        if project.total_investment_wan is None:
            add(
                "total_investment_wan",
                _("项目 %(project)s:已到%(milestone)s阶段(%(date)s),须填写总投资。") % facts,
            )
    signed_date = dated[_SIGNED_AT][2]
    if signed_date and not project.agreement_type:
        add(
            "agreement_type",
            _("项目 %(project)s:签约(%(date)s)须注明协议类型(框架协议或正式合同)。")
            % {"project": label(project), "date": signed_date},
        )


def validate_project(project: Project, *, today: dt.date) -> None:
    errors = check_project(project, today=today)
    if errors:
        raise ValidationError(errors)
