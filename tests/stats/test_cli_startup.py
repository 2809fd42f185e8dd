"""The figures command starts without the web layer: Django's system checks import every URL
module (views, the news reader's word lists, pinyin) before any command runs, unless the command
opts out, as the data commands do (core.cli.DataCommand)."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WEB_LAYER = ["zhaoshang.projects.views", "zhaoshang.ingest.views", "zhaoshang.urls", "jieba"]
PROBE = """
import json, sys
from zhaoshang.__main__ import main
sys.argv = ["zhaoshang", "stats", "--zone", "cli-z", "--as-of", "2026-05-31", "--json"]
main()
print(json.dumps([m for m in {modules} if m in sys.modules]), file=sys.stderr)
"""


def run(*args: str, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result


def test_stats_reads_the_figures_without_loading_views_or_the_news_reader(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "zhaoshang.settings",
    }
    run("-m", "zhaoshang", "migrate", "-v", "0", env=env)
    run("-m", "zhaoshang", "create-zone", "--code", "cli-z", "--name", "空开发区", env=env)
    result = run("-c", PROBE.format(modules=WEB_LAYER), env=env)
    assert json.loads(result.stdout)["zone"] == "cli-z"
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []
