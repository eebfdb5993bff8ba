"""The dashboard, the annual report, the report centre and search, through the pages and the API."""

import datetime
import io
import re

import openpyxl
import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget import services as budget_services
from logistics.models import User
from logistics.roles import Role
from tests.conftest import api_for, logged_in
from tests.fixtures.budget import PAST_YEAR

pytestmark = pytest.mark.django_db

PERIOD = {"date_from": f"01/01/{PAST_YEAR}", "date_to": f"31/12/{PAST_YEAR}"}


@pytest.fixture
def data(tree, make_allocation, spend, receive, issue, store):
    """Budget and equipment records in two communes, one of which the commune commander sees."""
    own = make_allocation(40_000_000, unit=tree.commune_a1, decision_number="RIENG")
    far = make_allocation(25_000_000, unit=tree.commune_b1, decision_number="XA")
    spend(own, 10_000_000, voucher="V1")
    spend(far, 5_000_000, voucher="V2")
    budget_services.adjustment_create(
        actor=None,
        allocation=own,
        amount=2_000_000,
        decision_number="BS",
        decision_date=datetime.date(PAST_YEAR, 2, 1),
        reason="Bổ sung",
    )
    receive(cabinets=10, cars=[("34A-901.01", 900_000_000)], date=datetime.date(PAST_YEAR, 3, 1))
    from assets.models import Item

    issue(
        tree.commune_a1,
        cabinets=3,
        items=[Item.objects.get(plate_number="34A-901.01")],
        date=datetime.date(PAST_YEAR, 3, 5),
    )
    issue(tree.commune_b1, cabinets=2, date=datetime.date(PAST_YEAR, 3, 6))


def dashboard_sections(user, **params):
    response = logged_in(user).get(reverse("home"), {**PERIOD, **params})
    assert response.status_code == 200
    return {section.key: section for section in response.context["sections"]}, response


def test_every_dashboard_figure_equals_the_total_of_the_list_behind_it(data, admin_user):
    sections, _response = dashboard_sections(admin_user, unit=admin_user.unit_id)
    client = logged_in(admin_user)
    checked = 0
    for section in sections.values():
        for card in section.cards:
            if card.kind == "percent" or "/budget/execution/" in card.link or "caseload" in card.link:
                continue
            context = client.get(card.link).context
            behind = list(context["total_values"].values()) + [context["row_count"]]
            assert card.value in behind, (section.key, card.label, card.link, behind)
            checked += 1
        for chart in section.charts:
            for bar in chart.bars:
                if "caseload" in bar.link:
                    continue
                context = client.get(bar.link).context
                behind = list(context["total_values"].values()) + [context["row_count"]]
                assert bar.value in behind, (chart.title, bar.label, bar.link, behind)
                checked += 1
    assert checked >= 8
    assert sections["budget"].cards[2].value == 15_000_000  # spent in both communes


def test_the_dashboard_follows_scope_and_shows_no_clinic_names(data, commune_commander):
    sections, response = dashboard_sections(commune_commander)
    assert sections["budget"].cards[0].value == 40_000_000
    assert sections["assets"].cards[2].value == 4  # three cabinets and the car
    assert "medical" in sections  # counts only
    assert "Bệnh nhân" not in response.content.decode()


def test_the_unit_picker_narrows_to_a_unit_in_scope(data, admin_user, tree, commune_commander):
    sections, _ = dashboard_sections(admin_user, unit=tree.commune_b1.pk)
    assert sections["budget"].cards[0].value == 25_000_000
    # A unit outside the user's scope is refused by the form: the user's own unit is shown instead.
    sections, response = dashboard_sections(commune_commander, unit=tree.commune_b1.pk)
    assert sections["budget"].cards[0].value == 40_000_000
    assert "unit" in response.context["form"].errors


def test_the_dashboard_costs_a_bounded_number_of_queries(data, admin_user, make_allocation, tree):
    def count():
        user = User.objects.get(pk=admin_user.pk)
        with CaptureQueriesContext(connection) as context:
            logged_in(user).get(reverse("home"), PERIOD)
        return len(context.captured_queries)

    before = count()
    for index in range(8):
        from budget.models import SpendingCategory

        make_allocation(
            1_000_000, unit=tree.commune_a2, cat=SpendingCategory.objects.create(code=f"N{index}", name=f"Mục {index}")
        )
    assert count() == before


def test_dashboard_api(data, commune_commander):
    body = (
        api_for(commune_commander)
        .get("/api/dashboard/", {"date_from": f"{PAST_YEAR}-01-01", "date_to": f"{PAST_YEAR}-12-31"})
        .json()
    )
    budget = next(section for section in body["sections"] if section["key"] == "budget")
    assert budget["cards"][0]["value"] == 40_000_000 and budget["cards"][0]["link"].startswith("/budget/allocation/")
    refused = api_for(commune_commander).get("/api/dashboard/", {"unit": 999999})
    assert refused.status_code == 400 and "unit" in refused.json()["errors"]


def test_annual_report_page_pdf_xlsx_and_api(data, admin_user):
    client = logged_in(admin_user)
    page = client.get(reverse("annual_report"), PERIOD)
    titles = [section.title for section in page.context["report"].sections]
    assert titles[0] == "Số liệu chính"
    assert "Kinh phí thường xuyên theo nguồn" in titles and "Trang cấp theo loại trang bị" in titles
    pdf = client.get(reverse("annual_report"), {**PERIOD, "format": "pdf"})
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "BÁO CÁO TỔNG KẾT CÔNG TÁC HẬU CẦN" in text
    assert "67.000.000" in text  # regular funding: 40 + 25 + 2 (adjustment) million
    assert "Sáu mươi bảy triệu đồng" in text  # and in words, as on a signed document
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("annual_report"), {**PERIOD, "format": "xlsx"}).content)
    )
    key_figures = [row for row in workbook.worksheets[0].iter_rows(values_only=True) if any(row)]
    funding = next(row for row in key_figures if str(row[0]).startswith("Kinh phí thường xuyên"))
    assert funding[1:5] == (None, 67_000_000, "67 triệu đồng", "Sáu mươi bảy triệu đồng")  # typed, not text
    encounters = next(row for row in key_figures if str(row[0]).startswith("Lượt dịch vụ y tế"))
    assert isinstance(encounters[1], int) and encounters[2] is None
    data_ = (
        api_for(admin_user)
        .get("/api/reports/annual/", {"date_from": f"{PAST_YEAR}-01-01", "date_to": f"{PAST_YEAR}-12-31"})
        .json()
    )
    assert data_["report"] == "logistics.annual"


def test_report_centre_lists_only_what_the_role_opens(make_user, tree):
    auditor = make_user(Role.AUDITOR, tree.province)
    officer = make_user(Role.LOGISTICS_OFFICER, tree.province)
    auditor_page = logged_in(auditor).get(reverse("report_centre")).content.decode()
    officer_page = logged_in(officer).get(reverse("report_centre")).content.decode()
    assert reverse("budget:execution") in auditor_page and reverse("medical:caseload") in auditor_page
    assert reverse("logistics:exportlog_list") in auditor_page
    assert reverse("medical:caseload") not in officer_page


def test_global_search_is_accent_insensitive_scoped_and_private(data, commune_commander, admin_user, tree, make_user):
    from medical.models import Patient

    page = logged_in(admin_user).get(reverse("search"), {"q": "thanh hong"}).content.decode()
    assert "Công an xã Thanh Hồng" in page
    own = logged_in(commune_commander).get(reverse("search"), {"q": "thai hoc"}).content.decode()
    assert "Công an xã Thái Học" not in own  # another commune's unit
    Patient.objects.create(
        clinic=tree.province, kind="citizen", full_name="Lê Thị Bí Mật", sex="female", birth_year=1980
    ) if hasattr(Patient, "birth_year") else None
    for user in (commune_commander, make_user(Role.AUDITOR, tree.province)):
        assert "Bí Mật" not in logged_in(user).get(reverse("search"), {"q": "bi mat"}).content.decode()
    assert re.search(r"data-testid=\"search-group\"", page)
