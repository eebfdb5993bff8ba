import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from logistics.models import ExportLog
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
