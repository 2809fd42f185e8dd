"""Chain definitions as a workbook: export → import changes nothing; a new workbook creates the
chain; every bad cell is an error with its sheet, row, column and value, and nothing is written;
only directors and admins import."""

import io

import pytest
import xlsxwriter

from tests.factories import TODAY
from zhaoshang.chains.models import Chain, Link, Node, NodeEnterprise
from zhaoshang.ledger.chain_sheets import export_chains, import_chains


def workbook(sheets: dict[str, list[list]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    book.close()
    return out.getvalue()


NODES = ["产业链", "所属产业", "节点", "环节", "上级节点", "排序"]
LINKS = ["产业链", "供应方节点", "需求方节点"]
FIRMS = ["产业链", "节点", "企业", "龙头", "关联日期"]


def run(zone, content, actor=None, dry_run=False):
    return import_chains(content, "c.xlsx", zone=zone, actor=actor, dry_run=dry_run, today=TODAY)


def test_an_exported_workbook_imports_again_without_a_change(zone, chain, link, node):
    link("甲醇", "华鲁恒升化工股份有限公司", anchor=True)
    from zhaoshang.chains import services

    services.add_link(actor=None, from_node=node("合成气"), to_node=node("甲醇"))
    result = run(zone, export_chains(zone=zone))
    assert not result.errors, [str(e) for e in result.errors]
    assert result.created == {"nodes": 0, "links": 0, "enterprises": 0}
    assert sum(result.unchanged.values()) == 4 + 1 + 1


def test_a_new_workbook_creates_the_chain_its_nodes_links_and_enterprises(zone, refs, people):
    content = workbook(
        {
            "节点": [
                NODES,
                ["物流链", "精细化工", "仓储", "上游", "", 1],
                ["物流链", "精细化工", "冷库", "上游", "仓储", 2],
                ["物流链", "", "配送", "downstream", "", 3],
            ],
            "关系": [LINKS, ["物流链", "仓储", "配送"]],
            "企业": [FIRMS, ["物流链", "仓储", "德州物流有限公司", "是", "2026年3月1日"]],
        }
    )
    result = run(zone, content, actor=people["alice"])
    assert not result.errors and result.applied
    chain = Chain.objects.get(name="物流链")
    assert chain.industry == refs["chem"]
    assert Node.objects.get(name="冷库").parent.name == "仓储"
    assert Link.objects.get().to_node.name == "配送"
    assert NodeEnterprise.objects.get().is_anchor


def test_every_bad_cell_is_named_and_nothing_is_written(zone):
    content = workbook(
        {
            "节点": [
                NODES,
                ["物流链", "", "仓储", "上游", "", 1],
                ["物流链", "", "冷库", "旁游", "", 2],
                ["物流链", "没有的产业", "x", "中游", "", 3],
            ],
            "关系": [LINKS, ["物流链", "仓储", "不存在"]],
            "企业": [FIRMS, ["物流链", "仓储", "某企业", "", "2026-13-45"]],
        }
    )
    result = run(zone, content)
    found = {(e.sheet, e.row, e.column, e.value) for e in result.errors}
    assert ("节点", 3, "环节", "旁游") in found
    assert ("关系", 2, "需求方节点", "不存在") in found
    assert ("企业", 2, "关联日期", "2026-13-45") in found
    assert all(str(e).startswith("工作表“") for e in result.errors)
    assert not Chain.objects.exists() and not Node.objects.exists()


def test_a_missing_column_is_an_error(zone):
    content = workbook({"关系": [["产业链", "供应方节点"], ["物流链", "仓储"]]})
    result = run(zone, content)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (1, "需求方节点", "缺少必填列。")
    ]


@pytest.mark.parametrize("who", ["bob", "lee", "cody"])
def test_only_directors_and_admins_import(zone, people, who):
    content = workbook({"节点": [NODES, ["物流链", "", "仓储", "上游", "", 1]]})
    result = run(zone, content, actor=people[who])
    assert result.errors and "局长" in result.errors[0].message
    assert not Chain.objects.exists()


def test_a_dry_run_writes_nothing(zone):
    content = workbook({"节点": [NODES, ["物流链", "", "仓储", "上游", "", 1]]})
    result = run(zone, content, dry_run=True)
    assert result.created["nodes"] == 1 and not result.applied
    assert not Chain.objects.exists()


def test_the_commands_export_and_import(zone, chain, tmp_path):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "chains.xlsx"
    call_command("export-chains", "--zone", "testzone", "-o", str(path))
    out = StringIO()
    call_command("import-chains", str(path), "--zone", "testzone", stdout=out)
    assert "未变 4" in out.getvalue()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook({"节点": [NODES, ["新链", "", "甲", "外游", "", 1]]}))
    out = StringIO()
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import-chains", str(bad), "--zone", "testzone", stdout=out)
    assert "第 2 行" in out.getvalue() and not Chain.objects.filter(name="新链").exists()


def test_the_web_page_refuses_an_import_to_all_but_directors_and_admins(client, people, chain):
    from django.core.files.uploadedfile import SimpleUploadedFile

    good = workbook({"节点": [NODES, ["新链", "", "甲", "上游", "", 1]]})
    for who in ("lee", "bob", "cody"):  # they read the chains and download them, nothing more
        client.force_login(people[who])
        download = client.get("/ledger/chains/export/")
        assert download.status_code == 200 and download.content[:2] == b"PK"
        page = client.get("/ledger/chains/")
        assert page.status_code == 200 and 'id="chains-upload"' not in page.text
        upload = SimpleUploadedFile("c.xlsx", good)
        assert client.post("/ledger/chains/", {"file": upload}).status_code == 403
        assert client.post("/ledger/chains/apply/").status_code == 403
    assert not Chain.objects.filter(name="新链").exists()


def test_the_web_upload_previews_then_applies(client, people, chain):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["alice"])
    bad = workbook({"节点": [NODES, ["新链", "", "甲", "外游", "", 1]]})
    page = client.post("/ledger/chains/", {"file": SimpleUploadedFile("c.xlsx", bad)})
    assert "外游" in page.text and "未导入任何内容" in page.text
    assert 'id="chains-apply"' not in page.text
    assert client.post("/ledger/chains/apply/").status_code == 302  # nothing waiting: no write
    assert not Chain.objects.filter(name="新链").exists()
    good = workbook(
        {"节点": [NODES, ["新链", "", "甲", "上游", "", 1], ["新链", "", "乙", "下游", "", 2]]}
    )
    page = client.post("/ledger/chains/", {"file": SimpleUploadedFile("c.xlsx", good)})
    assert 'data-created="nodes">2<' in page.text and 'id="chains-apply"' in page.text
    assert not Chain.objects.filter(name="新链").exists()  # a preview writes nothing
    done = client.post("/ledger/chains/apply/")
    assert done.status_code == 302 and Chain.objects.get(name="新链").nodes.count() == 2


def test_a_cell_with_a_control_character_is_an_error_not_a_query(zone):
    content = workbook({"节点": [NODES, ["物流\x01链", "", "仓储", "上游", "", 1]]})
    result = run(zone, content)
    assert [(e.row, e.column) for e in result.errors] == [(2, "产业链")]
    assert "U+0001" in result.errors[0].message and not Chain.objects.exists()


@pytest.mark.parametrize("order", [-1, 10**12])
def test_an_order_out_of_range_is_an_error_naming_its_cell(zone, order):
    content = workbook({"节点": [NODES, ["物流链", "", "仓储", "上游", "", order]]})
    result = run(zone, content)
    assert [(e.row, e.column) for e in result.errors] == [(2, "排序")]
    assert "100000" in result.errors[0].message and not Node.objects.exists()
