"""Background work for big ledgers (django-tasks, database backend: `zhaoshang db_worker`).

Each task first ends the uploads whose worker died (services.recover_stalled_imports: a restarted
worker thus cleans up after the one it replaces), then runs with a heartbeat: a thread that bumps
the upload's updated_at while the task lives, also through the long write transaction, which
publishes no progress."""

import contextlib
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks import task

from zhaoshang.ledger import services
from zhaoshang.ledger.models import RUNNING, LedgerImport

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def heartbeat(import_id: int):
    """Bump the upload's updated_at every quarter of the stall time (a minute at most) until
    the block ends. On SQLite the import's write transaction holds the database's one write
    lock, so a beat may wait and fail meanwhile: the stall time is far longer than a write."""
    stop = threading.Event()
    interval = max(1, min(60, settings.LEDGER_STALL_SECONDS // 4))

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    LedgerImport.objects.filter(pk=import_id, status__in=RUNNING).update(
                        updated_at=timezone.now()
                    )
                except DatabaseError:
                    logger.warning("ledger import %s: heartbeat failed", import_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"ledger-heartbeat-{import_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _run(step, import_id: int, what: str) -> None:
    services.recover_stalled_imports()
    job = LedgerImport.objects.select_related("zone", "user").get(pk=import_id)
    if job.status not in RUNNING:
        return  # ended meanwhile (marked interrupted, then started again as another task)
    try:
        with heartbeat(import_id):
            step(job)
    except Exception as exc:
        logger.exception("ledger import %s: %s failed", import_id, what)
        services.fail_import(import_id, str(exc))
        raise


@task()
def validate_import_task(import_id: int) -> None:
    _run(services.run_validation, import_id, "validation")


@task()
def apply_import_task(import_id: int) -> None:
    _run(services.run_apply, import_id, "apply")
