"""zhaoshang past one machine, on loopback: nginx (deploy/nginx/zhaoshang.conf as shipped) in
front of two gunicorn app servers sharing one database. Under the load of bench/api.py, one app
server is stopped mid-run and started again: no request fails (nginx sends what it could not
deliver to the other server; the stopped one finishes what it had), no update is lost, and the
figures through nginx are those the command counts on its own. The shipped nginx configuration
passes `nginx -t` and the systemd units `systemd-analyze verify`."""

import json
import shutil
import subprocess
import threading
import time
import urllib.request

import pytest

from tests.deploy.servers import (
    ROOT,
    AppServer,
    Nginx,
    bench_api,
    nginx_config,
    require_nginx,
    scratch_database,
    seed,
    zhaoshang,
)


def test_the_shipped_nginx_configuration_passes_nginx_t(tmp_path):
    require_nginx()
    checked = Nginx(nginx_config(tmp_path, port=18080, app_ports=[18081, 18082])).test()
    assert checked.returncode == 0, checked.stderr


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_the_systemd_units_verify(tmp_path):
    env = tmp_path / "env"
    env.write_text((ROOT / "deploy/env.example").read_text())
    for unit in sorted((ROOT / "deploy/systemd").glob("*.service")):
        text = unit.read_text().replace("/opt/zhaoshang", str(ROOT))
        text = text.replace("/etc/zhaoshang/env", str(env))
        # The units name the account they run as; this machine has none of that name.
        text = "\n".join(
            line for line in text.splitlines() if not line.startswith(("User=", "Group="))
        )
        (tmp_path / unit.name).write_text(text + "\n")
        done = subprocess.run(
            ["systemd-analyze", "verify", "--man=no", str(tmp_path / unit.name)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, f"{unit.name}: {done.stderr}"


def test_two_app_servers_behind_nginx_lose_nothing_when_one_stops(tmp_path):
    require_nginx()
    load = bench_api()
    with scratch_database(tmp_path) as database:
        setup = seed(database, projects=300, hot=8)
        ports = [load.free_port() for _ in range(3)]
        first, second = (AppServer(database, port).start() for port in ports[1:])
        nginx = Nginx(nginx_config(tmp_path, port=ports[0], app_ports=ports[1:]))
        assert nginx.test().returncode == 0
        nginx.start()
        base = f"http://127.0.0.1:{ports[0]}"
        try:
            for server in (first, second):
                load.wait_until_up(f"http://127.0.0.1:{server.port}")
            load.wait_until_up(base)
            outcome = {}

            def run():
                outcome["result"] = load.run_load(
                    [base],
                    token=setup["token"],
                    hot=setup["hot"],
                    zone=setup["zone_code"],
                    clients=8,
                    seconds=12,
                    write_share=0.3,
                )

            runner = threading.Thread(target=run)
            runner.start()
            time.sleep(4)
            first.stop()  # mid-run, as `systemctl stop` would
            time.sleep(3)
            first.start()
            runner.join()
            result = outcome["result"]
            # Only writes in flight on the stopping server may fail (nginx does not send a POST
            # or PATCH on once the first server has it); every read is answered.
            in_flight = [e for e in result.errors if e.startswith(("POST", "PATCH"))]
            assert in_flight == result.errors, result.errors
            assert len(in_flight) <= 8, result.errors
            assert len(result.writes) > 10
            final = load.final_state(base, setup["token"], setup["hot"])
            assert load.lost_updates(result, setup["initial_versions"], final) == []
            # Both servers are back and agree with one process counting alone.
            load.wait_until_up(f"http://127.0.0.1:{first.port}")
            as_of = json.loads(
                fetch(f"{base}/api/stats?zone={setup['zone_code']}", setup["token"])
            )["as_of"]
            alone = json.loads(
                zhaoshang(
                    database, "stats", "--zone", setup["zone_code"], "--as-of", as_of, "--json"
                )
            )
            for server in (base, *(f"http://127.0.0.1:{s.port}" for s in (first, second))):
                query = f"zone={setup['zone_code']}&as_of={as_of}"
                assert json.loads(fetch(f"{server}/api/stats?{query}", setup["token"])) == alone
            healthy = json.loads(urllib.request.urlopen(f"{base}/healthz", timeout=10).read())
            assert healthy == {"status": "ok", "database": True}
        finally:
            nginx.stop()
            first.stop()
            second.stop()


def fetch(url: str, token: str) -> str:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()
