"""`zhaoshang backup` while a colleague keeps writing, and `zhaoshang restore` into a fresh
database: the copy is one moment of the source (a prefix of its writes, each write whole), and
once the writes stop, a second backup restores to exactly the source. On the database the suite
runs on: SQLite files in a temporary folder, or two throwaway PostgreSQL databases named after
the suite's own (created and dropped here)."""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

WRITER = Path(__file__).with_name("backup_writer.py")
PROJECT, STAGE_LOG, CHANGE_LOG, COMPANY, ZONE, USER = (
    "projects_project",
    "projects_stagelog",
    "core_changelog",
    "companies_company",
    "org_zone",
    "org_user",
)


class SqliteDatabase:
    def __init__(self, path: Path):
        self.path = path
        self.url = f"sqlite:///{path}"

    def rows(self, sql: str) -> list[tuple]:
        import sqlite3

        with sqlite3.connect(self.path, timeout=20) as connection:
            return connection.execute(sql).fetchall()


class PostgresDatabase:
    def __init__(self, name: str):
        config = settings.DATABASES["default"]
        self.name = name
        self.params = {
            "host": config.get("HOST") or "127.0.0.1",
            "port": config.get("PORT") or 5432,
            "user": config.get("USER") or "postgres",
            "password": config.get("PASSWORD") or None,
        }
        auth = quote(self.params["user"])
        if self.params["password"]:
            auth += ":" + quote(self.params["password"])
        self.url = f"postgres://{auth}@{self.params['host']}:{self.params['port']}/{name}"

    def rows(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(dbname=self.name, **self.params) as connection:
            return connection.execute(sql).fetchall()

    def recreate(self) -> None:
        self.drop()
        self._maintenance(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._maintenance(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _maintenance(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **self.params) as connection:
            connection.execute(sql)


@pytest.fixture
def databases(tmp_path):
    """The source the colleague writes to, and the fresh database the backup goes into."""
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        yield (
            SqliteDatabase(tmp_path / "source.sqlite3"),
            SqliteDatabase(tmp_path / "fresh.sqlite3"),
        )
        return
    base = settings.DATABASES["default"]["NAME"]
    throwaway = [
        PostgresDatabase(f"{base}_backup_source"),
        PostgresDatabase(f"{base}_backup_fresh"),
    ]
    for database in throwaway:
        database.recreate()
    try:
        yield tuple(throwaway)
    finally:
        for database in throwaway:
            database.drop()


def zhaoshang(tmp_path, database, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zhaoshang", *args],
        env=_environment(tmp_path, database),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _environment(tmp_path, database) -> dict:
    return {**os.environ, "DATABASE_URL": database.url, "ZHAOSHANG_VAR": str(tmp_path / "var")}


def digest(database, table: str, where: str = "TRUE") -> str:
    rows = database.rows(f"SELECT * FROM {table} WHERE {where} ORDER BY id")
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def count(database, table: str) -> int:
    return database.rows(f"SELECT COUNT(*) FROM {table}")[0][0]


def ids(database, sql: str) -> list[int]:
    return sorted(row[0] for row in database.rows(sql))


def wait_for(progress: Path, at_least: int, writer: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert writer.poll() is None, writer.stderr.read()
        try:
            if int(progress.read_text() or 0) >= at_least:
                return
        except (FileNotFoundError, ValueError):
            pass  # not written yet, or caught mid-write
        time.sleep(0.05)
    pytest.fail(f"the writer made fewer than {at_least} projects in two minutes")


def test_a_backup_during_writes_restores_one_moment_and_a_quiet_one_restores_all(
    databases, tmp_path
):
    source, fresh = databases
    migrated = zhaoshang(tmp_path, source, "migrate", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    stop, progress = tmp_path / "stop", tmp_path / "progress"
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(stop), str(progress)],
        env=_environment(tmp_path, source),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(progress, 20, writer)
        before = count(source, PROJECT)
        during = zhaoshang(tmp_path, source, "backup", str(tmp_path / "during.backup"))
        after = count(source, PROJECT)
        assert during.returncode == 0, during.stderr
        wait_for(progress, after + 20, writer)  # and the writing goes on after it
    finally:
        stop.touch()
        writer.wait(timeout=120)
    assert writer.returncode == 0, writer.stderr.read()

    restored = zhaoshang(tmp_path, fresh, "restore", str(tmp_path / "during.backup"))
    assert restored.returncode == 0, restored.stderr

    # One moment: the projects committed by then, each with all that its write wrote.
    made = count(fresh, PROJECT)
    assert before <= made <= after < count(source, PROJECT)
    project_ids = ids(fresh, f"SELECT id FROM {PROJECT}")
    assert project_ids == list(range(1, made + 1))
    assert ids(fresh, f"SELECT DISTINCT project_id FROM {STAGE_LOG}") == project_ids
    assert count(fresh, STAGE_LOG) == 2 * made  # 线索 and 签约 of each
    created = ids(
        fresh,
        f"SELECT object_id FROM {CHANGE_LOG} WHERE action = 'create' AND content_type_id = "
        "(SELECT id FROM django_content_type WHERE app_label = 'projects' AND model = 'project')",
    )
    assert created == project_ids
    assert not fresh.rows(
        f"SELECT p.id FROM {PROJECT} p LEFT JOIN {COMPANY} c ON c.id = p.company_id "
        "WHERE c.id IS NULL"
    )
    # …and those rows are the source's rows, byte for byte.
    assert digest(fresh, PROJECT) == digest(source, PROJECT, f"id <= {made}")
    assert digest(fresh, STAGE_LOG) == digest(source, STAGE_LOG, f"project_id <= {made}")
    last_change = fresh.rows(f"SELECT MAX(id) FROM {CHANGE_LOG}")[0][0]
    assert digest(fresh, CHANGE_LOG) == digest(source, CHANGE_LOG, f"id <= {last_change}")
    last_company = fresh.rows(f"SELECT MAX(id) FROM {COMPANY}")[0][0]
    assert digest(fresh, COMPANY) == digest(source, COMPANY, f"id <= {last_company}")

    # With the writing stopped, a second backup restores to exactly the source — after a
    # refusal without --force, which leaves the restored database as it was.
    quiet = zhaoshang(tmp_path, source, "backup", str(tmp_path / "quiet.backup"))
    assert quiet.returncode == 0, quiet.stderr
    untouched = digest(fresh, PROJECT)
    refused = zhaoshang(tmp_path, fresh, "restore", str(tmp_path / "quiet.backup"))
    assert refused.returncode != 0 and "--force" in refused.stderr
    assert "已有数据" in refused.stderr
    assert digest(fresh, PROJECT) == untouched
    forced = zhaoshang(tmp_path, fresh, "restore", str(tmp_path / "quiet.backup"), "--force")
    assert forced.returncode == 0, forced.stderr
    for table in [PROJECT, STAGE_LOG, CHANGE_LOG, COMPANY, ZONE, USER, "django_migrations"]:
        assert count(fresh, table) == count(source, table), table
        assert digest(fresh, table) == digest(source, table), table


def test_restore_refuses_what_is_not_a_backup_of_this_database(databases, tmp_path):
    _, fresh = databases
    bogus = tmp_path / "notes.txt"
    bogus.write_text("不是备份")
    refused = zhaoshang(tmp_path, fresh, "restore", str(bogus))
    assert refused.returncode != 0 and "不是本系统的备份" in refused.stderr
    missing = zhaoshang(tmp_path, fresh, "restore", str(tmp_path / "nowhere.backup"))
    assert missing.returncode != 0 and "不存在" in missing.stderr
