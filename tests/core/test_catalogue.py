"""English is a supported language: every string the code and templates mark for translation has
an English translation in the committed catalogue, none of them fuzzy."""

import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "zhaoshang"


def test_every_marked_string_has_an_english_translation(tmp_path):
    copy = tmp_path / "zhaoshang"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo", "data")
    )
    subprocess.run(
        [sys.executable, "-m", "zhaoshang", "makemessages", "-l", "en", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    catalogue = copy / "locale/en/LC_MESSAGES/django.po"
    missing = []
    for flag in ("--untranslated", "--only-fuzzy"):
        found = subprocess.run(
            ["msgattrib", flag, "--no-obsolete", str(catalogue)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        missing += [
            line for line in found.splitlines() if line.startswith("msgid ") and line != 'msgid ""'
        ]
    assert not missing, "untranslated or fuzzy (make messages, then translate):\n" + "\n".join(
        missing
    )
