"""Delivery of the outbox, by the worker: one task per message and attempt."""

from __future__ import annotations

from django_tasks import task

from kinhaven.exchange.services import outbox_deliver


@task()
def exchange_deliver(message_id: int) -> bool:
    """Deliver one message to its peer; a failure plans the next attempt (exponential backoff)."""
    return outbox_deliver(message_id=message_id)
