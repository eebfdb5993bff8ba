"""Facts a transaction can rely on until it ends, remembered so that it does not ask again.

A fact is remembered with a token handed to ``transaction.on_commit``, and the memo keeps only a
weak reference to the token. Django drops its callbacks when the transaction commits or rolls
back, and those handed over inside a savepoint when that savepoint rolls back: the token goes with
them, and the fact with it. So a fact learnt inside a savepoint that is rolled back is forgotten,
as is everything once the transaction ends. Outside a transaction nothing is remembered.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable

from django.db import connection, transaction

_MEMO = "_transaction_memo"


class _Token:
    __slots__ = ("__weakref__",)

    def __call__(self) -> None:
        """Nothing to do on commit: being dropped with the transaction is what a token is for."""


def remember(key: Hashable, value: object = True) -> None:
    """Remember ``value`` under ``key`` until the transaction (or the current savepoint) ends."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    token = _Token()
    transaction.on_commit(token)
    connection.__dict__.setdefault(_MEMO, {})[key] = (weakref.ref(token), value)


def recall(key: Hashable, default: object = None) -> object:
    """What was remembered under ``key`` in this transaction, or ``default``."""
    connection = transaction.get_connection()
    memo = connection.__dict__.get(_MEMO)
    entry = memo.get(key) if memo else None
    if entry is None:
        return default
    token, value = entry
    if token() is None or not connection.in_atomic_block:
        del memo[key]
        return default
    return value


def forget(key: Hashable) -> None:
    memo = transaction.get_connection().__dict__.get(_MEMO)
    if memo:
        memo.pop(key, None)


def hold_advisory_lock(*key: int, shared: bool = False) -> None:
    """Take the transaction-level advisory lock ``key`` (one or two integers), exclusive or shared,
    unless this transaction already holds it: it is held until the transaction ends, so asking
    again would only cost a round trip."""
    memo_key = ("advisory lock", "shared" if shared else "exclusive", key)
    if recall(memo_key):
        return
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}({', '.join(['%s'] * len(key))})", list(key))
    remember(memo_key)
