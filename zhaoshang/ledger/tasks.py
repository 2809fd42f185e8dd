"""Background work for big ledgers (django-tasks, database backend: `zhaoshang db_worker`)."""

import logging

from django_tasks import task

from zhaoshang.ledger import services
from zhaoshang.ledger.models import LedgerImport

logger = logging.getLogger(__name__)


@task()
def validate_import_task(import_id: int) -> None:
    job = LedgerImport.objects.select_related("zone", "user").get(pk=import_id)
    try:
        services.run_validation(job)
    except Exception as exc:
        logger.exception("ledger import %s: validation failed", import_id)
        services.fail_import(import_id, str(exc))
        raise


@task()
def apply_import_task(import_id: int) -> None:
    job = LedgerImport.objects.select_related("zone", "user").get(pk=import_id)
    try:
        services.run_apply(job)
    except Exception as exc:
        logger.exception("ledger import %s: apply failed", import_id)
        services.fail_import(import_id, str(exc))
        raise
