"""The CLI's start-up (issue 15, item 1): `zhaoshang stats --json` on an empty zone against a
process that only sets Django up with our settings, in the same run.

    .venv/bin/python bench/startup.py [--repeat 7]

What the command adds beyond Django's own start-up is what it imports and does: the data
commands skip the system checks (which import every URL module), and slow libraries (cn2an,
pypinyin, jieba) are imported where they are used. DATABASE_URL picks the database (a scratch
SQLite file by default).
"""

import argparse
import statistics
import subprocess
import sys
import time

from scratch import throwaway_database

FLOOR = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'zhaoshang.settings'; django.setup()"
)
STATS = ["-m", "zhaoshang", "stats", "--zone", "startup", "--as-of", "2026-05-31", "--json"]


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with throwaway_database():
        subprocess.run([sys.executable, "-m", "zhaoshang", "migrate", "-v", "0"], check=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "zhaoshang",
                "create-zone",
                "--code",
                "startup",
                "--name",
                "空区",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        floor, command = [], []
        for _ in range(args.repeat):  # interleaved: both sides see the same machine
            floor.append(timed(["-c", FLOOR]))
            command.append(timed(STATS))
    best, median = min(command) / min(floor), statistics.median(command) / statistics.median(floor)
    print(f"{'':<28}{'best s':>8}{'median s':>10}")
    print(f"{'django.setup() alone':<28}{min(floor):>8.2f}{statistics.median(floor):>10.2f}")
    print(
        f"{'stats --json, empty zone':<28}{min(command):>8.2f}{statistics.median(command):>10.2f}"
    )
    print(f"ratio (best / median): {best:.2f} / {median:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
