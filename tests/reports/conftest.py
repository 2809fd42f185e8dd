"""Projects built in code for the briefing's tests (tests.factories.TODAY is 2026-05-31)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import TODAY, d
from zhaoshang.projects import services
from zhaoshang.projects.models import AgreementType, ProjectType, Stage

NOW = dt.datetime(2026, 6, 2, 1, 30, tzinfo=dt.UTC)  # the generated-at time tests pass


@pytest.fixture
def build(zone, company, refs):
    """build("P1", "12000", signed="2026-04-01", ...) — a project with those milestones."""

    def make(
        code,
        amount,
        unit="group1",
        industry="chem",
        project_type=ProjectType.INDUSTRIAL,
        investor=None,
        in_zone=None,
        **dates,
    ):
        target = in_zone or zone
        milestones = {Stage(stage): d(on) for stage, on in dates.items() if stage != "dropped"}
        project = services.create_project(
            zone=target,
            actor=None,
            code=code,
            name=f"项目{code}",
            company=investor or (company if in_zone is None else None),
            unit=refs[unit] if unit and in_zone is None else None,
            industry=refs[industry] if industry and in_zone is None else None,
            project_type=project_type,
            total_investment_wan=Decimal(amount) if amount is not None else None,
            agreement_type=AgreementType.CONTRACT if "signed" in dates else "",
            milestones=milestones,
            today=TODAY,
        )
        if "dropped" in dates:
            services.drop_project(
                project=project, actor=None, on=d(dates["dropped"]), reason="外迁", today=TODAY
            )
        return project

    return make
