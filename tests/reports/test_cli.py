"""zhaoshang briefing: formats, files, the roll-up, and bad input that writes nothing."""

import io
import os
import stat
from io import StringIO

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhaoshang.companies.services import get_or_create_company
from zhaoshang.org.services import create_zone

pytestmark = pytest.mark.django_db


def briefing(*args) -> str:
    out = StringIO()
    call_command("briefing", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def projects(zone, build):
    build("P1", "12000", signed="2026-03-01", started="2026-04-01")
    build("P2", "30000", negotiating="2026-05-01")


def test_markdown_goes_to_standard_output(zone, projects):
    text = briefing("--zone", zone.code, "--as-of", "2026-05-31", "--format", "md")
    assert text.startswith("# 测试经济开发区招商引资工作简报（2026年1—5月）\n")
    assert "新签约亿元以上投资项目1个（总投资1.20亿元）" in text
    assert "正在洽谈亿元以上项目1个（总投资3.00亿元）" in text


def test_the_period_can_start_on_any_day(zone, projects):
    text = briefing(
        "--zone", zone.code, "--from", "2026-04-01", "--as-of", "2026-05-31", "--format", "md"
    )
    assert text.startswith("# 测试经济开发区招商引资工作简报（2026年4—5月）")
    assert "新签约亿元以上投资项目0个" in text


def test_html_goes_to_standard_output_as_a_whole_page(zone, projects):
    text = briefing("--zone", zone.code, "--as-of", "2026-05-31", "--format", "html")
    assert text.startswith("<!doctype html>")
    assert '<span data-metric="signed_major">1</span>' in text


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pdf"])
def test_binary_formats_need_an_output_file(zone, kind):
    with pytest.raises(CommandError, match="-o"):
        briefing("--zone", zone.code, "--as-of", "2026-05-31", "--format", kind)


def test_it_writes_the_file_named_by_o_in_the_format_of_its_extension(zone, projects, tmp_path):
    target = tmp_path / "简报.docx"
    assert briefing("--zone", zone.code, "--as-of", "2026-05-31", "-o", str(target)) == ""
    document = docx.Document(io.BytesIO(target.read_bytes()))
    assert document.paragraphs[0].text.startswith("测试经济开发区招商引资工作简报")
    workbook = tmp_path / "b.xlsx"
    briefing("--zone", zone.code, "--as-of", "2026-05-31", "--format", "xlsx", "-o", str(workbook))
    assert "主要指标" in openpyxl.load_workbook(workbook).sheetnames
    markdown = tmp_path / "b.md"
    briefing("--zone", zone.code, "--as-of", "2026-05-31", "-o", str(markdown))
    assert markdown.read_text(encoding="utf-8").startswith("# 测试经济开发区")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.md", "b.xlsx", "简报.docx"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--zone", "nowhere", "--as-of", "2026-05-31"], "开发区“nowhere”不存在"),
        (
            ["--zone", "testzone", "--from", "2026-06-01", "--as-of", "2026-05-31"],
            "晚于截止日期",
        ),
        (["--zone", "testzone", "--as-of", "2999-01-01"], "晚于今天"),
        (["--zone", "testzone,nowhere", "--as-of", "2026-05-31"], "开发区“nowhere”不存在"),
    ],
)
def test_bad_input_is_a_clear_error_and_nothing_is_written(zone, tmp_path, args, message):
    target = tmp_path / "b.pdf"
    with pytest.raises(CommandError, match=message):
        briefing(*args, "-o", str(target))
    assert list(tmp_path.iterdir()) == []


def test_a_bad_date_is_refused_by_the_parser(zone, tmp_path):
    with pytest.raises(CommandError):
        briefing("--zone", zone.code, "--as-of", "2026-13-45", "-o", str(tmp_path / "b.md"))
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_file_is_a_clear_error(zone, tmp_path):
    with pytest.raises(CommandError, match="无法写入文件"):
        briefing("--zone", zone.code, "--as-of", "2026-05-31", "-o", str(tmp_path / "no/b.md"))


def test_several_zones_make_the_rollup(zone, build):
    east = create_zone(code="east", name="东城经济开发区")
    investor = get_or_create_company(zone=east, actor=None, name="东城投资有限公司")
    build("A1", "12000", signed="2026-03-01")
    build("B1", "15000", signed="2026-03-01", in_zone=east, investor=investor)
    for option in ("--zone", "--zones"):
        text = briefing(option, f"{zone.code},east", "--as-of", "2026-05-31", "--format", "md")
        assert text.startswith(
            "# 测试经济开发区、东城经济开发区招商引资工作汇总简报（2026年1—5月）"
        )
        assert "合计新签约亿元以上投资项目2个（总投资2.70亿元）" in text
        assert "| 测试经济开发区 | 1 | 1.20 |" in text  # the column says 亿元 in its header


@pytest.fixture
def umask():
    """Sets the process's umask for a test, and gives the old one back."""
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_the_file_gets_the_mode_the_umask_gives(zone, projects, tmp_path, umask, mask, mode):
    umask(mask)
    for kind in ("docx", "xlsx", "pdf", "md"):
        target = tmp_path / f"简报.{kind}"
        briefing("--zone", zone.code, "--as-of", "2026-05-31", "-o", str(target))
        assert stat.S_IMODE(target.stat().st_mode) == mode, kind
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"简报.{kind}" for kind in ("docx", "xlsx", "pdf", "md")
    )  # no temporary file left beside them


def test_a_file_replaced_keeps_its_mode(zone, projects, tmp_path, umask):
    umask(0o022)
    target = tmp_path / "简报.docx"
    target.write_bytes(b"old")
    target.chmod(0o600)  # made private by its owner: a new briefing stays private
    briefing("--zone", zone.code, "--as-of", "2026-05-31", "-o", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"PK")
    assert [p.name for p in tmp_path.iterdir()] == ["简报.docx"]
