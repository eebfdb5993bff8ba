"""Bad input gets a clear message beside the field (pages) or field errors (API), and saves nothing."""

import pytest
from django.urls import reverse

from logistics.models import Personnel, Supplier, Unit
from tests.conftest import api_for, logged_in
from tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db

GOOD_PERSON = {"full_name": "Vũ Đức Hợp Lệ", "service_number": "246-810", "rank": "captain", "position": "Cán bộ"}


def test_form_errors_are_shown_beside_the_fields_and_nothing_is_saved(officer, tree):
    data = {
        **GOOD_PERSON,
        "service_number": "12",
        "rank": "admiral",
        "unit": tree.commune_a1.pk,
        "date_of_birth": "31/02/1990",
    }
    response = logged_in(officer).post(reverse("logistics:personnel_add"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"service_number", "rank", "date_of_birth"}
    page = response.content.decode()
    assert "Chưa lưu" in page
    assert "Vũ Đức Hợp Lệ" in page  # what was typed comes back
    assert not Personnel.objects.filter(full_name="Vũ Đức Hợp Lệ").exists()


def test_dates_are_entered_as_dd_mm_yyyy(officer, tree):
    data = {**GOOD_PERSON, "unit": tree.commune_a1.pk, "date_of_birth": "05/09/1990"}
    response = logged_in(officer).post(reverse("logistics:personnel_add"), data)
    assert response.status_code == 302
    assert Personnel.objects.get(service_number="246-810").date_of_birth.isoformat() == "1990-09-05"


def test_service_rule_errors_land_beside_the_field(officer, admin_user, tree):
    from logistics import services

    services.unit_dissolve(
        actor=admin_user,
        unit=tree.commune_a2,
        successor=tree.commune_a1,
        effective_date=tree.commune_a2.valid_from.replace(year=2025),
    )
    data = {**GOOD_PERSON, "unit": tree.commune_a2.pk}
    response = logged_in(officer).post(reverse("logistics:personnel_add"), data)
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors


def test_duplicate_tax_code_is_refused_on_the_page(officer):
    SupplierFactory(tax_code="0800100231")
    data = {"name": "Trùng MST", "kind": "supplier", "tax_code": "0800100231", "is_active": "on"}
    response = logged_in(officer).post(reverse("logistics:supplier_add"), data)
    assert response.status_code == 400
    assert "tax_code" in response.context["form"].errors
    assert Supplier.objects.filter(tax_code="0800100231").count() == 1


def test_api_answers_400_with_field_errors(officer, tree):
    client = api_for(officer)
    response = client.post("/api/personnel/", {**GOOD_PERSON, "service_number": "abc", "unit": 999999}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"service_number", "unit"}
    assert not Personnel.objects.filter(full_name=GOOD_PERSON["full_name"]).exists()


def test_api_turns_service_rules_into_field_errors(admin_user, tree):
    response = api_for(admin_user).post(
        "/api/units/", {"code": "NEW", "name": "Xã lạc", "kind": "commune", "parent": None}, format="json"
    )
    assert response.status_code == 400
    assert "parent" in response.json()["errors"]
    assert not Unit.objects.filter(code="NEW").exists()


def test_api_rejects_malformed_json_and_unknown_filters_cleanly(officer):
    client = api_for(officer)
    response = client.generic("POST", "/api/suppliers/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert client.get("/api/personnel/?unit=not-a-number").status_code == 400
    assert client.get("/api/personnel/?page=999").status_code == 404
    assert client.get("/api/personnel/?export=pdf").status_code == 400


def test_api_patch_updates_through_the_service(officer, tree):
    supplier = SupplierFactory(name="Tên cũ")
    response = api_for(officer).patch(f"/api/suppliers/{supplier.pk}/", {"name": "Tên mới"}, format="json")
    assert response.status_code == 200, response.json()
    supplier.refresh_from_db()
    assert supplier.name == "Tên mới"


def test_delete_refuses_a_record_others_use(officer, tree, personnel_factory):
    person = personnel_factory(unit=tree.commune_a1)
    response = logged_in(officer).post(reverse("logistics:personnel_delete", args=[person.pk]))
    assert response.status_code == 302
    assert not Personnel.objects.filter(pk=person.pk).exists()


def test_unit_dissolve_page_refuses_bad_input(admin_user, tree):
    client = logged_in(admin_user)
    url = reverse("logistics:unit_dissolve", args=[tree.district_a.pk])
    response = client.post(url, {"successor": tree.commune_a1.pk, "effective_date": "01/03/2025"})
    assert response.status_code == 400
    assert "successor" in response.context["form"].errors
    response = client.post(url, {"successor": tree.province.pk, "effective_date": "2025-13-45"})
    assert response.status_code == 400
    assert "effective_date" in response.context["form"].errors
    assert Unit.objects.get(pk=tree.district_a.pk).valid_to is None
    response = client.post(url, {"successor": tree.province.pk, "effective_date": "01/03/2025"})
    assert response.status_code == 302
    assert Unit.objects.get(pk=tree.district_a.pk).valid_to.isoformat() == "2025-02-28"
