"""Backing up the database and restoring it, consistently while the application writes on.

SQLite: the online backup API copies the file as one snapshot (a read transaction: writers go on
in WAL mode, the copy is what was committed when it began). PostgreSQL: pg_dump in its custom
format (it reads inside one repeatable-read transaction, so it is a snapshot too), restored by
pg_restore's script run through psql in one transaction: the old contents are dropped and the
backup's created, or, on any error, nothing changes.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connections
from django.utils.translation import gettext as _

from zhaoshang.core.models import ChangeLog

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# Before the backup's script: every table, view and sequence of the schema goes (CASCADE takes
# the constraints between them), so nothing of the old contents outlives the restore.
PG_DROP_ALL = """
DO $$
DECLARE item record;
BEGIN
  FOR item IN SELECT c.relname, c.relkind FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
  LOOP
    EXECUTE format(
      CASE item.relkind
        WHEN 'v' THEN 'DROP VIEW IF EXISTS public.%I CASCADE'
        WHEN 'm' THEN 'DROP MATERIALIZED VIEW IF EXISTS public.%I CASCADE'
        ELSE 'DROP TABLE IF EXISTS public.%I CASCADE'
      END, item.relname);
  END LOOP;
  -- Sequences of the tables' columns went with them; any left stood alone.
  FOR item IN SELECT c.relname FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'S'
  LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', item.relname);
  END LOOP;
END $$;
"""


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message for the person running it."""


def backup(path: Path, *, using: str = "default") -> None:
    """Write a consistent copy of the database to `path` (replaced only once complete)."""
    connection = connections[using]
    partial = path.with_name(path.name + ".partial")
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection.settings_dict["NAME"], partial)
        else:
            _pg_dump(connection, partial)
        os.replace(partial, path)
    except OSError as exc:
        raise BackupError(
            _("无法写入备份文件“%(file)s”:%(error)s") % {"file": path, "error": exc.strerror}
        ) from exc
    finally:
        partial.unlink(missing_ok=True)


def restore(path: Path, *, using: str = "default") -> None:
    """Replace the database's whole contents with the backup in `path`."""
    connection = connections[using]
    kind = backup_kind(path)
    expected = "sqlite" if connection.vendor == "sqlite" else "postgresql"
    if kind is None:
        raise BackupError(
            _("“%(file)s”不是本系统的备份(应为 SQLite 数据库文件或 pg_dump 自定义格式)。")
            % {"file": path}
        )
    if kind != expected:
        raise BackupError(
            _("“%(file)s”是 %(kind)s 数据库的备份,当前数据库是 %(database)s,不能恢复到这里。")
            % {"file": path, "kind": _label(kind), "database": _label(expected)}
        )
    connections.close_all()
    if kind == "sqlite":
        _sqlite_restore(path, connection.settings_dict["NAME"])
    else:
        _pg_restore(connection, path)
    connections.close_all()


def backup_kind(path: Path) -> str | None:
    """ "sqlite" or "postgresql" by the file's first bytes; None for anything else."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(
            _("无法读取备份文件“%(file)s”:%(error)s") % {"file": path, "error": exc.strerror}
        ) from exc
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    return None


def held_data(*, using: str = "default") -> dict[str, int]:
    """What a restore would replace: the user accounts and the change-log rows (every write of
    the application leaves one). Both are zero in a database that was only migrated, or never
    set up at all."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    return {
        label: model._default_manager.using(using).count()
        for label, model in (("users", get_user_model()), ("changes", ChangeLog))
        if model._meta.db_table in tables
    }


def _label(kind: str) -> str:
    return "SQLite" if kind == "sqlite" else "PostgreSQL"


def _sqlite_backup(name: str, target: Path) -> None:
    source = sqlite3.connect(name, timeout=20)
    try:
        copy = sqlite3.connect(target)
        try:
            # One step (pages=-1): the whole file under one read transaction, one snapshot.
            source.backup(copy)
            # A single self-contained file, whatever journal mode the live database uses.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        source.close()


def _sqlite_restore(path: Path, name: str) -> None:
    backup_file = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        _check_sqlite_backup(backup_file, path)
        database = sqlite3.connect(name, timeout=20)
        try:
            backup_file.backup(database)
        finally:
            database.close()
    finally:
        backup_file.close()


def _check_sqlite_backup(backup_file: sqlite3.Connection, path: Path) -> None:
    try:
        verdict = backup_file.execute("PRAGMA quick_check").fetchone()[0]
        tables = {row[0] for row in backup_file.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        verdict, tables = str(exc), set()
    if verdict != "ok" or "django_migrations" not in tables:
        raise BackupError(
            _("“%(file)s”不是完好的本系统备份(%(reason)s)。")
            % {"file": path, "reason": verdict if verdict != "ok" else _("缺少迁移记录")}
        )


def _pg_environment(connection) -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if settings.get(key):
            env[variable] = str(settings[key])
    if sslmode := settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _pg_tool(name: str, connection) -> str:
    """The client tool's path, refusing one older than the server (pg_dump cannot read a newer
    server; pg_restore cannot read a newer pg_dump's file)."""
    found = shutil.which(name)
    server = connection.pg_version // 10000
    if found is None:
        raise BackupError(
            _(
                "找不到 %(tool)s:请安装 PostgreSQL 客户端工具(postgresql-client,版本不低于 %(server)s)。"
            )
            % {"tool": name, "server": server}
        )
    output = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
    version = re.search(r"(\d+)(?:\.\d+)?", output)
    if version is None or int(version.group(1)) < server:
        raise BackupError(
            _(
                "%(tool)s 的版本(%(version)s)低于数据库服务器(%(server)s):请安装同版本或更新的 postgresql-client。"
            )
            % {"tool": name, "version": output.strip(), "server": server}
        )
    return found


def _pg_dump(connection, target: Path) -> None:
    connection.ensure_connection()
    tool = _pg_tool("pg_dump", connection)
    result = subprocess.run(
        [tool, "--format=custom", "--file", str(target)],
        env=_pg_environment(connection),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(_("pg_dump 失败:%(error)s") % {"error": result.stderr.strip()})


def _pg_restore(connection, path: Path) -> None:
    connection.ensure_connection()
    restore_tool = _pg_tool("pg_restore", connection)
    psql = _pg_tool("psql", connection)
    env = _pg_environment(connection)
    connection.close()
    # The whole script first: a backup that cannot be read to its end changes nothing.
    with tempfile.NamedTemporaryFile(suffix=".sql") as script:
        read = subprocess.run(
            [restore_tool, "--no-owner", "--no-privileges", "--file", script.name, str(path)],
            env=env,
            capture_output=True,
            text=True,
        )
        if read.returncode != 0:
            raise BackupError(
                _("pg_restore 无法读取备份,数据库未作任何改动:%(error)s")
                % {"error": read.stderr.strip()}
            )
        applied = subprocess.run(
            [
                psql,
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "--single-transaction",
                "-c",
                PG_DROP_ALL,
                "-f",
                script.name,
            ],
            env=env,
            capture_output=True,
            text=True,
        )
    if applied.returncode != 0:
        raise BackupError(
            _("恢复失败,数据库未作任何改动:%(error)s") % {"error": applied.stderr.strip()}
        )
