"""The task worker (`zhaoshang db_worker`) on several machines: three workers against one
database take the queued tasks between them, and no task runs twice (the database backend locks
the task's row — SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL — before claiming it)."""

import subprocess

from tests.deploy.servers import BIN, ROOT, environment, python, scratch_database, zhaoshang

TASKS = 60


def test_several_workers_run_each_task_once(tmp_path):
    runs = tmp_path / "runs.txt"
    with scratch_database(tmp_path) as database:
        zhaoshang(database, "migrate", "--noinput")
        python(
            database,
            "import django; django.setup();"
            "from tests.deploy.tasks import note_run;"
            f"[note_run.enqueue({str(runs)!r}, n) for n in range({TASKS})]",
        )
        workers = [
            subprocess.Popen(
                [
                    str(BIN / "zhaoshang"),
                    "db_worker",
                    "--batch",
                    "--no-startup-delay",
                    "--interval",
                    "0.05",
                    "--worker-id",
                    f"machine-{n}",
                ],
                cwd=ROOT,
                env=environment(database),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for n in range(3)
        ]
        for worker in workers:
            assert worker.wait(timeout=300) == 0
        counted = python(
            database,
            "import django; django.setup();"
            "from django_tasks_db.models import DBTaskResult;"
            "print(DBTaskResult.objects.filter(status='SUCCESSFUL').count(),"
            " len({w for r in DBTaskResult.objects.all() for w in r.worker_ids}))",
        ).split()
    numbers = sorted(int(line) for line in runs.read_text().split())
    assert numbers == list(range(TASKS))  # every task ran, none twice
    assert int(counted[0]) == TASKS
    assert int(counted[1]) >= 2, "the workers did not share the queue"
