"""A text progress bar for the ledger commands (stderr: standard output stays the report)."""

import sys
from collections.abc import Callable

from django.utils.translation import gettext as _

# Smaller files finish before a bar would be worth looking at.
MINIMUM_ROWS = 2000
WIDTH = 30


class ProgressBar:
    def __init__(
        self,
        write: Callable[[str], object] | None = None,
        *,
        tty: bool | None = None,
        minimum: int = MINIMUM_ROWS,
    ):
        self.write = write or sys.stderr.write
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.minimum = minimum
        self.shown: dict[str, int] = {}
        self.labels = {"read": _("读取"), "validate": _("校验"), "write": _("写入")}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if total < self.minimum:
            return
        percent = min(done * 100 // total, 100)
        step = 1 if self.tty else 10
        last = self.shown.get(phase, -step)
        if percent < last + step and percent < 100:
            return
        if percent == 100 and last == 100:
            return
        self.shown[phase] = percent
        filled = WIDTH * percent // 100
        bar = "#" * filled + "-" * (WIDTH - filled)
        label = self.labels.get(phase, phase)
        text = f"{label} [{bar}] {percent:3d}% {done}/{total}"
        if self.tty:
            self.write("\r" + text + ("\n" if percent == 100 else ""))
        else:
            self.write(text + "\n")
