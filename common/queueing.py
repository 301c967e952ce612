"""Sending a Celery task once the transaction that asked for it commits."""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)


def task_send_on_commit(
    task,
    *args,
    unsent: str = "",
    on_failure: Callable[[], None] | None = None,
) -> None:
    """Send ``task`` with ``args`` once the current transaction commits (at once outside
    one); a rolled-back transaction sends nothing.

    A broker that cannot take the task is logged (``unsent``, or "could not queue
    <task>(<args>); the sweep will retry"), never raised: the request that asked has
    already committed, and its rows stay owed until a sweep sends them again. ``on_failure``
    then runs, for a caller that can do the work another way. (``on_commit``'s
    ``robust=True`` would log a failure too, but not which rows were left to which sweep,
    nor allow a fallback.)
    """

    def send() -> None:
        try:
            task.delay(*args)
        except Exception:
            logger.exception(
                unsent or f"could not queue {task.name}{args!r}; the sweep will retry"
            )
            if on_failure is not None:
                on_failure()

    transaction.on_commit(send)
