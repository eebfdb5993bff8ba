"""Exports of any filtered list: CSV and XLSX, both streamed from the first byte.

Both read the queryset with a server-side cursor in chunks, so memory stays flat and a long
export never waits for its last row before the download starts; both use the columns of the
list's table, so an export shows what the page shows. The columns are turned once per export into
what each reads from the database (``logistics.export_plan``): rows come as tuples, related
records are named once per record, and no cell goes through the table's row machinery. A table
with a column that needs the whole record is still exported through the table
(:func:`export_table`, also the reference the tests compare the plan with).
Each export is written to the export log (who, which list, which filters, how many rows, when).
"""

from __future__ import annotations

import csv
import datetime
import io
from itertools import islice

from django.core.exceptions import ImproperlyConfigured
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.text import slugify

from logistics import reads
from logistics.export_plan import plan_for
from logistics.formatting import MOMENT_FORMAT, day_text
from logistics.models import ExportLog
from logistics.tables import MoneyColumn, cell_for_export
from logistics.xlsx_stream import stream_xlsx, stream_xlsx_xml

EXPORT_FORMATS = ("csv", "xlsx")
CHUNK_SIZE = 2000
#: CSV rows written together into one piece of the response.
CSV_ROWS_PER_WRITE = 500


def export_columns(table):
    return [column for column in table.columns.iterall() if not column.column.exclude_from_export]


def export_table(queryset, table_class, request=None, *, read_by=None, read_door: str = "", reader=None):
    """(headers, which columns are money, an iterator of typed rows) — read in constant memory.

    With ``read_by`` (the request) the rows of a model whose reads are logged are noted as read
    through ``read_door``, chunk by chunk, before they are written out. ``reader`` is the user whose
    scope decides what the rows show of other records (``logistics.tables.DisclosedRow``)."""
    # An empty queryset of the model lets the table take its headers from the model's verbose names.
    table = table_class(queryset.none(), request=request, reader=reader)
    columns = export_columns(table)
    headers = [force_str(column.header) for column in columns]
    money = [isinstance(column.column, MoneyColumn) for column in columns]

    def rows():
        records = queryset.iterator(chunk_size=CHUNK_SIZE)
        if read_by is not None and reads.is_logged(queryset.model):
            records = reads.noted_in_chunks(read_by, read_door, records, CHUNK_SIZE)
        while chunk := list(islice(records, CHUNK_SIZE)):
            # What the chunk's rows show of other records is checked together (one query per kind).
            table.prime(chunk)
            for record in chunk:
                row = table.bound_row(record)
                yield [cell_for_export(row.get_cell_value(column.name)) for column in columns]

    return headers, money, rows()


def export_rows(queryset, table_class, request=None, *, read_by=None, read_door: str = "", reader=None, finish=None):
    """What :func:`export_table` gives — each cell given to ``finish`` if any — read through the
    list's export plan when it has one."""
    table = table_class(queryset.none(), request=request, reader=reader)
    plan = plan_for(table, queryset)
    if plan is None:
        headers, money, rows = export_table(
            queryset, table_class, request, read_by=read_by, read_door=read_door, reader=reader
        )
        if finish is not None:
            rows = ([finish(value) for value in row] for row in rows)
        return headers, money, rows
    # The database makes whole rows when every column can be said in SQL; else Python does, per column.
    rows = plan.sql_rows(
        queryset,
        table.disclosure.user,
        text=finish is not None,
        read_by=read_by,
        read_door=read_door,
        chunk_size=CHUNK_SIZE,
    )
    if rows is None:
        rows = plan.rows(
            queryset, table.disclosure, read_by=read_by, read_door=read_door, chunk_size=CHUNK_SIZE, finish=finish
        )
    return plan.headers, plan.money, rows


def _made_by_database(made_as, queryset, table_class, request=None, *, read_by=None, read_door="", reader=None):
    """(headers, the rows as PostgreSQL writes them — ``"csv"`` lines or ``"xlsx"`` sheet-row XML —,
    [row count once done]) when the database can make every cell and no read of the model is logged
    (those are noted chunk by chunk); else None."""
    if read_by is not None and reads.is_logged(queryset.model):
        return None
    table = table_class(queryset.none(), request=request, reader=reader)
    plan = plan_for(table, queryset)
    if plan is None:
        return None
    counted: list = []
    copy = plan.copy_csv if made_as == "csv" else plan.copy_xlsx_rows
    pieces = copy(queryset, table.disclosure.user, counted=counted)
    return None if pieces is None else (plan.headers, pieces, counted)


def _csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def _csv_text(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime(MOMENT_FORMAT)
    if isinstance(value, datetime.date):
        return day_text(value)
    return value


def export_filename(label: str, fmt: str) -> str:
    """``<label>-<YYYYmmdd-HHMM>.<fmt>``: the name a download is saved under, the time it was made."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{slugify(label) or 'export'}-{stamp}.{fmt}"


def _finish(log: ExportLog, rows: int) -> None:
    ExportLog.objects.filter(pk=log.pk).update(row_count=rows, finished_at=timezone.now())


def export_response(
    *, user, queryset, table_class, source, label, fmt, channel, filters, request=None, read_by=None, read_door=""
):
    if read_by is None and reads.is_logged(queryset.model):
        # Reads of this model are logged: an export that cannot say who reads it does not start.
        raise ImproperlyConfigured(f"An export of {queryset.model._meta.label} needs read_by= (the request).")
    log = ExportLog.objects.create(
        user=user, source=source, source_label=label, format=fmt, channel=channel, filters=filters
    )
    reading = {"read_by": read_by, "read_door": read_door, "reader": user}
    if fmt == "csv":
        return _csv_response(log, queryset, table_class, label, request, reading)
    return _xlsx_response(log, queryset, table_class, label, request, reading)


def _csv_response(log, queryset, table_class, label, request, reading):
    language = translation.get_language()

    def stream():
        # Rows are produced after the view returns; keep the request's language for choice labels.
        with translation.override(language):
            copied = _made_by_database("csv", queryset, table_class, request, **reading)
            if copied is not None:
                headers, pieces, counted = copied
                yield "\ufeff" + _csv_line(headers)
                yield from pieces
                _finish(log, counted[0])
                return
            headers, _money, rows = export_rows(queryset, table_class, request, finish=_csv_text, **reading)
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            # The byte-order mark lets Excel open Vietnamese text as UTF-8.
            writer.writerow(headers)
            yield "\ufeff" + buffer.getvalue()
            count = 0
            while batch := list(islice(rows, CSV_ROWS_PER_WRITE)):
                buffer.seek(0)
                buffer.truncate()
                writer.writerows(batch)
                count += len(batch)
                yield buffer.getvalue()
        _finish(log, count)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(label, "csv")}"'
    return response


def _xlsx_response(log, queryset, table_class, label, request, reading):
    language = translation.get_language()

    def stream():
        with translation.override(language):
            copied = _made_by_database("xlsx", queryset, table_class, request, **reading)
            if copied is not None:
                headers, pieces, counted = copied
                yield from stream_xlsx_xml(headers, pieces, force_str(label), on_done=lambda: _finish(log, counted[0]))
                return
            headers, money, rows = export_rows(queryset, table_class, request, **reading)
            yield from stream_xlsx(headers, money, rows, force_str(label), on_done=lambda count: _finish(log, count))

    response = StreamingHttpResponse(
        stream(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename(label, "xlsx")}"'
    return response
