import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from logistics import export_plan
from logistics.exports import export_rows
from logistics.models import ExportLog, Personnel, Unit
from logistics.registry import registry
from logistics.scope import restrict
from logistics.xlsx_stream import stream_xlsx
from tests.conftest import api_for, logged_in
from tests.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_is_streamed_with_the_current_filters_and_logged(officer, tree):
    PersonnelFactory(full_name="Đỗ Văn Một", unit=tree.commune_a1)
    PersonnelFactory(full_name="Đỗ Văn Hai", unit=tree.commune_b1)
    response = logged_in(officer).get(reverse("logistics:personnel_export") + f"?format=csv&unit={tree.district_a.pk}")
    assert response.streaming
    rows = read_csv(response)
    assert rows[0][:2] == ["Số hiệu", "Họ và tên"]
    assert [row[1] for row in rows[1:]] == ["Đỗ Văn Một"]
    log = ExportLog.objects.get()
    assert (log.user, log.format, log.channel, log.row_count) == (officer, "csv", "web", 1)
    assert log.filters == {"unit": str(tree.district_a.pk)}
    assert log.finished_at is not None


def test_xlsx_keeps_numbers_numeric_and_dates_as_dates(officer, tree):
    PersonnelFactory(full_name="Đỗ Văn Ba", unit=tree.commune_a1)
    response = logged_in(officer).get(reverse("logistics:unit_export") + "?format=xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Mã"
    valid_from = header.index("Hiệu lực từ")
    assert sheet.cell(row=2, column=valid_from + 1).is_date
    assert ExportLog.objects.get().row_count == 7


def test_api_export_uses_the_same_columns_and_is_logged(officer, tree):
    PersonnelFactory(full_name="Đỗ Văn Bốn", unit=tree.commune_a1)
    rows = read_csv(api_for(officer).get("/api/personnel/?export=csv&q=do van"))
    assert [row[1] for row in rows[1:]] == ["Đỗ Văn Bốn"]
    assert ExportLog.objects.get().channel == "api"


def test_export_of_many_rows_reads_in_chunks(officer, tree, django_assert_max_num_queries):
    PersonnelFactory.create_batch(120, unit=tree.commune_a1)
    client = logged_in(officer)
    response = client.get(reverse("logistics:personnel_export") + "?format=csv")
    with django_assert_max_num_queries(12):
        rows = read_csv(response)
    assert len(rows) == 121


def test_auditors_browse_the_export_log_others_cannot(auditor, officer, tree):
    logged_in(officer).get(reverse("logistics:unit_export") + "?format=csv")
    page = logged_in(auditor).get(reverse("logistics:exportlog_list"))
    assert page.status_code == 200
    assert str(officer) in page.content.decode()
    assert logged_in(officer).get(reverse("logistics:exportlog_list")).status_code == 403


def test_xlsx_is_streamed_from_the_first_byte(officer, tree):
    PersonnelFactory.create_batch(30, unit=tree.commune_a1)
    response = logged_in(officer).get(reverse("logistics:personnel_export") + "?format=xlsx")
    assert response.streaming
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith(b"PK")  # the zip has begun before the rows are read
    assert ExportLog.objects.get().finished_at is None
    rest = b"".join(chunks)
    sheet = openpyxl.load_workbook(io.BytesIO(first + rest)).active
    assert sheet.max_row == 31
    assert sheet["A1"].value == "Số hiệu" and sheet["A1"].font.b
    assert ExportLog.objects.get().row_count == 30


def _queries_of_an_export(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        body = b"".join(client.get(url).streaming_content)
    assert body
    return len(captured.captured_queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_asks_the_same_queries_whatever_its_rows(officer, tree, fmt):
    """No query per row, nor per record a row names: 8 officers of 2 units, then 60 of 5 units."""
    client = logged_in(officer)
    url = reverse("logistics:personnel_export") + f"?format={fmt}"
    PersonnelFactory.create_batch(4, unit=tree.commune_a1)
    PersonnelFactory.create_batch(4, unit=tree.commune_b1)
    few = _queries_of_an_export(client, url)
    for unit in (tree.commune_a1, tree.commune_b1, tree.district_a, tree.district_b, tree.province):
        PersonnelFactory.create_batch(10, unit=unit)
    many = _queries_of_an_export(client, url)
    assert many == few


def test_api_exports_of_related_names_ask_no_query_per_row(officer, tree):
    client = api_for(officer)
    PersonnelFactory.create_batch(3, unit=tree.commune_a1)
    b"".join(client.get("/api/personnel/?export=csv").streaming_content)  # the user's permissions, once
    with CaptureQueriesContext(connection) as few:
        b"".join(client.get("/api/personnel/?export=csv").streaming_content)
    for unit in (tree.commune_b1, tree.district_a, tree.district_b):
        PersonnelFactory.create_batch(15, unit=unit)
    with CaptureQueriesContext(connection) as many:
        rows = read_csv(client.get("/api/personnel/?export=csv"))
    assert len(rows) == 1 + 3 + 45
    assert len(many.captured_queries) == len(few.captured_queries)


def test_xlsx_cells_are_typed_and_csv_money_whole(officer, tree):
    PersonnelFactory(full_name="Đỗ Văn Năm", unit=tree.commune_a1, is_active=True)
    sheet = openpyxl.load_workbook(
        io.BytesIO(
            b"".join(logged_in(officer).get(reverse("logistics:personnel_export") + "?format=xlsx").streaming_content)
        )
    ).active
    header = [cell.value for cell in sheet[1]]
    row = list(sheet[2])
    active = row[len(header) - 1]
    assert active.data_type == "b" and active.value is True
    rows = read_csv(logged_in(officer).get(reverse("logistics:personnel_export") + "?format=csv"))
    assert rows[1][-1] == "1"


def test_a_download_stopped_mid_copy_leaves_the_connection_usable(officer, tree, monkeypatch):
    """The client stops reading after the first rows (the response is closed mid-COPY): the copy is
    cancelled and drained, and the same connection (inside the test's transaction) answers again."""
    monkeypatch.setattr(export_plan, "COPY_PIECE", 1)  # one piece per row: the copy is still open
    PersonnelFactory.create_batch(40, unit=tree.commune_a1)
    with CaptureQueriesContext(connection) as captured:
        response = logged_in(officer).get(reverse("logistics:personnel_export") + "?format=csv")
        # The test client's closing wrapper, held as a WSGI server holds a response: closing it
        # closes the response without the end-of-request hook that would close a connection past
        # its age anyway (the tests run with CONN_MAX_AGE=0).
        pieces = response._iterator
        assert next(pieces).decode("utf-8-sig").startswith("Số hiệu")
        assert next(pieces).count(b"\n") == 1  # one row, from PostgreSQL's COPY
        pieces.close()
    assert any(query["sql"].startswith("COPY (") for query in captured.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM logistics_personnel")
        assert cursor.fetchone() == (40,)
    assert ExportLog.objects.get().finished_at is None  # the log says it did not finish
    # … and the next export on the same connection is whole.
    rows = read_csv(logged_in(officer).get(reverse("logistics:personnel_export") + "?format=csv"))
    assert len(rows) == 1 + 40


def test_a_copy_cut_short_while_the_server_still_sends_is_cancelled_cleanly(tree):
    """Tens of megabytes asked, one piece read, then closed: the server is cancelled mid-copy, the
    rest drained, and the test's transaction (the copy's savepoint rolled back) goes on."""
    big = Unit.objects.annotate(n=RawSQL("generate_series(1, %s)", [400_000])).values_list("pk", "n")
    counted: list = []
    pieces = export_plan._copied(big, counted)
    assert next(pieces).count(b"\n") > 1000
    pieces.close()
    assert counted == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM logistics_unit")
        assert cursor.fetchone()[0] == Unit.objects.count() > 0


def test_a_sheet_made_by_the_database_equals_the_sheet_made_in_python(officer, tree):
    """The database writes the cells' XML (COPY … TO STDOUT), escaping what XML and COPY's text
    format need, typed as Python types them: numbers, days, yes/no, texts read back the same."""
    PersonnelFactory(full_name="Lê A & B <C> \\ x\ty\nz\x07", unit=tree.commune_a1, is_active=False)
    PersonnelFactory(full_name="Trần \\ D", unit=tree.commune_a1)  # only a backslash
    PersonnelFactory(full_name="Trần\tE", unit=tree.commune_a1)  # only a tab
    PersonnelFactory.create_batch(3, unit=tree.commune_b1)
    with CaptureQueriesContext(connection) as captured:
        made = logged_in(officer).get(reverse("logistics:personnel_export") + "?format=xlsx")
        by_database = _sheet(b"".join(made.streaming_content))
    assert any(query["sql"].startswith("COPY (") for query in captured.captured_queries)
    queryset = restrict(registry.page(Personnel).get_queryset(), officer, "view")
    headers, money, rows = export_rows(queryset, registry.page(Personnel).table, reader=officer)
    by_python = _sheet(b"".join(stream_xlsx(headers, money, rows, "x")))
    assert by_database == by_python
    row = next(row for row in by_database if str(row[1]).startswith("Lê A"))
    assert row[1] == "Lê A & B <C> \\ x\ty\nz" and row[-1] is False


def _sheet(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
