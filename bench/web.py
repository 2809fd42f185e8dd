"""The main pages under load, against the login page measured in the same run (issue 3, item 9).

    .venv/bin/python bench/web.py [--projects 100000] [--clients 8] [--requests 40] [--workers 3]

Builds a throwaway database (see scratch.py; DATABASE_URL picks the backend) with a zone of
synthetic projects and a director, serves it with gunicorn, and lets --clients signed-in clients
request the library, the dashboard, a project page and GET /accounts/login/ in turn, each
--requests times. Prints each page's p50 and p95 and the ratio of its p95 to the login page's
(target ≤ 3×). The first request of each page per worker is a warm-up and not counted.
"""

import argparse
import datetime as dt
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

from scratch import generated_zone, throwaway_database

TARGET = 3.0
ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    with throwaway_database():
        return run(args)


def run(args) -> int:
    # The pages default to "this year to date" in Asia/Shanghai: data up to that day.
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    zone, summary = generated_zone(args.projects, today=today)
    from zhaoshang.org.models import Role, User
    from zhaoshang.org.services import grant_role
    from zhaoshang.projects.models import Project

    director = User.objects.create_user("bench-director", password="bench-password")
    grant_role(user=director, zone=zone, role=Role.DIRECTOR, source="bench")
    project = Project.objects.filter(zone=zone, funds__isnull=False).first()
    pages = {
        "login": "/accounts/login/",
        "library": "/projects/",
        "dashboard": "/",
        "project": f"/projects/{project.pk}/",
    }

    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "zhaoshang.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        timings = load(base, pages, args)
    finally:
        server.terminate()
        server.wait(timeout=30)

    login_p95 = p95(timings["login"])
    print()
    print(f"{summary.created} projects · {args.clients} clients · gunicorn {args.workers} workers")
    print(f"{'page':<10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p95 / login':>12}  target")
    for name, values in timings.items():
        ratio = p95(values) / login_p95
        verdict = "" if name == "login" else ("ok" if ratio <= TARGET else "MISSED")
        print(
            f"{name:<10} {len(values):>8} {statistics.median(values) * 1000:>8.1f} "
            f"{p95(values) * 1000:>8.1f} {ratio:>12.2f}  {'' if name == 'login' else f'≤ {TARGET}× '}{verdict}"
        )
    return 0


def load(base: str, pages: dict[str, str], args) -> dict[str, list[float]]:
    timings = {name: [] for name in pages}
    lock = threading.Lock()
    errors = []

    def client(number: int) -> None:
        try:
            opener = signed_in(base)
            anonymous = urllib.request.build_opener()
            for name, path in pages.items():  # warm-up
                fetch(anonymous if name == "login" else opener, base + path)
            for round_number in range(args.requests):
                names = list(pages)
                shift = (number + round_number) % len(names)
                for name in names[shift:] + names[:shift]:
                    began = time.perf_counter()
                    fetch(anonymous if name == "login" else opener, base + pages[name])
                    elapsed = time.perf_counter() - began
                    with lock:
                        timings[name].append(elapsed)
        except Exception as exc:  # reported after the run
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"client failed: {errors[0]!r}")
    return timings


def signed_in(base: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = fetch(opener, base + "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    body = urllib.parse.urlencode(
        {"username": "bench-director", "password": "bench-password", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=body, headers={"Referer": base + "/accounts/login/"}
    )
    opener.open(request).read()
    if not any(cookie.name == "sessionid" for cookie in jar):
        raise SystemExit("could not sign in")
    return opener


def fetch(opener, url: str) -> str:
    with opener.open(url, timeout=60) as response:
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
        return response.read().decode()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str) -> None:
    for _attempt in range(100):
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


if __name__ == "__main__":
    sys.exit(main())
