"""zhaoshang import-ledger / export-ledger as scripts use them."""

import io
import os
import stat
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.ledger import files
from tests.ledger.conftest import database_state
from zhaoshang.ledger.progress import ProgressBar
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.django_db


def command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def ledger_file(tmp_path) -> Path:
    path = tmp_path / "台账.xlsx"
    path.write_bytes(
        files.xlsx(
            files.table(
                {
                    "项目编号": "P-1",
                    "项目名称": "水溶性复合肥项目",
                    "总投资(万元)": "15亿",
                    "序号": 1,
                },
                {"项目编号": "P-80", "项目名称": "冷链物流园项目", "登记日期": "2026-05-01"},
                headers=["序号", "项目编号", "项目名称", "总投资(万元)", "登记日期"],
            )
        )
    )
    return path


def test_it_imports_and_prints_the_summary(zone, refs, existing, ledger_file):
    out, _err = command(
        "import-ledger", str(ledger_file), "--zone", zone.code, "--today", "2026-05-31"
    )
    lines = out.splitlines()
    assert lines[-1] == "新增 1 / 更新 1 / 未变 0"
    assert "忽略的列:序号" in lines
    assert Project.objects.filter(code="P-80").exists()


def test_dry_run_prints_the_preview_and_writes_nothing(zone, refs, existing, ledger_file):
    state = database_state(zone)
    out, _err = command(
        "import-ledger", str(ledger_file), "--zone", zone.code, "--dry-run", "--today", "2026-05-31"
    )
    assert "更新 行 2 P-1 水溶性复合肥项目: 总投资(万元) 120000.00 → 150000.00" in out
    assert "新增 行 3 P-80 冷链物流园项目" in out
    assert out.splitlines()[-1] == "预演,未写入:新增 1 / 更新 1 / 未变 0"
    assert database_state(zone) == state


def test_it_exits_1_listing_every_error_and_writes_nothing(zone, refs, existing, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        files.xlsx(
            files.table(
                {"项目编号": "P-90", "项目名称": "甲", "总投资(万元)": "很多"},
                {"项目编号": "P-90", "项目名称": "乙", "签约日期": "2026-13-01"},
            )
        )
    )
    state = database_state(zone)
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "import-ledger", str(path), "--zone", zone.code, stdout=out, stderr=io.StringIO()
        )
    assert caught.value.returncode == 1
    assert "共 3 处错误,未写入任何数据" in str(caught.value)
    assert out.getvalue().splitlines() == [
        "行 2, 列 总投资(万元), 值 很多: “很多”不是金额(例如 12亿元、5.1亿、8000万、3,500万元;纯数字按万元计)。",
        "行 3, 列 签约日期, 值 2026-13-01: “2026-13-01”不是有效日期(应如 2026-05-18、2026/5/18、2026年5月18日)。",
        "行 3, 列 项目编号, 值 P-90: 项目编号“P-90”与第 2 行重复:同一文件中每个编号只能出现一次。",
    ]
    assert database_state(zone) == state


def test_it_imports_as_a_user_with_their_permissions(zone, refs, existing, people, ledger_file):
    with pytest.raises(CommandError, match="不能导入台账"):
        command("import-ledger", str(ledger_file), "--zone", zone.code, "--user", "lee")
    with pytest.raises(CommandError, match="只有局长或系统管理员"):
        command(
            "import-ledger",
            str(ledger_file),
            "--zone",
            zone.code,
            "--user",
            "bob",
            "--create-missing",
        )
    with pytest.raises(CommandError, match="不存在"):
        command("import-ledger", str(ledger_file), "--zone", zone.code, "--user", "nobody")
    out, _err = command(
        "import-ledger",
        str(ledger_file),
        "--zone",
        zone.code,
        "--user",
        "bob",
        "--today",
        "2026-05-31",
    )
    assert out.splitlines()[-1] == "新增 1 / 更新 1 / 未变 0"
    assert Project.objects.get(code="P-80").submitted_by == people["bob"]


def test_it_refuses_unknown_zones_and_missing_files(zone, tmp_path):
    with pytest.raises(CommandError, match="开发区“nowhere”不存在"):
        command("import-ledger", str(tmp_path / "x.xlsx"), "--zone", "nowhere")
    with pytest.raises(CommandError, match="无法读取文件"):
        command("import-ledger", str(tmp_path / "x.xlsx"), "--zone", zone.code)


def test_export_then_import_changes_nothing(zone, refs, existing, people, tmp_path):
    path = tmp_path / "out.xlsx"
    out, _err = command("export-ledger", "--zone", zone.code, "-o", str(path))
    assert out.strip() == f"已导出 3 个项目:{path}"
    out, _err = command("import-ledger", str(path), "--zone", zone.code, "--today", "2026-05-31")
    assert out.splitlines()[-1] == "新增 0 / 更新 0 / 未变 3"
    csv_path = tmp_path / "out.csv"
    command("export-ledger", "--zone", zone.code, "-o", str(csv_path), "--user", "bob")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert csv_path.read_text(encoding="utf-8-sig").count("\n") == 3  # header + 一组's two


def test_the_progress_bar_draws_on_stderr_for_big_files():
    written = []
    bar = ProgressBar(written.append, tty=True, minimum=100)
    bar("validate", 10, 50)  # small: no bar
    assert written == []
    for done in range(0, 1001, 100):
        bar("validate", done, 1000)
    assert written[0].startswith("\r校验 [")
    assert written[-1].endswith("100% 1000/1000\n")
    lines = []
    ProgressBar(lines.append, tty=False, minimum=1)("write", 5, 10)
    assert lines == ["写入 [###############---------------]  50% 5/10\n"]


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
@pytest.mark.parametrize("name", ["台账.xlsx", "台账.csv"])
def test_the_export_gets_the_mode_the_umask_gives(zone, refs, tmp_path, mask, mode, name):
    previous = os.umask(mask)
    try:
        command("export-ledger", "--zone", zone.code, "-o", str(tmp_path / name))
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == [name]
