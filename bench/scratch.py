"""A throwaway database for a benchmark, chosen by DATABASE_URL, and the generated zone in it.

Without DATABASE_URL: a temporary SQLite file, removed afterwards; with a SQLite URL, that file
(kept). With a PostgreSQL URL: a database `zhaoshang_bench_<pid>` created on that server and
dropped at the end; the URL's own database is only used to connect.
"""

import contextlib
import os
import shutil
import sys
import tempfile
from urllib.parse import urlsplit, urlunsplit


@contextlib.contextmanager
def throwaway_database():
    """Points DATABASE_URL at a scratch database for the duration; yields the URL."""
    url = os.environ.get("DATABASE_URL", "")
    scheme = urlsplit(url).scheme if url else "sqlite"
    if scheme.startswith("postgres"):
        import psycopg

        name = f"zhaoshang_bench_{os.getpid()}"
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
        try:
            yield os.environ["DATABASE_URL"]
        finally:
            if "django" in sys.modules:
                from django.db import connections

                connections.close_all()
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    elif scheme != "sqlite":
        raise SystemExit(f"DATABASE_URL: unsupported scheme {scheme!r}")
    elif url:
        yield url
    else:
        folder = tempfile.mkdtemp(prefix="zhaoshang-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        try:
            yield os.environ["DATABASE_URL"]
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def generated_zone(count: int, *, today, seed: int = 1):
    """Django set up and migrated, and a zone of `count` synthetic projects."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhaoshang.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from zhaoshang.org.services import create_zone
    from zhaoshang.projects.generate import generate_projects

    call_command("migrate", verbosity=0)
    zone = create_zone(code=f"bench-{os.getpid()}", name="性能测试开发区", source="bench")
    print(f"generating {count} projects on {connection.vendor} …", flush=True)
    summary = generate_projects(
        zone=zone,
        count=count,
        today=today,
        seed=seed,
        progress=lambda done, total: print(f"  {done}/{total}", flush=True),
    )
    print(
        f"  {summary.created} projects, {summary.funds_records} funds records in "
        f"{summary.seconds:.1f} s (check_project {summary.check_seconds:.2f} s)",
        flush=True,
    )
    with connection.cursor() as cursor:
        # Fresh tables have no planner statistics; a live database would have them.
        cursor.execute("ANALYZE")
    return zone, summary
