"""Reads from a PostgreSQL streaming replica, when one is configured (``DATABASE_REPLICA_URL``).

A replica lags the primary by a moment, so only the doors that read much and can show figures a
second old read there: reports, dashboards, exports (web and API), global search and the report
centre. A door says so once, with :func:`reads_from_replica` (a view function) or the class
attribute ``reads_from_replica`` (a view class, a DRF view or viewset), set to ``True`` or to a
predicate of the request; :class:`ReplicaMiddleware` opens the replica for the request it serves
and :class:`ReplicaRouter` sends the ORM's reads there. Everything else reads the primary, and every
write goes to the primary, even a write made by a replica-reading door (the export log, the read
log): the router sends writes, and reads inside a transaction, to the primary whatever the door.

Read-your-writes: a request that may have written (any method but GET, HEAD, OPTIONS, TRACE)
reads the primary from start to end, and leaves a signed cookie that keeps the same browser on
the primary for ``DATABASE_REPLICA_PIN_SECONDS`` seconds more, so that a report opened just after
a posting shows it even while the replica catches up. Logins, sessions, tokens, users and their
groups are always read from the primary: a replica that lags never logs anybody out or keeps a
withdrawn role alive.

Without a ``replica`` database (no ``DATABASE_REPLICA_URL``) all of this is inert: the router is
not installed and the middleware passes requests through. Migrations never run on the replica.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest

REPLICA = "replica"
#: Read from the primary for this long after writing (seconds); settings override it.
DEFAULT_PIN_SECONDS = 5.0
PIN_COOKIE = "logistics_primary_until"
_PIN_SALT = "logistics.replica.pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

#: Who is logged in and what they may do must never lag: these apps and models read the primary.
PRIMARY_ONLY_APPS = frozenset({"auth", "sessions", "authtoken", "axes", "contenttypes", "admin"})

_replica_reads: ContextVar[bool] = ContextVar("logistics_replica_reads", default=False)

ReplicaMarker = bool | Callable[[HttpRequest], bool]


def replica_configured() -> bool:
    return REPLICA in connections.settings


def reading_from_replica() -> bool:
    """Whether the ORM's reads of this context go to the replica (when they may)."""
    return _replica_reads.get() and replica_configured()


@contextmanager
def replica_reads(enabled: bool = True):
    """Reads of the block go to the replica (if configured); for commands and background jobs
    that build reports. Writes and reads inside a transaction still go to the primary."""
    token = _replica_reads.set(enabled)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def in_replica_context(iterator, enabled: bool = True) -> Iterator:
    """Yield from ``iterator``, each step inside :func:`replica_reads`: a streamed response's rows
    are read after its view has returned, out of the request's context."""
    iterator = iter(iterator)
    while True:
        token = _replica_reads.set(enabled)
        try:
            item = next(iterator)
        except StopIteration:
            return
        finally:
            _replica_reads.reset(token)
        yield item


def reads_from_replica(view=None, *, when: Callable[[HttpRequest], bool] | None = None):
    """Mark a view function as a door that reads from the replica (``when``: only for some requests)."""

    def mark(function):
        function.reads_from_replica = when if when is not None else True
        return function

    return mark(view) if view is not None else mark


def _marker(view_func) -> ReplicaMarker | None:
    marker = getattr(view_func, "reads_from_replica", None)
    if marker is None:
        # Django's class-based views keep their class as ``view_class``, DRF's as ``cls``.
        view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
        marker = getattr(view_class, "reads_from_replica", None)
    return marker


def door_reads_from_replica(view_func, request: HttpRequest) -> bool:
    marker = _marker(view_func)
    if callable(marker):
        return bool(marker(request))
    return bool(marker)


def pin_seconds() -> float:
    return float(getattr(settings, "DATABASE_REPLICA_PIN_SECONDS", DEFAULT_PIN_SECONDS))


def pinned_to_primary(request: HttpRequest) -> bool:
    """Whether this browser wrote within the last few seconds (its signed cookie says until when)."""
    try:
        until = float(request.get_signed_cookie(PIN_COOKIE, salt=_PIN_SALT))
    except (KeyError, ValueError, signing.BadSignature):
        return False
    return time.time() < until


class ReplicaMiddleware:
    """Open the replica for the requests of doors that read from it, unless the user just wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        wrote = request.method not in SAFE_METHODS
        request.replica_allowed = not wrote and not pinned_to_primary(request)
        request.replica_token = None
        try:
            response = self.get_response(request)
        finally:
            if request.replica_token is not None:
                _replica_reads.reset(request.replica_token)
        if request.replica_token is not None and response.streaming:
            response.streaming_content = in_replica_context(response.streaming_content)
        if wrote:
            seconds = pin_seconds()
            response.set_signed_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.3f}",
                salt=_PIN_SALT,
                max_age=max(1, int(seconds + 0.999)),
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request, "replica_allowed", False) and door_reads_from_replica(view_func, request):
            # Reset in __call__, after the template response is rendered (it reads too).
            request.replica_token = _replica_reads.set(True)
        return None


def _primary_only(model) -> bool:
    meta = model._meta
    return meta.app_label in PRIMARY_ONLY_APPS or meta.label == settings.AUTH_USER_MODEL


def read_alias() -> str:
    """The database a raw query of the current context reads (``connections[read_alias()]``): the
    ORM asks the router, a ``COPY`` or a cursor of one's own asks this."""
    return ReplicaRouter().db_for_read(None)


class ReplicaRouter:
    """Reads of a replica-reading door go to the replica; all else, and every write, to the primary."""

    def db_for_read(self, model, **hints):
        if (
            reading_from_replica()
            and (model is None or not _primary_only(model))
            # A transaction reads what it wrote: inside one (a service, the export log) read the primary.
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: a record read from either may point at the other's.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
