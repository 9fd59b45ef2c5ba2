"""Index changes the search engine did not take, kept in the database and replayed later.

    record("default", notice, PendingIndexChange.UPDATE, exc)   # search/fallback.py does this
    replay()          # manage.py replay_search_index; site/run_jobs.py every 5 minutes
    pending_count()   # /healthz and the admin dashboard

One row per object and backend: a later failure for the same object overwrites the action
(a notice edited, then deleted, while the engine was away is replayed as one delete). Replaying
reads the object as it is now, so a row applies the latest state, however many edits it
stands for; a replayed row is deleted, unless it changed meanwhile (then it is replayed next
time). Replaying twice therefore sends nothing the second time.
"""

import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_instance

from .breaker import is_outage, reset
from .models import PendingIndexChange

logger = logging.getLogger(__name__)


def _error(exc):
    text = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    return str(text)[:200]


def record(backend, obj, action, exc):
    """Keep a change for `backend` (its alias in WAGTAILSEARCH_BACKENDS) to replay."""
    error = _error(exc)
    PendingIndexChange.objects.update_or_create(
        backend=backend,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        defaults={"action": action, "error": error, "failures": F("failures") + 1},
        create_defaults={"action": action, "error": error},
    )


def pending_count():
    return PendingIndexChange.objects.count()


@dataclass
class Replayed:
    applied: int = 0
    waiting: int = 0
    stopped: str = ""  # why the replay stopped early: the engine is still away


def _target(row):
    """(action, object) to send for a row: the object's current indexed form, or, when it is
    gone or no longer indexed (deleted, unpublished out of the index), a delete."""
    model = row.content_type.model_class()
    if model is None:
        return None, None
    if row.action == PendingIndexChange.UPDATE:
        obj = model._default_manager.filter(pk=row.object_id).first()
        indexed = get_indexed_instance(obj) if obj is not None else None
        if indexed is not None:
            return PendingIndexChange.UPDATE, indexed
    return PendingIndexChange.DELETE, model(pk=model._meta.pk.to_python(row.object_id))


def replay(backends=None):
    """Send the waiting changes, oldest first; stop at the first sign the engine is still
    away. Returns what was applied and what is still waiting."""
    result = Replayed()
    aliases = backends or PendingIndexChange.objects.values_list("backend", flat=True).distinct()
    for alias in list(aliases):
        backend = get_search_backend(alias)
        for row in PendingIndexChange.objects.filter(backend=alias).order_by("pk"):
            action, obj = _target(row)
            try:
                if action is not None:
                    backend.apply_now(obj, action)
            except Exception as exc:
                PendingIndexChange.objects.filter(pk=row.pk).update(
                    error=_error(exc), failures=F("failures") + 1
                )
                if is_outage(exc):
                    result.stopped = _error(exc)
                    break
                logger.exception("Search index replay failed for %s", row)
                continue
            # Only the row as read: a failure recorded meanwhile stays for the next replay.
            result.applied += PendingIndexChange.objects.filter(
                pk=row.pk, changed_at=row.changed_at
            ).delete()[0]
        else:
            reset()  # the engine took every change: requests may ask it again
    result.waiting = pending_count()
    return result
