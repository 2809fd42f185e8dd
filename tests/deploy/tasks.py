"""A background task for tests/deploy/test_workers.py: it notes each run in a file."""

import time

from django_tasks import task


@task()
def note_run(path: str, number: int) -> None:
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"{number}\n")
    time.sleep(0.02)  # long enough for the workers to overlap
