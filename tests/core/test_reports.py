import csv
import io

import openpyxl
import pypdf
import pytest
from django.test import RequestFactory

from logistics.models import ExportLog
from logistics.reports import Column, Report, Section, percent, report_document, report_response

pytestmark = pytest.mark.django_db


def sample_report() -> Report:
    columns = [
        Column("name", "Dịch vụ"),
        Column("count", "Số lượt", "int"),
        Column("amount", "Kinh phí", "money"),
        Column("rate", "Tỷ lệ", "percent"),
    ]
    rows = [
        {
            "name": "Khám và cấp thuốc",
            "count": 1655,
            "amount": 72_500_000_000,
            "rate": percent(1, 3),
            "_links": {"count": "/core/unit/?q=kham"},
        },
        {"name": "Nội soi tai, mũi, họng", "count": 309, "amount": 0, "rate": None},
    ]
    return Report(
        slug="core.sample",
        title="Báo cáo thử nghiệm",
        subtitle="Năm 2020 · Công an tỉnh Hải Dương",
        issuer="Công an tỉnh Hải Dương",
        parameters={"year": "2020"},
        sections=[
            Section(
                "Theo dịch vụ", columns, rows, totals={"name": "Tổng cộng", "count": 1964, "amount": 72_500_000_000}
            )
        ],
    )


def respond(user, fmt=None):
    request = RequestFactory().get("/report/", {"format": fmt} if fmt else {})
    request.user = user
    return report_response(request, sample_report())


def test_page_formats_figures_and_links(officer):
    response = respond(officer)
    response.render()
    page = response.content.decode()
    assert "1.655" in page and "72.500.000.000\u00a0₫" in page and "33,3 %" in page
    assert 'href="/core/unit/?q=kham"' in page


def test_csv_and_xlsx_keep_the_figures(officer):
    rows = list(csv.reader(io.StringIO(respond(officer, "csv").content.decode("utf-8-sig"))))
    assert ["Khám và cấp thuốc", "1655", "72500000000", "33.3"] in rows
    sheet = openpyxl.load_workbook(io.BytesIO(respond(officer, "xlsx").content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert 1655 in values and 72_500_000_000 in values


def test_pdf_renders_vietnamese_and_is_logged(officer):
    response = respond(officer, "pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "BÁO CÁO THỬ NGHIỆM" in text
    assert "Nội soi tai, mũi, họng" in text and "1.655" in text
    assert ExportLog.objects.filter(source="report:core.sample", format="pdf", row_count=2).exists()


def test_report_as_data():
    data = sample_report().as_data()
    assert data["sections"][0]["rows"][0]["count"] == 1655
    assert data["sections"][0]["totals"]["count"] == 1964


def test_pdf_rows_are_never_split_between_pages_and_the_total_is_printed_once():
    columns = [Column("name", "Đơn vị"), Column("amount", "Kinh phí", "money")]
    # Rows of two to four lines, enough of them for several A4 pages.
    rows = [
        {"name": f"Công an xã số {number} " + "thuộc Công an tỉnh Hải Dương " * (number % 5 + 2), "amount": number}
        for number in range(1, 121)
    ]
    report = Report(
        slug="core.long",
        title="Báo cáo dài",
        issuer="Công an tỉnh Hải Dương",
        sections=[Section("Theo đơn vị", columns, rows, totals={"name": "Tổng cộng", "amount": 7260})],
    )
    pages = report_document(report).pages
    assert len(pages) >= 3

    def rows_on(box, group=None):
        """The table rows laid out in ``box``, each with the tag of its group (thead, tbody, tfoot)."""
        for child in getattr(box, "children", ()):
            tag = getattr(child, "element_tag", None)
            if tag == "tr":
                yield child.element, group
            else:
                yield from rows_on(child, tag if tag in ("thead", "tbody", "tfoot") else group)

    where, groups = {}, {}
    for number, page in enumerate(pages):
        for element, group in rows_on(page._page_box):
            where.setdefault(element, set()).add(number)
            groups[element] = group
    split = [element for element, on in where.items() if len(on) > 1 and groups[element] != "thead"]
    assert not split, f"{len(split)} rows printed across two pages"
    totals = [element for element in where if "Tổng cộng" in "".join(element.itertext())]
    assert len(totals) == 1 and where[totals[0]] == {len(pages) - 1}
