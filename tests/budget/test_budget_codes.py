"""The state budget classification (Mục lục ngân sách nhà nước, Circular 324/2016/TT-BTC): a mục
is a multiple of 50 and its tiểu mục lie in the 49 codes after it, in the service, the pages, the
API and the database itself; a spending category carries a mục and, optionally, a tiểu mục of that
mục; the budget execution report shows them and groups the categories by mục."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from budget import services
from budget.models import BudgetCode, SpendingCategory
from budget.selectors import execution_report
from logistics.roles import Role
from tests.conftest import api_for, logged_in
from tests.fixtures.budget import PAST_YEAR
from tests.refusals import refusal_by_field

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes(db):
    office = services.budget_code_create(actor=None, code=6550, name="Vật tư văn phòng")
    stationery = services.budget_code_create(actor=None, code=6551, name="Văn phòng phẩm", parent=office)
    equipment = services.budget_code_create(actor=None, code=9050, name="Mua sắm tài sản dùng cho công tác chuyên môn")
    return {"office": office, "stationery": stationery, "equipment": equipment}


def test_a_tiểu_mục_lies_in_its_mục_range(codes):
    other = services.budget_code_create(actor=None, code=9099, name="Tài sản khác", parent=codes["equipment"])
    assert other.parent_id == 9050 and not other.is_heading and codes["equipment"].is_heading
    outside = refusal_by_field(
        lambda: services.budget_code_create(actor=None, code=6601, name="Cước phí", parent=codes["office"])
    )
    assert outside == {
        "parent": [
            _("A tiểu mục of mục %(heading)s has a code from %(first)s to %(last)s.")
            % {"heading": 6550, "first": 6551, "last": 6599}
        ]
    }
    not_a_heading = refusal_by_field(lambda: services.budget_code_create(actor=None, code=6552, name="Công cụ"))
    assert list(not_a_heading) == ["code"]
    # A tiểu mục is no mục of another tiểu mục.
    under_a_subheading = refusal_by_field(
        lambda: services.budget_code_create(actor=None, code=6553, name="Khoán", parent=codes["stationery"])
    )
    assert list(under_a_subheading) == ["parent"]
    assert list(refusal_by_field(lambda: services.budget_code_create(actor=None, code=999, name="Ba số"))) == ["code"]
    assert sorted(BudgetCode.objects.values_list("code", flat=True)) == [6550, 6551, 9050, 9099]


def test_the_database_keeps_the_ranges_itself(codes):
    for change in (
        lambda: BudgetCode.objects.filter(pk=6551).update(parent=None),
        lambda: BudgetCode.objects.filter(pk=6551).update(parent=9050),
        lambda: BudgetCode.objects.filter(pk=9050).update(parent=6550),
        lambda: BudgetCode.objects.create(code=6552, name="Dưới tiểu mục", parent_id=6551),
        lambda: BudgetCode.objects.filter(pk=6550).update(
            valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2019, 1, 1)
        ),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            change()


def test_a_category_carries_a_mục_and_a_tiểu_mục_of_it(codes):
    category = services.spending_category_create(
        actor=None, code="VPP", name="Văn phòng phẩm", heading=codes["office"], subheading=codes["stationery"]
    )
    assert category.classification == "6550 / 6551"
    wrong = refusal_by_field(
        lambda: services.spending_category_update(actor=None, spending_category=category, heading=codes["equipment"])
    )
    assert wrong == {
        "subheading": [
            _("Tiểu mục %(code)s belongs to mục %(parent)s, not to mục %(heading)s.")
            % {"code": 6551, "parent": 6550, "heading": 9050}
        ]
    }
    alone = refusal_by_field(
        lambda: services.spending_category_update(actor=None, spending_category=category, heading=None)
    )
    assert alone == {"heading": [_("Choose the mục of the tiểu mục.")]}
    category.refresh_from_db()
    assert (category.heading_id, category.subheading_id) == (6550, 6551)
    with pytest.raises(IntegrityError), transaction.atomic():
        SpendingCategory.objects.filter(pk=category.pk).update(heading=codes["equipment"])


def test_only_administrators_write_the_classification(make_user, tree, codes):
    officer = make_user(Role.LOGISTICS_OFFICER, tree.province)
    with pytest.raises(PermissionDenied):
        services.budget_code_create(actor=officer, code=6600, name="Thông tin, tuyên truyền, liên lạc")
    with pytest.raises(PermissionDenied):
        services.budget_code_update(actor=officer, budget_code=codes["office"], name="Đổi tên")
    response = api_for(officer).post("/api/budget/budget-codes/", {"code": 6600, "name": "Thông tin"}, format="json")
    assert response.status_code == 403
    assert not BudgetCode.objects.filter(pk=6600).exists()


def test_pages_list_create_and_refuse_beside_the_field(admin_user, codes):
    client = logged_in(admin_user)
    page = client.get(reverse("budget:budgetcode_list")).content.decode()
    assert "Vật tư văn phòng" in page and "9050" in page
    assert "Văn phòng phẩm" in client.get(reverse("budget:budgetcode_list") + "?q=655").content.decode()
    found = api_for(admin_user).get("/api/budget/budget-codes/", {"q": "655"}).json()["results"]
    assert [row["code"] for row in found] == [6550, 6551]  # typed digits begin a code
    detail = client.get(reverse("budget:budgetcode_detail", args=[6550])).content.decode()
    assert "Văn phòng phẩm" in detail  # its tiểu mục
    bad = client.post(reverse("budget:budgetcode_add"), {"code": "6650", "name": "Hội nghị", "parent": "6550"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["parent"] == [
        _("A tiểu mục of mục %(heading)s has a code from %(first)s to %(last)s.")
        % {"heading": 6550, "first": 6551, "last": 6599}
    ]
    good = client.post(reverse("budget:budgetcode_add"), {"code": "6552", "name": "Công cụ, dụng cụ", "parent": "6550"})
    assert good.status_code == 302
    assert BudgetCode.objects.get(pk=6552).parent_id == 6550
    edited = client.post(
        reverse("budget:budgetcode_edit", args=[6552]), {"name": "Mua sắm công cụ, dụng cụ văn phòng", "parent": "6550"}
    )
    assert edited.status_code == 302 and BudgetCode.objects.get(pk=6552).name.startswith("Mua sắm")


def test_the_api_lists_creates_and_answers_400_with_field_errors(admin_user, codes):
    api = api_for(admin_user)
    listed = api.get("/api/budget/budget-codes/", {"parent": 6550}).json()["results"]
    assert [row["code"] for row in listed] == [6551]
    bad = api.post("/api/budget/budget-codes/", {"code": 6610, "name": "Sai mục", "parent": 6550}, format="json")
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["parent"]
    not_heading = api.post("/api/budget/budget-codes/", {"code": 6560, "name": "Sai", "parent": 6551}, format="json")
    assert not_heading.status_code == 400 and "parent" in not_heading.json()["errors"]
    created = api.post(
        "/api/budget/budget-codes/", {"code": 6599, "name": "Vật tư văn phòng khác", "parent": 6550}, format="json"
    )
    assert created.status_code == 201, created.json()
    renamed = api.patch("/api/budget/budget-codes/6599/", {"name": "Khác", "code": 7000}, format="json")
    assert renamed.status_code == 200 and renamed.json()["code"] == 6599  # the code is the key
    category = api.post(
        "/api/budget/categories/",
        {"code": "VPP", "name": "Văn phòng phẩm", "heading": 9050, "subheading": 6551},
        format="json",
    )
    assert category.status_code == 400 and list(category.json()["errors"]) == ["subheading"]
    category = api.post(
        "/api/budget/categories/",
        {"code": "VPP", "name": "Văn phòng phẩm", "heading": 6550, "subheading": 6551},
        format="json",
    )
    assert category.status_code == 201 and category.json()["subheading_name"] == "Văn phòng phẩm"


def test_the_execution_report_shows_mục_and_groups_by_it(auditor, codes, make_allocation, spend, category):
    services.spending_category_update(
        actor=None, spending_category=category, heading=codes["office"], subheading=codes["stationery"]
    )
    equipment = services.spending_category_create(
        actor=None, code="MSTB", name="Mua sắm trang thiết bị", heading=codes["equipment"]
    )
    unclassified = services.spending_category_create(actor=None, code="ZZ", name="Chi khác")
    spend(make_allocation(10_000_000), 4_000_000)
    make_allocation(30_000_000, cat=equipment)
    make_allocation(5_000_000, cat=unclassified)
    report = execution_report(user=auditor, year_from=PAST_YEAR, year_to=PAST_YEAR)
    by_category = next(section for section in report.sections if section.title == _("By spending category"))
    assert [(row["label"], row["heading"], row["subheading"]) for row in by_category.rows] == [
        ("Mua sắm trang thiết bị", "9050", ""),
        ("Chi thường xuyên", "6550", "6551"),
        ("Chi khác", "", ""),
    ]
    by_heading = next(
        section for section in report.sections if section.title == _("By mục of the state budget classification")
    )
    assert [(row["label"], row["allocated"], row["_level"]) for row in by_heading.rows] == [
        ("6550 Vật tư văn phòng", 10_000_000, 0),
        ("Chi thường xuyên (6551)", 10_000_000, 1.5),
        ("9050 Mua sắm tài sản dùng cho công tác chuyên môn", 30_000_000, 0),
        ("Mua sắm trang thiết bị", 30_000_000, 1.5),
        (_("Not classified (no mục)"), 5_000_000, 0),
        ("Chi khác", 5_000_000, 1.5),
    ]
    client = logged_in(auditor)
    # Each mục's figure links to the list it sums.
    spent_list = client.get(by_heading.rows[0]["_links"]["spent"])
    assert "C-1" in spent_list.content.decode()
    url = reverse("budget:execution") + f"?year_from={PAST_YEAR}&year_to={PAST_YEAR}"
    csv_text = client.get(url + "&format=csv").content.decode("utf-8-sig")
    assert "6550 Vật tư văn phòng" in csv_text and "6551" in csv_text
    pdf = client.get(url + "&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    data = api_for(auditor).get("/api/budget/execution/", {"year_from": PAST_YEAR, "year_to": PAST_YEAR})
    assert data.status_code == 200
    assert any(row.get("heading") == "9050" for section in data.json()["sections"] for row in section["rows"])
