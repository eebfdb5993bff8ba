"""What PostgreSQL plans for a query, with some of its ways switched off so that only the one a test
is about is left (on a test database of a few rows any plan is cheap)."""

from django.db import connection


def query_plan(query, params=(), *, without: tuple[str, ...] = ("seqscan",)) -> str:
    """The ``EXPLAIN`` of ``query`` (SQL text, or a queryset) with ``enable_<way> = off`` for each of
    ``without``, inside the test's transaction and reset afterwards."""
    if not isinstance(query, str):
        query, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        for way in without:
            cursor.execute(f"SET LOCAL enable_{way} = off")
        cursor.execute("EXPLAIN " + query, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET ALL")
    return plan
