"""What the deployment tests start and stop: a scratch database (on the PostgreSQL server the
suite runs on, else a SQLite file), zhaoshang's commands against it, gunicorn app servers and
nginx, all on loopback."""

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv/bin"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SECRET_KEY = "deploy-test-shared-secret-key-of-every-app-server-0123456789"


def require_nginx() -> None:
    if Path(NGINX).exists():
        return
    message = f"{NGINX} not found (apt-get install nginx; make browser-deps does it as root)"
    if os.environ.get("ZHAOSHANG_REQUIRE_BROWSER"):
        pytest.fail(f"deployment tests required but cannot run: {message}")
    pytest.skip(f"\n\n*** DEPLOYMENT TESTS SKIPPED: {message} ***\n")


def bench_api():
    """bench/api.py, the load of the benchmark, as a module."""
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("bench_api", ROOT / "bench/api.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def scratch_database(tmp_path: Path):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"zs_deploy_{os.getpid()}"
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
        finally:
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path}/deploy.sqlite3"


def environment(database_url: str, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_SETTINGS"))
    }
    return {
        **env,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ZHAOSHANG_TRUSTED_PROXIES": "1",
        "DJANGO_SETTINGS_MODULE": "zhaoshang.settings",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def zhaoshang(database_url: str, *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "zhaoshang"), *args],
        cwd=ROOT,
        env=environment(database_url),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def python(database_url: str, code: str) -> str:
    done = subprocess.run(
        [str(BIN / "python"), "-c", code],
        cwd=ROOT,
        env=environment(database_url),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def seed(database_url: str, projects: int, hot: int) -> dict:
    """Migrations (once), a zone of generated projects, a director's token: bench/api.py's."""
    code = (
        "import json, sys; sys.path.insert(0, 'bench');"
        "import importlib.util as u;"
        "s = u.spec_from_file_location('bench_api', 'bench/api.py');"
        "m = u.module_from_spec(s); s.loader.exec_module(m);"
        f"r = m.prepare({projects}, hot={hot});"
        "print(json.dumps(r.__dict__))"
    )
    setup = json.loads(python(database_url, code).strip().splitlines()[-1])
    setup["initial_versions"] = {int(k): v for k, v in setup["initial_versions"].items()}
    return setup


class AppServer:
    """One gunicorn app server on a loopback port."""

    def __init__(self, database_url: str, port: int):
        self.database_url, self.port, self.process = database_url, port, None

    def start(self):
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "zhaoshang.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--threads",
                "2",
                "--graceful-timeout",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment(self.database_url),
            stderr=subprocess.DEVNULL,
        )
        return self

    def stop(self):
        """As systemd stops it: SIGTERM, requests in flight finish."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)


NGINX_MAIN = """
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
{user}
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {site};
}}
"""


def nginx_config(prefix: Path, *, port: int, app_ports: list[int]) -> Path:
    """deploy/nginx/zhaoshang.conf as shipped, with loopback addresses for its app servers, its
    port and its static folder."""
    site = (ROOT / "deploy/nginx/zhaoshang.conf").read_text()
    servers = "".join(
        f"    server 127.0.0.1:{app} max_fails=1 fail_timeout=10s;\n" for app in app_ports
    )
    lines = [line for line in site.splitlines(keepends=True) if "server 10.0.0." not in line]
    site = "".join(lines).replace(
        "upstream zhaoshang_app {\n", "upstream zhaoshang_app {\n" + servers
    )
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("/opt/zhaoshang/var/static/", f"{ROOT}/var/static/")
    (prefix / "site.conf").write_text(site)
    user = "user root root;" if os.geteuid() == 0 else ""
    main = NGINX_MAIN.format(prefix=prefix, site=prefix / "site.conf", user=user)
    (prefix / "nginx.conf").write_text(main)
    return prefix / "nginx.conf"


class Nginx:
    def __init__(self, config: Path):
        self.config, self.process = config, None

    def test(self) -> subprocess.CompletedProcess:
        return subprocess.run(
            [NGINX, "-t", "-c", str(self.config), "-p", str(self.config.parent)],
            capture_output=True,
            text=True,
        )

    def start(self):
        self.process = subprocess.Popen(
            [NGINX, "-c", str(self.config), "-p", str(self.config.parent), "-g", "daemon off;"],
            stderr=subprocess.DEVNULL,
        )
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
