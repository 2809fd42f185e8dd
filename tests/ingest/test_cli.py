"""zhaoshang ingest-text as scripts use it: the JSON object, files in every form it takes, and
files it cannot read."""

import io
import json
import re
import subprocess
import sys

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.ingest.labelled import in_form
from zhaoshang.stats.selectors import KEYS

NEWS = (
    "锦江新区重点项目签约\n"
    "5月8日，锦江新区与成都天府智能装备有限公司签订了总投资6亿元的工业机器人项目，"
    "投资2亿元的冷链物流中心项目即将开工。\n"
    "今年以来，新区新签约亿元以上项目7个，新开工项目4个。力争今年引进3个过5亿元项目。\n"
)


def command(*args) -> str:
    out = io.StringIO()
    call_command("ingest-text", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_documented_shape(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    result = json.loads(command(str(path), "--year", "2026", "--json"))
    assert {"clean_text", "garbled_segments", "candidates", "reported_figures", "targets"} <= set(
        result
    )
    assert [
        {key: c[key] for key in ("name", "companies", "amount_wan", "stage", "event", "date")}
        for c in result["candidates"]
    ] == [
        {
            "name": "工业机器人项目",
            "companies": ["成都天府智能装备有限公司"],
            "amount_wan": "60000.00",
            "stage": "signed",
            "event": None,
            "date": "2026-05-08",
        },
        {
            "name": "冷链物流中心项目",
            "companies": [],
            "amount_wan": "20000.00",
            "stage": "to_start",
            "event": None,
            "date": "2026-05-08",
        },
    ]
    assert all(c["sentence"] in result["clean_text"] for c in result["candidates"])
    assert set(result["reported_figures"]) <= set(KEYS)
    assert {k: (v["count"], v["amount_wan"]) for k, v in result["reported_figures"].items()} == {
        "signed_major": (7, None),
        "started": (4, None),
    }
    assert [(t["metric"], t["count"], t["year"]) for t in result["targets"]] == [
        ("signed_over_5yi", 3, 2026)
    ]


def test_a_damaged_gbk_text_file_reads_as_clean_simplified_chinese(tmp_path):
    path = tmp_path / "news.txt"
    path.write_bytes(in_form(NEWS, "traditional").text.encode("gbk", errors="replace"))
    damaged = tmp_path / "damaged.txt"
    damaged.write_text(in_form(NEWS, "damaged").text, encoding="utf-8")
    plain = json.loads(command(str(tmp_path / "news.txt"), "--year", "2026", "--json"))
    for result in (plain, json.loads(command(str(damaged), "--year", "2026", "--json"))):
        assert [c["name"] for c in result["candidates"]] == ["工业机器人项目", "冷链物流中心项目"]


def test_html_is_read_as_its_visible_text(tmp_path):
    path = tmp_path / "news.html"
    path.write_text(
        "<html><head><title>新闻</title><style>p{color:red}</style></head><body>"
        "<div class='nav'>首页 &gt; 新闻 &gt; 正文</div>"
        "<script>var note = '假项目签约';</script>"
        "<p>5月8日，锦江新区与成都天府智能装备有限公司签订了总投资6亿元的工业机器人项目。</p>"
        "<p>【打印本页】【关闭窗口】</p></body></html>",
        encoding="utf-8",
    )
    result = json.loads(command(str(path), "--json"))
    assert result["clean_text"] == (
        "5月8日，锦江新区与成都天府智能装备有限公司签订了总投资6亿元的工业机器人项目。"
    )
    assert [c["name"] for c in result["candidates"]] == ["工业机器人项目"]


def test_docx_paragraphs_and_tables_are_read(tmp_path):
    document = docx.Document()
    document.add_paragraph("5月8日，锦江新区签订了总投资6亿元的工业机器人项目。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "在谈项目"
    table.rows[0].cells[1].text = "12个"
    path = tmp_path / "news.docx"
    document.save(path)
    result = json.loads(command(str(path), "--json"))
    assert "工业机器人项目" in result["clean_text"] and "在谈项目 12个" in result["clean_text"]
    assert [c["name"] for c in result["candidates"]] == ["工业机器人项目"]


def test_without_json_it_prints_a_summary(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(NEWS + "签约\ufffd\ufffd项目\n", encoding="utf-8")
    out = command(str(path), "--year", "2026")
    assert "候选项目 2 个" in out
    assert "1. 工业机器人项目 · 签约 · 6.00亿元 · 成都天府智能装备有限公司 · 2026-05-08" in out
    assert "新签约亿元以上项目: 7 个项目" in out
    assert "2026 新签约5亿元以上项目: 3 个项目" in out
    assert "乱码 1 处" in out


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("news.pdf", b"%PDF-1.4", "不支持的文件类型“.pdf”"),
        ("news.doc", b"\xd0\xcf\x11\xe0", "不支持旧版 Word(.doc)文件"),
        ("news.docx", b"not a zip at all", "无法读取该 Word 文件"),
        ("news.txt", b"", "中没有文字"),
        ("news.txt", b"\x00\x01\x02binary\x00", "这不是文本文件"),
    ],
)
def test_bad_files_are_refused_with_a_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        command(str(path))


def test_a_missing_file_and_a_wrong_year_are_refused(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        command(str(tmp_path / "missing.txt"))
    (tmp_path / "news.txt").write_text(NEWS, encoding="utf-8")
    with pytest.raises(CommandError, match="年份“30000”无效"):
        command(str(tmp_path / "news.txt"), "--year", "30000")


def test_messages_in_english(tmp_path):
    path = tmp_path / "news.pdf"
    path.write_bytes(b"%PDF")
    with translation.override("en"), pytest.raises(CommandError, match="Unsupported file type"):
        command(str(path))


def test_html_in_gbk_is_read_by_its_declared_charset(tmp_path):
    path = tmp_path / "news.htm"
    path.write_bytes(
        (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
            "</head><body><p>锦江新区签订了总投资6亿元的工业机器人项目。</p></body></html>"
        ).encode("gbk")
    )
    result = json.loads(command(str(path), "--json"))
    assert [(c["name"], c["amount_wan"]) for c in result["candidates"]] == [
        ("工业机器人项目", "60000.00")
    ]


def test_the_console_command_exits_non_zero_on_a_bad_file(tmp_path):
    path = tmp_path / "news.pdf"
    path.write_bytes(b"%PDF-1.4")
    finished = subprocess.run(
        [sys.executable, "-m", "zhaoshang", "ingest-text", str(path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 1
    assert "不支持的文件类型“.pdf”" in finished.stderr and finished.stdout == ""
