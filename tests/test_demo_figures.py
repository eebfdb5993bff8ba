"""The demo data reproduces the source document's figures through the system's own reports."""

import io
import re

import pypdf
import pytest
from django.core.management import call_command
from django.test import Client

from logistics.models import User


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo_data", verbosity=0)
        yield
        call_command("flush", interactive=False, verbosity=0)


def pdf_text(response) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages).split()
    )


@pytest.mark.django_db
def test_the_2015_2020_annual_report_shows_the_source_figures(demo):
    client = Client()
    client.force_login(User.objects.get(username="auditor"))
    text = pdf_text(
        client.get("/reports/annual/", {"date_from": "01/01/2015", "date_to": "31/12/2020", "format": "pdf"})
    )
    assert "BÁO CÁO TỔNG KẾT CÔNG TÁC HẬU CẦN" in text
    assert "2.853.000.000" in text and "2,85 tỷ đồng" in text  # regular funding: "hơn 2,8 tỷ đồng"
    for name, count in [
        ("Xe ô tô các loại", 34),
        ("Xe mô tô 2 bánh", 28),
        ("Xuồng máy", 2),
        ("Ca-mê-ra các loại", 7),
        ("Va-li khám nghiệm hiện trường", 34),
        ("Ống nhòm hồng ngoại", 1),
        ("Còi ủ tăng âm", 10),
    ]:
        assert re.search(rf"{re.escape(name)} .{{0,60}}? {count} ", text), name
    assert "72,5 tỷ đồng" in text
    assert re.search(r"Hạng mục xây mới, cải tạo, sửa chữa .{0,40}?\b148\b", text)  # 148 construction items
    clinic = pdf_text(
        client.get("/reports/annual/", {"date_from": "01/01/2020", "date_to": "31/12/2020", "format": "pdf"})
    )
    for figure in ("1.655", "244", "1.505", "66", "42", "175", "245", "309", "280"):
        assert f" {figure} " in clinic


@pytest.mark.django_db
def test_the_source_counts_through_the_reports_as_data(demo):
    client = Client()
    client.force_login(User.objects.get(username="auditor"))
    issued = client.get("/reports/annual/", {"date_from": "01/01/2015", "date_to": "31/12/2020"}).context["report"]
    by_type = next(section for section in issued.sections if section.title == "Trang cấp theo loại trang bị")
    counts = {row["label"]: row["quantity"] for row in by_type.rows}
    assert counts["Tủ sắt 4 cánh"] + counts["Tủ sắt 2 cánh"] == 325
    assert by_type.totals["value"] == 72_501_000_000
    built = next(s for s in issued.sections if s.title == "Hạng mục xây dựng hoàn thành theo loại")
    assert built.totals["count"] == 148
    caseload = client.get("/api/medical/caseload/", {"date_from": "2020-01-01", "date_to": "2020-12-31"}).json()
    assert caseload["sections"][0]["totals"]["count"] == 4521
