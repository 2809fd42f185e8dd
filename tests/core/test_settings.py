import os
import stat
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhaoshang.env import env_bool, env_database, env_decimal, env_int, env_list, secret_key


def test_it_reads_booleans_and_refuses_others_naming_the_variable():
    assert env_bool("DEBUG", False, environ={}) is False
    assert env_bool("DEBUG", False, environ={"DEBUG": "yes"}) is True
    assert env_bool("DEBUG", True, environ={"DEBUG": "0"}) is False
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False, environ={"DEBUG": "maybe"})


def test_it_reads_a_rate_and_refuses_what_is_not_a_positive_number():
    assert env_decimal("RATE", "7.1", environ={}) == Decimal("7.1")
    assert env_decimal("RATE", "7.1", environ={"RATE": " 6.95 "}) == Decimal("6.95")
    for bad in ("abc", "0", "-1", "NaN"):
        with pytest.raises(ImproperlyConfigured, match="RATE"):
            env_decimal("RATE", "7.1", environ={"RATE": bad})


def test_it_reads_lists_and_refuses_an_empty_one():
    assert env_list("ALLOWED_HOSTS", ["x"], environ={"ALLOWED_HOSTS": "a.cn, b.cn"}) == [
        "a.cn",
        "b.cn",
    ]
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        env_list("ALLOWED_HOSTS", ["x"], environ={"ALLOWED_HOSTS": " , "})


def test_sqlite_gets_wal_busy_timeout_and_immediate_transactions(tmp_path):
    config = env_database(
        "DATABASE_URL", "", environ={"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    )
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5


def test_it_refuses_a_database_it_does_not_support():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", "", environ={"DATABASE_URL": "mysql://root@localhost/x"})
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", "", environ={"DATABASE_URL": "not a url"})


def test_secret_key_is_generated_once_and_private(tmp_path):
    key_file = tmp_path / "var" / "secret_key"
    first = secret_key("SECRET_KEY", key_file, environ={})
    assert len(first) >= 50
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert secret_key("SECRET_KEY", key_file, environ={}) == first


def test_secret_key_from_the_environment_must_be_long_enough(tmp_path):
    key_file = tmp_path / "secret_key"
    assert secret_key("SECRET_KEY", key_file, environ={"SECRET_KEY": "k" * 40}) == "k" * 40
    assert not key_file.exists()
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        secret_key("SECRET_KEY", key_file, environ={"SECRET_KEY": "short"})


def _start(env_changes: dict, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ZHAOSHANG_VAR": str(tmp_path), **env_changes}
    return subprocess.run(
        [sys.executable, "-m", "zhaoshang", "check"], env=env, capture_output=True, text=True
    )


def test_start_up_fails_loudly_on_a_bad_value(tmp_path):
    result = _start({"DEBUG": "perhaps"}, tmp_path)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_a_fresh_clone_starts_with_only_a_database_url(tmp_path):
    result = _start({"DATABASE_URL": f"sqlite:///{tmp_path}/fresh.sqlite3"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists()


def test_it_runs_on_shanghai_dates_in_chinese_with_english_available(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]


def test_it_reads_whole_numbers_and_refuses_others_naming_the_variable():
    assert env_int("KEEP", 30, environ={}) == 30
    assert env_int("KEEP", 30, minimum=1, environ={"KEEP": " 7 "}) == 7
    for bad in ("seven", "0", "-3", ""):
        with pytest.raises(ImproperlyConfigured, match="KEEP"):
            env_int("KEEP", 30, minimum=1, environ={"KEEP": bad})


def test_the_news_reader_limits_come_from_the_environment_and_refuse_zero(tmp_path):
    for name in ("ZHAOSHANG_INGEST_MAX_FILE_MB", "ZHAOSHANG_INGEST_MAX_UNZIPPED_MB"):
        result = _start({name: "0"}, tmp_path)
        assert result.returncode != 0
        assert name in result.stderr
    check = (
        "from django.conf import settings;"
        "print(settings.INGEST_MAX_FILE_BYTES, settings.INGEST_MAX_UNZIPPED_BYTES)"
    )
    env = {
        **os.environ,
        "ZHAOSHANG_VAR": str(tmp_path),
        "ZHAOSHANG_INGEST_MAX_FILE_MB": "2",
        "ZHAOSHANG_INGEST_MAX_UNZIPPED_MB": "3",
    }
    result = subprocess.run(
        [sys.executable, "-m", "zhaoshang", "shell", "-v", "0", "-c", check],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == [str(2 * 1024 * 1024), str(3 * 1024 * 1024)], result.stderr
