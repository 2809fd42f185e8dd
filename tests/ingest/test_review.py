"""The news reader's review (/ingest/): a text is read and kept without writing any project;
each candidate is accepted as a new lead or a milestone, or rejected, by a person, with its
source on record; the figures it reports stand beside the zone's own; every role gets only
what the policy allows."""

import datetime as dt
import io
import re
from decimal import Decimal

import docx
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TODAY, d, make_user
from zhaoshang.companies.services import get_or_create_company
from zhaoshang.core.models import ChangeLog
from zhaoshang.core.versions import StaleEdit
from zhaoshang.ingest import services
from zhaoshang.ingest.models import Candidate, IngestedText
from zhaoshang.ingest.selectors import reconciliation, text_period
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone
from zhaoshang.projects import services as project_services
from zhaoshang.projects.models import AgreementType, Project, Stage, StageLog
from zhaoshang.stats.selectors import zone_figures

pytestmark = pytest.mark.django_db

NEWS = (
    "运河新区项目建设捷报频传\n"
    "发布时间:2026-05-20 来源:新区新闻中心\n"
    "5月18日,在第二届运河资本交易大会上,运河新区与华鲁恒升签订了总投资12亿元的新型尼龙材料项目,"
    "与史丹利化肥股份有限公司签订了投资3亿元的水溶性复合肥项目。\n"
    "同日,投资2亿元的化工物流园项目正式开工。\n"
    "今年以来,新区新签约亿元以上项目3个,新开工项目2个。\n"
    "力争今年引进5个过5亿元项目。\n"
)


@pytest.fixture(autouse=True)
def on_the_day():
    """The pages read "today" from the clock: 31 May 2026 in Shanghai."""
    with time_machine.travel(dt.datetime(2026, 5, 31, 4, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def hualu(zone):
    return get_or_create_company(zone=zone, actor=None, name="山东华鲁恒升化工股份有限公司")


@pytest.fixture
def nylon(zone, refs, hualu):
    """The zone already knows the nylon project (招商一组, in negotiation)."""
    return project_services.create_project(
        zone=zone,
        actor=None,
        code="P-NY",
        name="新型尼龙材料项目",
        unit=refs["group1"],
        company=hualu,
        total_investment_wan=Decimal(120000),
        milestones={Stage.NEGOTIATING: d("2026-02-01")},
        today=TODAY,
    )


@pytest.fixture
def text(zone, people):
    return services.ingest_text(zone=zone, actor=people["bob"], original=NEWS)


def candidate(text: IngestedText, name: str) -> Candidate:
    return text.candidates.get(name=name)


# --- reading keeps the text and writes no project --------------------------------------------


def test_reading_a_text_keeps_it_with_its_candidates_and_writes_no_project(zone, people):
    before = Project.objects.count()
    text = services.ingest_text(zone=zone, actor=people["bob"], original=NEWS)
    assert Project.objects.count() == before
    assert text.title == "运河新区项目建设捷报频传"
    assert text.published == d("2026-05-20") and text.year == 2026
    assert "，在第二届" in text.clean_text  # ASCII commas made full-width
    names = list(text.candidates.values_list("name", "amount_wan", "stage", "date_text"))
    assert names == [
        ("新型尼龙材料项目", Decimal("120000.00"), "signed", "2026-05-18"),
        ("水溶性复合肥项目", Decimal("30000.00"), "signed", "2026-05-18"),
        ("化工物流园项目", Decimal("20000.00"), "started", "2026-05-18"),
    ]
    assert set(text.findings["reported_figures"]) == {"signed_major", "started"}
    assert ChangeLog.objects.filter(object_id=text.pk, action="create").exists()


def test_a_leader_may_not_read_a_text_in(zone, people):
    with pytest.raises(PermissionDenied):
        services.ingest_text(zone=zone, actor=people["lee"], original=NEWS)
    assert not IngestedText.objects.exists()


def test_a_text_with_a_control_character_is_refused(zone, people):
    with pytest.raises(ValidationError, match="控制字符"):
        services.ingest_text(zone=zone, actor=people["bob"], original="签约\x00项目")


# --- accepting and rejecting -----------------------------------------------------------------


def test_a_member_accepts_a_candidate_as_a_lead_of_their_unit_with_its_source(text, people, refs):
    found = candidate(text, "水溶性复合肥项目")
    project = services.accept_as_lead(
        candidate=found,
        actor=people["bob"],
        name=found.name,
        company_name="史丹利化肥股份有限公司",
        amount_wan=found.amount_wan,
        on=d("2026-05-20"),
        expected_version=found.version,
        today=TODAY,
    )
    assert project.stage == Stage.LEAD and project.lead_date == d("2026-05-20")
    assert project.unit == refs["group1"] and project.submitted_by == people["bob"]
    assert project.company.name == "史丹利化肥股份有限公司"
    assert project.total_investment_wan == Decimal("30000.00")
    assert "水溶性复合肥项目" in project.note and text.title in project.note
    found.refresh_from_db()
    assert (found.status, found.project, found.decided_by) == ("lead", project, people["bob"])
    assert list(project.ingest_sources.all()) == [found]
    assert ChangeLog.objects.filter(object_id=found.pk, action="update").count() == 1


def test_a_contributor_accepts_a_lead_of_their_own_with_no_unit(zone, people):
    text = services.ingest_text(zone=zone, actor=people["cody"], original=NEWS)
    found = candidate(text, "化工物流园项目")
    project = services.accept_as_lead(
        candidate=found,
        actor=people["cody"],
        name=found.name,
        on=d("2026-05-20"),
        expected_version=found.version,
        today=TODAY,
    )
    assert project.unit is None and project.submitted_by == people["cody"]
    assert project.stage == Stage.LEAD


def test_a_member_records_a_signing_on_their_units_project(text, people, nylon):
    found = candidate(text, "新型尼龙材料项目")
    services.accept_as_milestone(
        candidate=found,
        actor=people["bob"],
        project=nylon,
        stage=Stage.SIGNED,
        on=d("2026-05-18"),
        agreement_type=AgreementType.CONTRACT,
        expected_version=found.version,
        today=TODAY,
    )
    nylon.refresh_from_db()
    assert nylon.signed_date == d("2026-05-18") and nylon.stage == Stage.SIGNED
    log = StageLog.objects.get(project=nylon, milestone="signed")
    assert log.actor == people["bob"] and "新型尼龙材料项目" in log.reason
    found.refresh_from_db()
    assert found.status == "milestone" and found.project == nylon


def test_a_member_may_not_record_a_milestone_on_another_units_project(text, people, nylon):
    found = candidate(text, "新型尼龙材料项目")
    with pytest.raises(PermissionDenied):
        services.accept_as_milestone(
            candidate=found,
            actor=people["carol"],  # 招商二组
            project=nylon,
            stage=Stage.SIGNED,
            on=d("2026-05-18"),
            agreement_type=AgreementType.CONTRACT,
            expected_version=found.version,
            today=TODAY,
        )
    nylon.refresh_from_db()
    found.refresh_from_db()
    assert nylon.signed_date is None and found.status == "open"


def test_a_contributor_may_not_record_a_milestone_even_on_their_own_lead(zone, people):
    lead = project_services.create_project(
        zone=zone,
        actor=people["cody"],
        name="新型尼龙材料项目",
        milestones={Stage.LEAD: d("2026-03-01")},
        today=TODAY,
    )
    text = services.ingest_text(zone=zone, actor=people["cody"], original=NEWS)
    found = candidate(text, "新型尼龙材料项目")
    with pytest.raises(PermissionDenied):
        services.accept_as_milestone(
            candidate=found,
            actor=people["cody"],
            project=lead,
            stage=Stage.NEGOTIATING,
            on=d("2026-05-18"),
            expected_version=found.version,
            today=TODAY,
        )
    assert Project.objects.get(pk=lead.pk).negotiating_date is None


def test_a_leader_accepts_and_rejects_nothing(text, people):
    found = candidate(text, "化工物流园项目")
    with pytest.raises(PermissionDenied):
        services.accept_as_lead(
            candidate=found, actor=people["lee"], name="x", on=TODAY, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        services.reject_candidate(candidate=found, actor=people["lee"], expected_version=1)
    found.refresh_from_db()
    assert found.status == "open"


def test_a_contributor_may_not_decide_on_someone_elses_text(text, people):
    found = candidate(text, "化工物流园项目")
    with pytest.raises(PermissionDenied):
        services.reject_candidate(candidate=found, actor=people["cody"], expected_version=1)


def test_rejecting_is_on_record_and_a_decided_candidate_is_not_decided_again(text, people):
    found = candidate(text, "化工物流园项目")
    services.reject_candidate(
        candidate=found, actor=people["alice"], reason="已在库", expected_version=1
    )
    found.refresh_from_db()
    assert (found.status, found.note, found.version) == ("rejected", "已在库", 2)
    with pytest.raises(ValidationError, match="已处理"):
        services.accept_as_lead(
            candidate=found, actor=people["alice"], name="x", on=TODAY, expected_version=2
        )
    assert not Project.objects.filter(name="x").exists()


def test_a_decision_on_a_page_opened_before_another_is_refused_as_stale(text, people):
    found = candidate(text, "化工物流园项目")
    services.reject_candidate(candidate=found, actor=people["alice"], expected_version=1)
    with pytest.raises(StaleEdit) as refused:
        services.accept_as_lead(
            candidate=found, actor=people["bob"], name="物流园", on=TODAY, expected_version=1
        )
    assert "alice" in str(refused.value)
    assert not Project.objects.filter(name="物流园").exists()


# --- reconciliation --------------------------------------------------------------------------


def test_the_period_runs_from_the_texts_year_to_its_publication(text):
    assert text_period(text, today=TODAY) == (d("2026-01-01"), d("2026-05-20"))


def test_reconciliation_sets_the_texts_figures_beside_the_engines(text, people, build):
    build("S1", "20000", signed="2026-03-01")
    build("S2", "50000", unit="group2", signed="2026-04-01", started="2026-05-10")
    build("S3", "8000", signed="2026-04-02")  # not 亿元以上
    build("S4", "30000", signed="2026-05-25")  # after the text was published
    rows = {
        row.key: row
        for row in reconciliation(
            people["bob"], text, period_from=d("2026-01-01"), as_of=d("2026-05-20"), today=TODAY
        )
    }
    figures = zone_figures(zone=text.zone, as_of=d("2026-05-20"), period_from=d("2026-01-01"))
    signed = rows["signed_major"]
    assert (signed.reported_count, signed.count) == (3, figures["signed_major"].count) == (3, 2)
    assert signed.amount_wan == figures["signed_major"].amount_wan and signed.count_differs
    # bob (招商一组) sees S1; S2 is 招商二组's, counted but not listed.
    assert [p.code for p in signed.projects] == ["S1"] and signed.hidden == 1
    started = rows["started"]
    assert (started.reported_count, started.count) == (2, figures["started"].count) == (2, 1)


# --- the pages -------------------------------------------------------------------------------


def test_a_member_pastes_a_text_and_sees_it_clean_with_its_candidates(client, people, nylon):
    client.force_login(people["bob"])
    response = client.post(reverse("ingest"), {"text": NEWS, "title": "", "year": ""})
    text = IngestedText.objects.get()
    assert response.status_code == 302 and response.url == reverse("ingest-text", args=[text.pk])
    page = client.get(response.url).content.decode()
    assert 'class="zs-hl zs-hl-candidate"' in page and "新型尼龙材料项目</mark>" in page
    assert "新签约亿元以上项目3个" in page
    # The candidate beside the zone's project it is, and the investor by its short name.
    assert "P-NY 新型尼龙材料项目" in page and "山东华鲁恒升化工股份有限公司" in page
    assert (
        reverse(
            "ingest-decide", args=[text.pk, candidate(text, "新型尼龙材料项目").pk, "milestone"]
        )
        in page
    )
    assert client.get(reverse("ingest")).content.decode().count(text.title) >= 1


def test_a_file_is_read_like_the_command_reads_it(client, people):
    client.force_login(people["bob"])
    document = docx.Document()
    for line in NEWS.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("新闻.docx", buffer.getvalue())
    response = client.post(reverse("ingest"), {"file": upload})
    assert response.status_code == 302
    text = IngestedText.objects.get()
    assert text.title == "新闻.docx" and text.candidates.count() == 3


def test_a_gbk_text_file_is_read(client, people):
    client.force_login(people["bob"])
    upload = SimpleUploadedFile("news.txt", NEWS.encode("gbk"))
    assert client.post(reverse("ingest"), {"file": upload}).status_code == 302
    assert IngestedText.objects.get().candidates.count() == 3


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("report.doc", b"\xd0\xcf\x11\xe0", "不支持旧版 Word"),
        ("report.pdf", b"%PDF-1.4", "不支持的文件类型"),
        ("broken.docx", b"PK\x03\x04 not a zip", "无法读取该 Word 文件"),
        ("binary.txt", b"\x00\x01\x02" * 10, "不是文本文件"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_clearly(client, people, name, content, message):
    client.force_login(people["bob"])
    response = client.post(reverse("ingest"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 422 and message in response.content.decode()
    assert not IngestedText.objects.exists()


def test_a_file_too_big_is_refused(client, people, settings):
    settings.INGEST_MAX_FILE_BYTES = 100
    client.force_login(people["bob"])
    response = client.post(reverse("ingest"), {"file": SimpleUploadedFile("a.txt", b"x" * 200)})
    assert response.status_code == 422 and "文件过大" in response.content.decode()


def test_a_docx_that_inflates_too_far_is_refused(client, people, settings):
    settings.INGEST_MAX_UNZIPPED_BYTES = 1000
    client.force_login(people["bob"])
    document = docx.Document()
    document.add_paragraph("签约" * 2000)
    buffer = io.BytesIO()
    document.save(buffer)
    response = client.post(
        reverse("ingest"), {"file": SimpleUploadedFile("big.docx", buffer.getvalue())}
    )
    assert response.status_code == 422 and "解压后过大" in response.content.decode()


def test_pasting_nothing_is_refused(client, people):
    client.force_login(people["bob"])
    response = client.post(reverse("ingest"), {"text": "   "})
    assert response.status_code == 422 and "请粘贴文字或上传文件" in response.content.decode()


def test_markup_in_a_text_is_shown_as_text(client, people):
    client.force_login(people["bob"])
    client.post(
        reverse("ingest"), {"text": '<script>alert(1)</script><img src=x onerror="x">' + NEWS}
    )
    page = client.get(reverse("ingest-text", args=[IngestedText.objects.get().pk])).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_accepting_two_leads_on_the_page(client, people, text):
    client.force_login(people["bob"])
    for name in ("水溶性复合肥项目", "化工物流园项目"):
        found = candidate(text, name)
        prefix = f"c{found.pk}-lead"
        response = client.post(
            reverse("ingest-decide", args=[text.pk, found.pk, "lead"]),
            {
                f"{prefix}-version": found.version,
                f"{prefix}-name": found.name,
                f"{prefix}-company_name": "",
                f"{prefix}-amount_wan": "2亿",
                f"{prefix}-on": "2026-05-20",
            },
        )
        assert response.status_code == 302
    assert set(
        Project.objects.filter(lead_date=d("2026-05-20")).values_list("name", flat=True)
    ) == {
        "水溶性复合肥项目",
        "化工物流园项目",
    }
    page = client.get(reverse("ingest-text", args=[text.pk])).content.decode()
    assert page.count('data-status="lead"') == 2
    project = Project.objects.get(name="化工物流园项目")
    detail = client.get(reverse("project-detail", args=[project.pk])).content.decode()
    assert 'id="sources"' in detail and "投资2亿元的化工物流园项目正式开工" in detail


def test_a_milestone_on_the_page_needs_its_date(client, people, text, nylon):
    client.force_login(people["bob"])
    found = candidate(text, "新型尼龙材料项目")
    prefix = f"c{found.pk}-milestone"
    url = reverse("ingest-decide", args=[text.pk, found.pk, "milestone"])
    data = {
        f"{prefix}-version": found.version,
        f"{prefix}-project": nylon.pk,
        f"{prefix}-stage": "signed",
        f"{prefix}-on": "",
        f"{prefix}-agreement_type": "contract",
    }
    assert client.post(url, data).status_code == 422
    assert Project.objects.get(pk=nylon.pk).signed_date is None
    response = client.post(url, {**data, f"{prefix}-on": "2026-05-18"})
    assert response.status_code == 302
    assert Project.objects.get(pk=nylon.pk).signed_date == d("2026-05-18")


def test_a_stale_decision_on_the_page_is_409_and_writes_nothing(client, people, text):
    found = candidate(text, "化工物流园项目")
    services.reject_candidate(candidate=found, actor=people["alice"], expected_version=1)
    client.force_login(people["bob"])
    prefix = f"c{found.pk}-lead"
    response = client.post(
        reverse("ingest-decide", args=[text.pk, found.pk, "lead"]),
        {f"{prefix}-version": 1, f"{prefix}-name": "物流园", f"{prefix}-on": "2026-05-20"},
    )
    assert response.status_code == 409 and 'id="stale-edit"' in response.content.decode()
    assert not Project.objects.filter(name="物流园").exists()


def test_the_reconciliation_on_the_page_lists_the_projects_behind_the_zones_figure(
    client, people, text, build
):
    build("S1", "20000", signed="2026-03-01")
    client.force_login(people["alice"])
    page = client.get(reverse("ingest-text", args=[text.pk])).content.decode()
    assert '<span data-metric="signed_major">1</span>' in page
    # The text's count and the ledger's side by side, the ledger's marked where they differ;
    # amounts in their own columns, in the one unit the header names.
    row = re.search(
        r'<tr class="[^"]*zs-differs"[^>]*data-key="signed_major">(.*?)</tr>', page, re.S
    )
    assert row, "the row that differs is marked"
    cells = re.findall(
        r'<td class="text-end text-nowrap zs-num ([a-z-]+)[^"]*"[^>]*>(.*?)</td>', row[1]
    )
    assert [(name, re.sub(r"<[^>]+>", "", value)) for name, value in cells] == [
        ("zs-reported-count", "3"),
        ("zs-ledger-count", "1"),
        ("zs-reported-amount", "—"),
        ("zs-ledger-amount", "20,000.00"),
    ]
    assert "zs-ledger-count text-danger" in row[1] and "S1 " in row[1] and "(20,000.00)" in row[1]
    assert "金额（万元）" in page and "万元)" not in row[1]
    assert "{#" not in page and "{%" not in page  # no template comment shows as text
    # Another period, typed in.
    page = client.get(
        reverse("ingest-text", args=[text.pk]), {"from": "2026-04-01", "as_of": "2026-05-20"}
    ).content.decode()
    assert '<span data-metric="signed_major">0</span>' in page


def test_a_leader_reads_texts_but_has_no_form_to_paste_or_decide(client, people, text):
    client.force_login(people["lee"])
    assert "ingest-form" not in client.get(reverse("ingest")).content.decode()
    page = client.get(reverse("ingest-text", args=[text.pk])).content.decode()
    assert text.title in page and "zs-decide-form" not in page
    assert client.post(reverse("ingest"), {"text": NEWS}).status_code == 403
    found = candidate(text, "化工物流园项目")
    response = client.post(
        reverse("ingest-decide", args=[text.pk, found.pk, "reject"]),
        {f"c{found.pk}-reject-version": 1},
    )
    assert response.status_code == 403
    assert Candidate.objects.get(pk=found.pk).status == "open"


def test_a_contributor_sees_only_the_texts_they_submitted(client, people, text):
    client.force_login(people["cody"])
    assert client.get(reverse("ingest-text", args=[text.pk])).status_code == 404
    assert text.title not in client.get(reverse("ingest")).content.decode()


def test_a_member_reads_a_text_another_person_submitted(client, people, text):
    client.force_login(people["carol"])
    assert client.get(reverse("ingest-text", args=[text.pk])).status_code == 200


def test_another_zones_text_is_404(client, people, text):
    far = create_zone(code="far", name="远方开发区")
    fay = make_user("fay", far, Role.DIRECTOR)
    client.force_login(fay)
    assert client.get(reverse("ingest-text", args=[text.pk])).status_code == 404
    found = candidate(text, "化工物流园项目")
    response = client.post(
        reverse("ingest-decide", args=[text.pk, found.pk, "reject"]),
        {f"c{found.pk}-reject-version": 1},
    )
    assert response.status_code == 404
    assert Candidate.objects.get(pk=found.pk).status == "open"


def test_the_review_page_takes_the_same_queries_whatever_the_number_of_projects(
    client, people, text, build
):
    client.force_login(people["alice"])
    url = reverse("ingest-text", args=[text.pk])
    build("Q0", "20000", signed="2026-03-01")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(1, 30):
        build(f"Q{number}", "20000", signed="2026-03-01")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_each_candidate_keeps_its_sentence_as_it_was_pasted(zone, people, client):
    damaged = "5月18日,開發區與史丹利簽(qiān)約(yuē)了總投資12億元的水溶性複合肥項目。"
    text = services.ingest_text(zone=zone, actor=people["bob"], original=damaged)
    found = text.candidates.get()
    assert found.sentence == "5月18日，开发区与史丹利签约了总投资12亿元的水溶性复合肥项目。"
    assert found.original_sentence == damaged
    client.force_login(people["bob"])
    page = client.get(reverse("ingest-text", args=[text.pk])).content.decode()
    assert damaged in page  # under 原文, beside the clean sentence


def test_a_contributors_lead_may_name_its_investor(zone, people):
    text = services.ingest_text(zone=zone, actor=people["cody"], original=NEWS)
    found = candidate(text, "水溶性复合肥项目")
    project = services.accept_as_lead(
        candidate=found,
        actor=people["cody"],
        name=found.name,
        company_name="史丹利化肥股份有限公司",
        amount_wan=found.amount_wan,
        on=d("2026-05-20"),
        expected_version=found.version,
        today=TODAY,
    )
    assert project.company.name == "史丹利化肥股份有限公司" and project.unit is None


def test_a_lead_dated_after_today_is_refused_and_nothing_is_decided(text, people):
    found = candidate(text, "化工物流园项目")
    with pytest.raises(ValidationError):
        services.accept_as_lead(
            candidate=found,
            actor=people["bob"],
            name=found.name,
            on=d("2026-06-30"),
            expected_version=found.version,
            today=TODAY,
        )
    found.refresh_from_db()
    assert found.status == "open" and not Project.objects.filter(name=found.name).exists()


def test_a_big5_text_file_is_read_and_made_simplified(client, people):
    client.force_login(people["bob"])
    traditional = "5月18日，開發區與史丹利簽訂了總投資12億元的水溶性複合肥項目。\n"
    upload = SimpleUploadedFile("新聞.txt", traditional.encode("big5"))
    assert client.post(reverse("ingest"), {"file": upload}).status_code == 302
    text = IngestedText.objects.get()
    assert text.original == traditional
    assert list(text.candidates.values_list("name", flat=True)) == ["水溶性复合肥项目"]


def test_an_html_page_is_read_as_the_browser_shows_it(client, people):
    client.force_login(people["bob"])
    page = (
        '<html><head><meta charset="gbk"><title>新闻</title>'
        "<script>var a = '签约了投资9亿元的脚本项目';</script></head><body>"
        "<p>5月18日，开发区与史丹利签订了总投资12亿元的水溶性复合肥项目。</p></body></html>"
    )
    upload = SimpleUploadedFile("news.html", page.encode("gbk"))
    assert client.post(reverse("ingest"), {"file": upload}).status_code == 302
    text = IngestedText.objects.get()
    assert "脚本项目" not in text.clean_text
    assert list(text.candidates.values_list("name", flat=True)) == ["水溶性复合肥项目"]


def test_the_review_page_takes_the_same_queries_whatever_the_number_of_matched_candidates(
    client, zone, people, refs
):
    names = ["新型尼龙材料项目", "水溶性复合肥项目", "异辛烷溶剂油项目", "液压机械项目"]
    for number, name in enumerate(names):
        project_services.create_project(
            zone=zone,
            actor=None,
            code=f"P-M{number}",
            name=name,
            unit=refs["group1"],
            total_investment_wan=Decimal(20000),
            milestones={Stage.NEGOTIATING: d("2026-02-01")},
            today=TODAY,
        )

    def page_queries(count):
        original = "".join(f"5月18日，开发区签约了总投资12亿元的{n}。" for n in names[:count])
        text = services.ingest_text(zone=zone, actor=people["bob"], original=original)
        assert text.candidates.count() == count
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("ingest-text", args=[text.pk])).content.decode()
        assert names[count - 1] in page
        return len(queries)

    client.force_login(people["bob"])
    assert page_queries(4) == page_queries(1)
