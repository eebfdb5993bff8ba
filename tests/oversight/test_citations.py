"""Findings cite records of any app; each cited record's page says by which finding and which
inspection — to readers in the finding's scope only. Nobody cites what they may not see."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from budget import services as budget_services
from budget.models import Allocation, FundingSource, SpendingCategory
from logistics.models import ExportLog, UnitKind
from logistics.roles import Role
from medical import services as medical_services
from medical.models import Patient
from oversight import selectors, services
from oversight.models import FindingLink
from tests.conftest import api_for, logged_in
from tests.factories import PersonnelFactory, SupplierFactory, UnitFactory
from tests.refusals import refusal_by_field

pytestmark = pytest.mark.django_db


def key(record) -> str:
    return f"{ContentType.objects.get_for_model(type(record)).pk}:{record.pk}"


def panel_text(client, record) -> str | None:
    """The text of the “cited by findings” panel on the record's page (None when absent)."""
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    if 'data-testid="cited-by"' not in page:
        return None
    start = page.index('data-testid="cited-by"')
    return page[start : page.index("</div>", start)]


@pytest.fixture
def supplier():
    return SupplierFactory(name="Công ty TNHH Nội thất thép Việt Hưng")


@pytest.fixture
def cited(build, tree, supplier):
    """A concluded inspection of district A whose finding cites a supplier, a unit and an officer."""
    officer = PersonnelFactory(full_name="Nguyễn Văn Thủ Kho", unit=tree.district_a)
    inspection = build.concluded(records=[supplier, tree.district_a, officer])
    return {"inspection": inspection, "finding": inspection.findings.get(), "officer": officer}


def test_inspector_cites_a_record_through_the_form(build, inspector, tree, supplier):
    finding = build.finding(build.started())
    client = logged_in(inspector)
    form = client.get(reverse("oversight:findinglink_add") + f"?finding={finding.pk}&record={key(supplier)}")
    assert form.status_code == 200
    assert "Việt Hưng" in form.content.decode()  # the chosen record is named in the look-up
    response = client.post(
        reverse("oversight:findinglink_add"), {"finding": finding.pk, "record": key(supplier), "note": "Hợp đồng 12"}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"].startswith(finding.get_absolute_url())
    link = FindingLink.objects.get()
    assert link.record == supplier and link.note == "Hợp đồng 12"
    finding_page = client.get(finding.get_absolute_url()).content.decode()
    assert "Việt Hưng" in finding_page and supplier.get_absolute_url() in finding_page
    again = client.post(reverse("oversight:findinglink_add"), {"finding": finding.pk, "record": key(supplier)})
    assert again.status_code == 400 and FindingLink.objects.count() == 1


def test_the_cited_records_page_says_by_which_finding_and_inspection(cited, inspector, district_commander, commander):
    for reader in (inspector, district_commander, commander):
        text = panel_text(logged_in(reader), cited["officer"])
        assert text is not None
        assert cited["finding"].title in text and cited["inspection"].title in text


def test_readers_outside_the_findings_scope_learn_nothing(cited, other_commander, officer, make_user, tree, supplier):
    # District B's commander may read the supplier, but the citing inspection is not theirs.
    assert panel_text(logged_in(other_commander), supplier) is None
    assert cited["finding"].title not in logged_in(other_commander).get(supplier.get_absolute_url()).content.decode()
    # A logistics officer reads the supplier and the unit but has nothing to do with oversight.
    for record in (supplier, tree.district_a):
        page = logged_in(officer).get(record.get_absolute_url()).content.decode()
        assert cited["finding"].title not in page and cited["inspection"].title not in page


def test_before_conclusion_only_inspectors_see_the_citation(build, inspector, district_commander, tree):
    officer = PersonnelFactory(full_name="Lê Văn Chưa Kết Luận", unit=tree.district_a)
    finding = build.finding(build.started(), records=[officer])
    assert finding.title in panel_text(logged_in(inspector), officer)
    assert panel_text(logged_in(district_commander), officer) is None


def test_the_panel_offers_inspectors_to_cite_the_record(inspector, tree):
    text = panel_text(logged_in(inspector), tree.commune_a1)
    assert text is not None and reverse("oversight:findinglink_add") in text
    assert key(tree.commune_a1).replace(":", "%3A") in text


def test_nobody_cites_a_record_outside_their_scope(build, make_user, tree):
    district_inspector = make_user(Role.INSPECTOR, tree.district_b)
    far = PersonnelFactory(full_name="Trần Văn Ở Xa", unit=tree.district_a)
    near = PersonnelFactory(full_name="Trần Văn Ở Gần", unit=tree.district_b)
    own = build.__class__(tree, district_inspector)
    finding = own.finding(own.started(target=tree.district_b))
    with pytest.raises(ValidationError) as refused:
        services.finding_link_create(actor=district_inspector, finding=finding, record=far)
    assert set(refused.value.error_dict) == {"record"}
    client = logged_in(district_inspector)
    response = client.post(reverse("oversight:findinglink_add"), {"finding": finding.pk, "record": key(far)})
    assert response.status_code == 400 and "record" in response.context["form"].errors
    api = api_for(district_inspector).patch(
        f"/api/oversight/findings/{finding.pk}/",
        {"links": [{"model": "logistics.personnel", "object_id": far.pk}]},
        format="json",
    )
    assert api.status_code == 400 and "links" in api.json()["errors"]
    assert not FindingLink.objects.exists()
    services.finding_link_create(actor=district_inspector, finding=finding, record=near)
    assert FindingLink.objects.count() == 1


def test_only_records_with_pages_of_the_logistics_apps_can_be_cited(build, inspector, tree):
    finding = build.finding(build.started())
    programme = build.programme()
    log = ExportLog.objects.create(user=inspector, source="x", source_label="x", format="csv")
    for record in (programme, log, inspector):
        assert refusal_by_field(
            lambda record=record: services.finding_link_create(actor=inspector, finding=finding, record=record)
        ) == {"record": ["Không thể trích dẫn loại hồ sơ này."]}
    assert not FindingLink.objects.exists()
    cited = {model._meta.label_lower for model in selectors.citable_models()}
    # The main records of every app with pages: an app whose pages failed to register would drop out.
    assert {
        "logistics.unit",
        "logistics.personnel",
        "logistics.supplier",
        "budget.allocation",
        "budget.spending",
        "assets.voucher",
        "assets.item",
        "construction.project",
        "construction.payment",
        "medical.patient",
        "medical.encounter",
    } <= cited
    assert not any(label.startswith("oversight.") for label in cited)


def test_the_look_up_searches_every_kind_of_record_in_scope(make_user, tree):
    district_inspector = make_user(Role.INSPECTOR, tree.district_b)
    PersonnelFactory(full_name="Đỗ Văn Thái", unit=tree.district_a)
    PersonnelFactory(full_name="Đỗ Văn Thái Bình", unit=tree.district_b)
    results = logged_in(district_inspector).get(reverse("oversight:citable_lookup") + "?q=thai").json()["results"]
    texts = [row["text"] for row in results]
    assert any("Thái Học" in text for text in texts)  # a unit (commune B1), found without accents
    assert any("Đỗ Văn Thái Bình" in text for text in texts)
    assert not any("Đỗ Văn Thái (" in text for text in texts)  # district A's officer is out of scope
    assert all(":" in row["value"] for row in results)
    assert logged_in(district_inspector).get(reverse("oversight:citable_lookup") + "?q=").json()["results"] == []


def test_the_api_reads_and_writes_citations(build, inspector, tree, supplier):
    finding = build.finding(build.started())
    client = api_for(inspector)
    response = client.patch(
        f"/api/oversight/findings/{finding.pk}/",
        {
            "links": [
                {"model": "logistics.supplier", "object_id": supplier.pk},
                {"model": "logistics.unit", "object_id": tree.district_a.pk},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert {(link["model"], link["object_id"]) for link in response.json()["links"]} == {
        ("logistics.supplier", supplier.pk),
        ("logistics.unit", tree.district_a.pk),
    }
    bad = client.patch(
        f"/api/oversight/findings/{finding.pk}/",
        {"links": [{"model": "oversight.programme", "object_id": 1}]},
        format="json",
    )
    assert bad.status_code == 400
    untouched = client.patch(f"/api/oversight/findings/{finding.pk}/", {"title": "Đổi tên"}, format="json")
    assert untouched.status_code == 200 and len(untouched.json()["links"]) == 2


# --- records of the other apps -------------------------------------------------------------------


def test_a_budget_allocation_can_be_cited_and_shows_the_citation(build, inspector, district_commander, tree):
    assert Allocation in selectors.citable_models()
    allocation = budget_services.allocation_create(
        actor=None,
        fiscal_year=budget_services.fiscal_year_for(2020),
        unit=tree.district_a,
        source=FundingSource.objects.create(code="BO", name="Bộ cấp", kind="ministry"),
        category=SpendingCategory.objects.create(code="TX", name="Chi thường xuyên", is_recurrent=True),
        amount=120_000_000,
        decision_number="QĐ-2020-THU",
        decision_date=datetime.date(2019, 12, 20),
    )
    inspection = build.concluded(records=[allocation])
    assert FindingLink.objects.get().record == allocation
    text = panel_text(logged_in(district_commander), allocation)
    assert text is not None and inspection.title in text


def test_identifiable_health_records_stay_private(build, inspector, make_user, tree, admin_user):
    assert Patient in selectors.citable_models()
    clinic = UnitFactory(code="P-BX", name="Bệnh xá thử", kind=UnitKind.CLINIC, parent=tree.province)
    clinic_staff = make_user(Role.CLINIC_STAFF, clinic)
    patient = medical_services.patient_register(
        actor=clinic_staff,
        clinic=clinic,
        kind="relative",
        relative_of=PersonnelFactory(unit=tree.commune_a1),
        relationship="Vợ",
        full_name="Hoàng Thị Bí Mật",
        birth_year=1990,
        sex="female",
        insurance_number="TN4301234567890",
    )
    finding = build.finding(build.started())
    # The inspector may not read the patient, so may not cite them, nor find them in the look-up.
    assert refusal_by_field(lambda: services.finding_link_create(actor=inspector, finding=finding, record=patient)) == {
        "record": ["Chọn hồ sơ mà bạn được phép xem."]
    }
    lookup = logged_in(inspector).get(reverse("oversight:citable_lookup") + "?q=bi mat").json()["results"]
    assert not any("Bí Mật" in row["text"] for row in lookup)
    assert (
        logged_in(inspector)
        .get(reverse("oversight:findinglink_add") + f"?finding={finding.pk}&record={key(patient)}")
        .content.decode()
        .count("Bí Mật")
        == 0
    )
    # An administrator may cite it; the inspector then sees that a record is cited, never whose.
    services.finding_link_create(actor=admin_user, finding=finding, record=patient)
    page = logged_in(inspector).get(finding.get_absolute_url()).content.decode()
    assert "Hoàng Thị Bí Mật" not in page
    assert FindingLink.objects.get(finding=finding).record == patient
    # The clinic reads the patient but is outside the finding's scope: no word of the inspection.
    clinic_page = logged_in(clinic_staff).get(patient.get_absolute_url())
    assert clinic_page.status_code == 200
    assert finding.title not in clinic_page.content.decode()


def test_an_edit_keeps_the_citations_its_author_may_not_see(build, make_user, tree, supplier):
    """A district inspector who edits a finding sees only the records of their district; leaving
    the others out of what they send (a web form, a PUT of ``links``) must not drop them."""
    district_officer = PersonnelFactory(full_name="Trần Văn Huyện A", unit=tree.district_a)
    other_district = PersonnelFactory(full_name="Lê Văn Huyện B", unit=tree.district_b)
    finding = build.finding(build.started(), records=[district_officer, other_district])
    district_inspector = make_user(Role.INSPECTOR, tree.district_a)
    services.finding_update(actor=district_inspector, finding=finding, records=[district_officer])
    cited = {link.record for link in FindingLink.objects.filter(finding=finding)}
    assert cited == {district_officer, other_district}
    # What they may see, they may drop; so may the province's inspector, who sees everything.
    services.finding_update(actor=district_inspector, finding=finding, records=[])
    assert {link.record for link in FindingLink.objects.filter(finding=finding)} == {other_district}
    services.finding_update(actor=build.actor, finding=finding, records=[])
    assert not FindingLink.objects.filter(finding=finding).exists()
