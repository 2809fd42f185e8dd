"""Reading settings from the environment: every bad value names its variable at start-up."""

import os
import re
import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool, environ=os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"环境变量 {name}={raw!r} 不是布尔值(应为 1/0、true/false、yes/no、on/off)。"
        f" / {name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)."
    )


def env_int(
    name: str,
    default: int,
    *,
    minimum: int = 0,
    maximum: int | None = None,
    environ=os.environ,
) -> int:
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = None
    if maximum is not None and (value is None or not minimum <= value <= maximum):
        raise ImproperlyConfigured(
            f"环境变量 {name}={raw!r} 应为 {minimum} 到 {maximum} 之间的整数。"
            f" / {name}={raw!r} must be a whole number from {minimum} to {maximum}."
        )
    if value is None or value < minimum:
        raise ImproperlyConfigured(
            f"环境变量 {name}={raw!r} 应为不小于 {minimum} 的整数。"
            f" / {name}={raw!r} must be a whole number of at least {minimum}."
        )
    return value


def env_decimal(name: str, default: str, *, environ=os.environ) -> Decimal:
    """A positive decimal number (a rate)."""
    raw = environ.get(name)
    if raw is None:
        return Decimal(default)
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0:
        raise ImproperlyConfigured(
            f"环境变量 {name}={raw!r} 应为正数(如 7.1)。 / {name}={raw!r} must be a positive number (such as 7.1)."
        )
    return value


def env_list(name: str, default: list[str], environ=os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(
            f"环境变量 {name} 为空,应为以逗号分隔的列表。 / {name} is empty; give a comma-separated list."
        )
    return items


def env_database(name: str, default_url: str, environ=os.environ) -> dict[str, Any]:
    import dj_database_url

    url = environ.get(name) or default_url
    try:
        config = dj_database_url.parse(url)
    except Exception as exc:
        raise ImproperlyConfigured(
            f"环境变量 {name}={url!r} 无法解析为数据库地址:{exc} / {name} is not a database URL: {exc}"
        ) from exc
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ImproperlyConfigured(
            f"环境变量 {name} 指向不支持的数据库 {engine or url!r}(支持 sqlite:// 与 postgres://)。"
            f" / {name}: unsupported database {engine or url!r} (use sqlite:// or postgres://)."
        )
    if engine == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue on the busy timeout instead of failing with "locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    return dict(config)


def secret_key(name: str, key_file: Path, environ=os.environ) -> str:
    """SECRET_KEY from the environment, else one generated once into a 0600 file."""
    value = environ.get(name)
    if value is not None:
        if len(value) < 32:
            raise ImproperlyConfigured(
                f"环境变量 {name} 太短(至少 32 个字符)。 / {name} is too short (32 characters at least)."
            )
        return value
    key_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # another process made it first: read theirs
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


def env_header(name: str, default: str, environ=os.environ) -> str:
    """An HTTP header's name (e.g. X-Forwarded-For), as Django's request.META key."""
    raw = environ.get(name, default).strip()
    if not re.fullmatch(r"[A-Za-z0-9-]+", raw):
        raise ImproperlyConfigured(
            f"环境变量 {name}={raw!r} 不是 HTTP 头的名称(如 X-Forwarded-For)。"
            f" / {name}={raw!r} is not an HTTP header name (such as X-Forwarded-For)."
        )
    return "HTTP_" + raw.upper().replace("-", "_")
