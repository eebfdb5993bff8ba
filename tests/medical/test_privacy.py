"""No role but clinic staff and administrators reaches a patient's name or diagnosis — through
any page, API endpoint, export, look-up, admin page or report — and every view is logged."""

import pytest
from django.urls import reverse

from logistics.models import ExportLog
from logistics.roles import Role
from medical.models import AccessLog
from tests.conftest import api_for, logged_in
from tests.medical.conftest import SECRET_DIAGNOSIS, SECRET_NAME

pytestmark = pytest.mark.django_db

OTHER_ROLES = [
    (Role.UNIT_COMMANDER, "province"),
    (Role.UNIT_COMMANDER, "commune_a1"),
    (Role.AUDITOR, "province"),
    (Role.INSPECTOR, "province"),
    (Role.LOGISTICS_OFFICER, "province"),
    (None, "province"),
]


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def assert_secret_absent(response):
    text = body(response)
    assert SECRET_NAME not in text
    assert SECRET_DIAGNOSIS not in text


@pytest.fixture
def records(encounter, exposure, patient):
    return {"patient": patient, "encounter": encounter, "exposure": exposure}


@pytest.mark.parametrize(("role", "unit_name"), OTHER_ROLES)
def test_other_roles_reach_no_identifiable_record(role, unit_name, tree, make_user, records):
    user = make_user(role, getattr(tree, unit_name), is_staff=True)
    client, api = logged_in(user), api_for(user)
    for name, record in records.items():
        for view in ("list", "export"):
            response = client.get(reverse(f"medical:{name}_{view}"), {"format": "csv", "q": "bi mat"})
            assert response.status_code == 403
            assert_secret_absent(response)
        for view in ("detail", "edit", "delete"):
            response = client.get(reverse(f"medical:{name}_{view}", args=[record.pk]))
            assert response.status_code == 404
            assert_secret_absent(response)
        endpoint = f"/api/medical/{name}s/"
        for url in (endpoint, f"{endpoint}{record.pk}/", f"{endpoint}?export=csv", f"{endpoint}?q=bi+mat"):
            response = api.get(url)
            assert response.status_code in (403, 404)
            assert_secret_absent(response)
        admin = client.get(f"/admin/medical/{name}/")
        assert admin.status_code in (302, 403)
        assert_secret_absent(admin)
        change = client.get(f"/admin/medical/{name}/{record.pk}/change/")
        assert change.status_code in (302, 403, 404)
        assert_secret_absent(change)
    lookup = client.get(reverse("lookup", args=["medical", "patient"]), {"q": "bi mat"})
    assert lookup.json()["results"] == []
    assert client.get(reverse("medical:officer_lookup")).status_code == 403
    assert not AccessLog.objects.filter(user=user).exists()


@pytest.mark.parametrize(("role", "unit_name"), OTHER_ROLES[:4])
def test_counting_roles_see_counts_and_nothing_else(role, unit_name, tree, make_user, records):
    user = make_user(role, getattr(tree, unit_name))
    client = logged_in(user)
    params = {"date_from": "01/01/2024", "date_to": "31/12/2024"}
    page = client.get(reverse("medical:caseload"), params)
    assert page.status_code == 200
    assert_secret_absent(page)
    assert page.context["report"].sections[0].totals["count"] == 1
    assert 'href="/medical/encounter/' not in body(page)  # no link to the records behind a figure
    for fmt in ("csv", "xlsx", "pdf"):
        response = client.get(reverse("medical:caseload"), {**params, "format": fmt})
        assert response.status_code == 200
        assert_secret_absent(response)
    epidemic = client.get(reverse("medical:epidemic"), {"day": "10/02/2021", **params})
    assert epidemic.status_code == 200
    assert_secret_absent(epidemic)
    data = api_for(user).get("/api/medical/caseload/", {"date_from": "2024-01-01", "date_to": "2024-12-31"})
    assert data.status_code == 200
    assert_secret_absent(data)
    assert data.json()["sections"][0]["totals"]["count"] == 1
    assert client.get("/").status_code == 200
    assert_secret_absent(client.get("/"))


def test_officer_without_caseload_permission_sees_no_counts(officer):
    assert logged_in(officer).get(reverse("medical:caseload")).status_code == 403
    assert (
        api_for(officer).get("/api/medical/caseload/", {"date_from": "2024-01-01", "date_to": "2024-12-31"}).status_code
        == 403
    )


def test_commander_counts_only_the_units_they_reach(tree, make_user, records):
    far_commander = make_user(Role.UNIT_COMMANDER, tree.commune_b1)
    page = logged_in(far_commander).get(
        reverse("medical:caseload"), {"date_from": "01/01/2024", "date_to": "31/12/2024"}
    )
    assert page.context["report"].sections[0].totals["count"] == 0


def test_clinic_staff_see_records_and_every_view_is_logged(clinic_staff, records):
    client, api = logged_in(clinic_staff), api_for(clinic_staff)
    patient, encounter = records["patient"], records["encounter"]
    assert SECRET_NAME in body(client.get(reverse("medical:patient_detail", args=[patient.pk])))
    assert SECRET_DIAGNOSIS in body(client.get(reverse("medical:encounter_detail", args=[encounter.pk])))
    assert api.get(f"/api/medical/encounters/{encounter.pk}/").json()["diagnosis"] == SECRET_DIAGNOSIS
    export = client.get(reverse("medical:patient_export"), {"format": "csv", "q": "bi mat"})
    assert SECRET_NAME in body(export)
    api_export = api.get("/api/medical/encounters/?export=csv&q=hoang")
    assert SECRET_NAME in body(api_export)
    logged = [
        (row.action, row.record_type, row.record_id, row.record_ids)
        for row in AccessLog.objects.filter(user=clinic_staff).order_by("id")
    ]
    exposure = records["exposure"]
    assert logged == [
        ("view", "medical.patient", patient.pk, [patient.pk]),
        ("view", "medical.encounter", None, [encounter.pk]),  # the patient's page lists them
        ("view", "medical.exposure", None, [exposure.pk]),
        ("view", "medical.encounter", encounter.pk, [encounter.pk]),
        ("api_view", "medical.encounter", encounter.pk, [encounter.pk]),
        ("export", "medical.patient", None, [patient.pk]),
        ("api_export", "medical.encounter", None, [encounter.pk]),
    ]
    # The export log, read by auditors, keeps that a search was made but not its words.
    filters = list(ExportLog.objects.filter(user=clinic_staff).values_list("filters", flat=True))
    assert filters and all(entry.get("q") == "***" for entry in filters)


def test_auditor_reads_the_access_log_without_names(auditor, clinic_staff, records):
    logged_in(clinic_staff).get(reverse("medical:patient_detail", args=[records["patient"].pk]))
    logged_in(clinic_staff).get(reverse("medical:patient_export"), {"format": "csv", "q": "hoang thi"})
    client = logged_in(auditor)
    for url in (reverse("medical:accesslog_list"), reverse("logistics:exportlog_list")):
        response = client.get(url)
        assert response.status_code == 200
        assert_secret_absent(response)
        assert "hoang thi" not in body(response)
    assert str(records["patient"].pk) in body(client.get(reverse("medical:accesslog_list")))


def test_access_log_is_append_only(clinic_staff, records):
    from django.db import InternalError, ProgrammingError, transaction

    logged_in(clinic_staff).get(reverse("medical:patient_detail", args=[records["patient"].pk]))
    entry = AccessLog.objects.get(record_type="medical.patient")
    for statement in (
        lambda: AccessLog.objects.filter(pk=entry.pk).delete(),
        lambda: AccessLog.objects.filter(pk=entry.pk).update(record_id=1),
    ):
        with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
            statement()
    assert AccessLog.objects.filter(pk=entry.pk, record_id=records["patient"].pk).exists()
