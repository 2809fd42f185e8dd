"""The JSON API under load: concurrent clients, reads and versioned writes, against gunicorn.

    .venv/bin/python bench/api.py [--clients 50] [--seconds 60] [--projects 2000] [--writes 0.2]
                                  [--hot 20] [--workers 4] [--threads 4]

Builds a throwaway database (see scratch.py; DATABASE_URL picks the backend: PostgreSQL for the
figures in the README) with a zone of synthetic projects and a director's token, serves it with
gunicorn, and lets --clients clients each loop for --seconds: with probability --writes a write
(an edit of a project's note or a pause/resume, each sent with the version just read), else a
read (the project list with a filter, a project, the figures). The writes go to --hot projects,
so that clients collide and some writes are refused as stale (409) — correctly, when the version
sent is not the current one. GET /api/me, the trivial authenticated endpoint, is timed in the
same run, and every operation's p50/p95/p99 is given as a ratio to its own.

It fails (exit 1) on any error other than a correct 409, and on any lost update: for each hot
project, the writes that were answered 200 must be exactly the versions it moved through.
"""

import argparse
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import generated_zone, throwaway_database

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "me"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--writes", type=float, default=0.2)
    parser.add_argument("--hot", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with throwaway_database():
        setup = prepare(args.projects, hot=args.hot)
        port = free_port()
        server = start_gunicorn(port, workers=args.workers, threads=args.threads)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base)
            result = run_load(
                [base],
                token=setup.token,
                hot=setup.hot,
                zone=setup.zone_code,
                clients=args.clients,
                seconds=args.seconds,
                write_share=args.writes,
            )
            lost = lost_updates(
                result, setup.initial_versions, final_state(base, setup.token, setup.hot)
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(report(result, lost, args))
    return 0 if not result.errors and not lost else 1


@dataclass
class Setup:
    token: str
    zone_code: str
    hot: list[int]
    initial_versions: dict[int, int]


def prepare(projects: int, *, hot: int) -> Setup:
    """The scratch database's zone, a director with a token, and the hot projects' versions."""
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    zone, _summary = generated_zone(projects, today=today)
    from zhaoshang.api.tokens import create_token
    from zhaoshang.org.models import Role, User
    from zhaoshang.org.services import grant_role
    from zhaoshang.projects.models import Project

    director = User.objects.create_user("bench-director", password="bench-password")
    grant_role(user=director, zone=zone, role=Role.DIRECTOR, source="bench")
    _token, secret = create_token(user=director, actor=None, source="bench")
    chosen = list(
        Project.objects.filter(zone=zone, dropped_date__isnull=True)
        .order_by("pk")
        .values_list("pk", "version")[:hot]
    )
    return Setup(
        token=secret,
        zone_code=zone.code,
        hot=[pk for pk, _v in chosen],
        initial_versions=dict(chosen),
    )


@dataclass
class Result:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # (project, version after, marker) of every write answered 200
    writes: list[tuple[int, int, str]] = field(default_factory=list)
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    requests: int = 0


def run_load(
    bases: list[str],
    *,
    token: str,
    hot: list[int],
    zone: str,
    clients: int,
    seconds: float,
    write_share: float,
    retry_connection_errors: bool = False,
) -> Result:
    """`clients` threads for `seconds`, each on one of `bases` in turn. With
    `retry_connection_errors`, a request that never got an answer (its server went away) is
    sent again, as a client of a load balancer would; it is not counted as an error."""
    result = Result()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    yesterday = (
        dt.datetime.now(ZoneInfo("Asia/Shanghai")).date() - dt.timedelta(days=1)
    ).isoformat()

    def call(base, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        for _attempt in range(20):
            request = urllib.request.Request(base + path, data=data, method=method)
            for key, value in headers.items():
                request.add_header(key, value)
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status, _json(response.status, response.read())
            except urllib.error.HTTPError as exc:
                return exc.code, _json(exc.code, exc.read())
            except (urllib.error.URLError, ConnectionError) as exc:
                if not retry_connection_errors:
                    raise
                last = exc
                time.sleep(0.1)
        raise RuntimeError(f"no answer after retries: {last!r}")

    def timed(name, base, method, path, body=None):
        began = time.perf_counter()
        try:
            status, answer = call(base, method, path, body)
        except Exception as exc:
            raise RuntimeError(f"{method} {path}: {exc}") from exc
        elapsed = time.perf_counter() - began
        with lock:
            result.timings[name].append(elapsed)
            result.requests += 1
        return status, answer

    def client(number: int) -> None:
        rng = random.Random(number)
        base_index = number % len(bases)
        count = 0
        while time.monotonic() < deadline:
            base = bases[base_index]
            count += 1
            try:
                if count % 10 == 0:
                    status, _ = timed(BASELINE, base, "GET", "/api/me")
                    if status != 200:
                        raise RuntimeError(f"/api/me: {status}")
                    continue
                if rng.random() < write_share:
                    write(rng, base, number, count)
                else:
                    read(rng, base)
            except Exception as exc:
                with lock:
                    result.errors.append(str(exc))

    def read(rng, base) -> None:
        choice = rng.random()
        if choice < 0.4:
            path = f"/api/projects?zone={zone}&status=all&limit=20&offset={rng.randrange(200)}"
            name = "list"
        elif choice < 0.8:
            path, name = f"/api/projects/{rng.choice(hot)}", "project"
        else:
            path, name = f"/api/stats?zone={zone}", "stats"
        status, _ = timed(name, base, "GET", path)
        if status != 200:
            raise RuntimeError(f"{path}: {status}")

    def write(rng, base, number, count) -> None:
        pk = rng.choice(hot)
        status, current = timed("project", base, "GET", f"/api/projects/{pk}")
        if status != 200:
            raise RuntimeError(f"GET project {pk}: {status}")
        sent = current["version"]
        marker = f"c{number}-{count}"
        if rng.random() < 0.75:
            name, path = "edit", f"/api/projects/{pk}"
            status, answer = timed(name, base, "PATCH", path, {"version": sent, "note": marker})
        else:
            name, path = "pause", f"/api/projects/{pk}/pause"
            body = {
                "version": sent,
                "paused": not current["is_paused"],
                "on": yesterday,
                "reason": marker,
            }
            status, answer = timed(name, base, "POST", path, body)
        if status == 200:
            with lock:
                result.writes.append((pk, answer["version"], marker if name == "edit" else ""))
        elif status == 409:
            # Correct only if the version sent was no longer the current one.
            if answer["current"]["version"] == sent:
                raise RuntimeError(f"409 for the current version {sent} of {pk}")
            with lock:
                result.conflicts += 1
        else:
            raise RuntimeError(f"{name} {pk}: {status} {answer}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def _json(status: int, body: bytes):
    try:
        return json.loads(body or b"null")
    except ValueError:
        raise RuntimeError(f"HTTP {status}, not JSON: {body[:200]!r}") from None


def final_state(base: str, token: str, hot: list[int]) -> dict[int, tuple[int, str]]:
    """Each hot project's version and note, read back through the API."""
    state = {}
    for pk in hot:
        request = urllib.request.Request(
            f"{base}/api/projects/{pk}", headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            body = json.loads(response.read())
        state[pk] = (body["version"], body["note"])
    return state


def lost_updates(
    result: Result, initial_versions: dict[int, int], final: dict[int, tuple[int, str]]
) -> list[str]:
    """Each write answered 200 moved its project to a version no other write reached, and the
    project now stands at its first version plus the number of such writes; its note is the
    last edit's. Anything else is an update lost."""
    problems = []
    by_project = defaultdict(list)
    for pk, version, marker in result.writes:
        by_project[pk].append((version, marker))
    for pk, start in initial_versions.items():
        writes = sorted(by_project.get(pk, []))
        versions = [version for version, _m in writes]
        version_now, note_now = final[pk]
        if len(set(versions)) != len(versions):
            problems.append(f"project {pk}: two writes answered the same version")
        if version_now != start + len(writes):
            problems.append(f"project {pk}: {len(writes)} writes, version {start} → {version_now}")
        edits = [marker for _v, marker in writes if marker]
        if edits and note_now != edits[-1]:
            problems.append(f"project {pk}: note {note_now!r}, last edit {edits[-1]!r}")
    return problems


def report(result: Result, lost: list[str], args) -> str:
    base = result.timings[BASELINE]
    lines = [
        "",
        f"{args.clients} clients · {args.seconds:.0f} s · writes {args.writes:.0%} · "
        f"gunicorn {args.workers}×{args.threads} · {os.environ.get('DATABASE_URL', '')[:8]}…",
        f"{result.requests} requests, {len(result.writes)} writes done, "
        f"{result.conflicts} refused as stale (409, correctly), "
        f"{len(result.errors)} errors, {len(lost)} lost updates",
        f"{'operation':<10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}   "
        f"{'p50':>5} {'p95':>5} {'p99':>5}  (× /api/me)",
    ]
    reference = [percentile(base, q) for q in (50, 95, 99)]
    for name in [BASELINE, "list", "project", "stats", "edit", "pause"]:
        values = result.timings.get(name) or []
        if not values:
            continue
        ps = [percentile(values, q) for q in (50, 95, 99)]
        ratios = [p / r if r else 0 for p, r in zip(ps, reference, strict=True)]
        lines.append(
            f"{name:<10} {len(values):>6} "
            + " ".join(f"{p * 1000:>8.1f}" for p in ps)
            + "   "
            + " ".join(f"{r:>5.1f}" for r in ratios)
        )
    lines += [f"ERROR {e}" for e in result.errors[:10]]
    lines += [f"LOST {p}" for p in lost[:10]]
    return "\n".join(lines)


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100)[q - 1]


def start_gunicorn(port: int, *, workers: int, threads: int, env: dict | None = None):
    return subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "zhaoshang.wsgi",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost", **(env or {})},
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str) -> None:
    for _attempt in range(150):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{base} did not start")


if __name__ == "__main__":
    sys.exit(main())
