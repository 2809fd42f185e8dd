"""The apps stay in their layers (pyproject.toml, [tool.importlinter]): core < org < companies <
projects < stats < targets < reports / ledger / ingest / dashboard < demo."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


def test_every_app_imports_only_from_the_layers_below_it():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_against_the_layers_is_caught(tmp_path):
    shutil.copytree(
        ROOT / "zhaoshang",
        tmp_path / "zhaoshang",
        ignore=shutil.ignore_patterns("static", "locale", "templates", "__pycache__", "data"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    amounts = tmp_path / "zhaoshang/core/amounts.py"
    amounts.write_text(amounts.read_text() + "\nfrom zhaoshang.stats import selectors  # upwards\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "zhaoshang.core.amounts -> zhaoshang.stats.selectors" in result.stdout
