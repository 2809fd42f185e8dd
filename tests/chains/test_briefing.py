"""The briefing's chain section: gaps, gaps filled in the period and new 补链 signings, in every
format; a zone without chains has no such section."""

from io import StringIO

import pytest
from django.core.management import call_command


def briefing(fmt: str, tmp_path=None) -> str:
    out = StringIO()
    args = ["briefing", "--zone", "testzone", "--as-of", "2026-05-31", "--format", fmt]
    if tmp_path is not None:
        target = tmp_path / f"b.{fmt}"
        call_command(*args, "-o", str(target), stdout=out)
        return target
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_zone_without_chains_has_no_chain_section(zone, people):
    assert "产业链补链强链" not in briefing("md")


def test_the_section_says_the_gaps_the_gaps_filled_and_the_new_fill_signings(
    chain, link, build, tag
):
    link("甲醇", "今年企业", on="2026-03-01")
    tag("新材料", build("P1", "20000", signed="2026-04-01"), role="fill", on="2026-01-10")
    text = briefing("md")
    section = text.split("产业链补链强链")[1]
    assert "产业链缺失节点2个" in section  # 合成气, 甲醇制烯烃
    assert "补上缺失节点2个" in section and "新签约补链项目1个" in section
    assert "| 精细化工产业链 | 甲醇 | 已覆盖 |" in section
    assert "项目P1" in section
    assert "产业链补链强链" in briefing("html")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_section_is_in_the_files_too(chain, link, tmp_path, fmt):
    link("甲醇", "今年企业", on="2026-03-01")
    path = briefing(fmt, tmp_path)
    if fmt == "xlsx":
        from openpyxl import load_workbook

        assert "补上的缺失节点" in load_workbook(path).sheetnames
    else:
        from docx import Document

        assert any("产业链补链强链" in p.text for p in Document(path).paragraphs)
