"""Every door through which an identifiable health record can be read writes the access log: one
row per page read, naming the records shown — and no door opens to any other role.

The doors are enumerated from the registries the system itself uses (page declarations, the API
routers, the admin, the global search, the look-ups, attachments), for every model whose reads
are logged, so a new health model or a new page of an existing kind is tested here without
anyone listing it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from logistics import reads
from logistics.models import Attachment
from logistics.registry import LOOKUP, registry
from logistics.roles import Role
from medical import services
from medical.models import AccessLog, Encounter, Exposure, ExposureTest, FitnessStandard, MedicineDispensed, Patient
from tests.conftest import api_for, logged_in
from tests.medical.conftest import SECRET_DIAGNOSIS, SECRET_NAME

pytestmark = pytest.mark.django_db


def is_health_record(model) -> bool:
    """A model whose reads the clinic's access log writes (other logs, such as the change log's
    rows about clinic records, hand their reads on to it and are tested with them)."""
    return reads.writer_of(model) is services.access_note


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    text = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(json.loads(text), ensure_ascii=False)  # names as they read, not \u escapes
    return text


# --- the doors, from the registries -------------------------------------------------------------


@dataclass
class Reader:
    """Who reads (``client``, ``api``), and the clinic's own client that prepares what is read."""

    client: object
    api: object
    staff: object
    records: dict


@dataclass
class HealthDoor:
    name: str
    model: type
    action: str  # the access log's action for this door
    open: object  # Reader, record → response (its body read to the end)
    one_record: bool  # a record's own page: record_id is filled too

    def __str__(self) -> str:
        return self.name


def _read(response):
    response.text_read = body(response)
    return response


def _search_words(record) -> str:
    record.refresh_from_db()
    return record.search_text


def _attachment(reader: Reader, record):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(record)
    reader.staff.post(
        reverse("logistics:attachment_add", args=[content_type.pk, record.pk]),
        {"file": SimpleUploadedFile("ket-qua.pdf", b"%PDF-1.4 ket qua"), "description": "Kết quả"},
    )
    attachment = Attachment.objects.filter(content_type=content_type, object_id=record.pk).latest("pk")
    return _read(reader.client.get(reverse("logistics:attachment_download", args=[attachment.pk])))


def api_routes() -> list[tuple[type, str]]:
    routes = []
    for config in registry.areas():
        for route in registry.api_routes(config.label):
            model = route.viewset.queryset.model
            if is_health_record(model):
                routes.append((model, f"/api/{config.label}/{route.prefix}/"))
    return routes


def health_doors() -> list[HealthDoor]:
    doors = []
    for declaration in registry.pages():
        model = declaration.model
        if not is_health_record(model):
            continue
        label = model._meta.label_lower

        def page(view, params=None, declaration=declaration):
            def open_(reader, record):
                url = declaration.url(view, record if view in ("detail", "edit") else None)
                return _read(reader.client.get(url, params or {}))

            return open_

        doors.append(HealthDoor(f"web list {label}", model, "list", page("list"), False))
        doors.append(HealthDoor(f"web detail {label}", model, "view", page("detail"), True))
        if declaration.has_view("edit"):
            doors.append(HealthDoor(f"web edit form {label}", model, "form", page("edit"), True))
        for fmt in ("csv", "xlsx"):
            doors.append(
                HealthDoor(f"web export {fmt} {label}", model, "export", page("export", {"format": fmt}), False)
            )
        if any(field.name == "search_text" for field in model._meta.concrete_fields):
            doors.append(
                HealthDoor(
                    f"global search {label}",
                    model,
                    "search",
                    lambda reader, record: _read(reader.client.get(reverse("search"), {"q": _search_words(record)})),
                    False,
                )
            )
        doors.append(HealthDoor(f"attachment {label}", model, "attachment", _attachment, True))
    for model, url in api_routes():
        label = model._meta.label_lower
        doors.append(
            HealthDoor(f"api list {label}", model, "api_list", lambda r, rec, url=url: _read(r.api.get(url)), False)
        )
        doors.append(
            HealthDoor(
                f"api detail {label}",
                model,
                "api_view",
                lambda r, rec, url=url: _read(r.api.get(f"{url}{rec.pk}/")),
                True,
            )
        )
        doors.append(
            HealthDoor(
                f"api export {label}",
                model,
                "api_export",
                lambda r, rec, url=url: _read(r.api.get(url, {"export": "csv"})),
                False,
            )
        )
    for model in admin.site._registry:
        if not is_health_record(model):
            continue
        label, base = model._meta.label_lower, f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        doors.append(
            HealthDoor(
                f"admin changelist {label}", model, "admin_list", lambda r, rec, b=base: _read(r.client.get(b)), False
            )
        )
        doors.append(
            HealthDoor(
                f"admin change page {label}",
                model,
                "admin_view",
                lambda r, rec, b=base: _read(r.client.get(f"{b}{rec.pk}/change/")),
                True,
            )
        )
    for model in registry.models_with(LOOKUP):
        if is_health_record(model):
            label, app_label, model_name = model._meta.label_lower, model._meta.app_label, model._meta.model_name
            doors.append(
                HealthDoor(
                    f"look-up {label}",
                    model,
                    "lookup",
                    lambda r, rec, a=app_label, m=model_name: _read(
                        r.client.get(reverse("lookup", args=[a, m]), {"q": _search_words(rec)})
                    ),
                    False,
                )
            )
    return doors


DOORS = health_doors()


@pytest.fixture
def records(encounter, exposure, patient):
    return {
        Patient: patient,
        Encounter: encounter,
        Exposure: exposure,
        MedicineDispensed: encounter.medicines.get(),
        ExposureTest: exposure.tests.get(),
    }


def subject(record) -> tuple[str, int]:
    """What the log names for a record: a medicine is read as part of its encounter, a test as
    part of its list entry."""
    if isinstance(record, MedicineDispensed):
        return "medical.encounter", record.encounter_id
    if isinstance(record, ExposureTest):
        return "medical.exposure", record.exposure_id
    return record._meta.label_lower, record.pk


def test_every_model_of_the_clinic_is_read_under_record():
    # The health standards are reference data: no person in them.
    clinic_models = set(apps.get_app_config("medical").get_models()) - {AccessLog, FitnessStandard}
    assert clinic_models == {model for model in reads.logged_models() if is_health_record(model)}


def test_the_doors_are_found_for_every_health_record():
    """Guards the enumeration itself: were it to find nothing, the door test would prove nothing."""
    names = {str(door) for door in DOORS}
    for label in ("medical.patient", "medical.encounter", "medical.exposure"):
        for kind in (
            "web list",
            "web detail",
            "web edit form",
            "web export csv",
            "web export xlsx",
            "api list",
            "api detail",
            "api export",
            "admin changelist",
            "admin change page",
            "global search",
            "attachment",
        ):
            assert f"{kind} {label}" in names
    for label in ("medical.medicinedispensed", "medical.exposuretest"):
        assert {f"admin changelist {label}", f"admin change page {label}"} <= names
    assert "look-up medical.patient" in names


def check_door(door: HealthDoor, reader: Reader, user) -> str:
    """What is wrong with ``door``'s log for ``user``, or "" when every rule holds."""
    record = reader.records[door.model]
    before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = door.open(reader, record)
    if response.status_code != 200:
        return f"{door}: answered {response.status_code}"
    record_type, pk = subject(record)
    written = list(AccessLog.objects.filter(id__gt=before))
    rows = [row for row in written if (row.action, row.record_type) == (door.action, record_type)]
    if not any(pk in row.record_ids for row in rows):
        return f"{door}: {record_type} {pk} not named in {[(r.action, r.record_type, r.record_ids) for r in written]}"
    if door.one_record and not any(row.record_id == pk for row in rows):
        return f"{door}: the record's own number is missing"
    for row in written:
        if row.user_id != user.pk or row.row_count != len(row.record_ids):
            return f"{door}: wrong reader or count in {row}"
        if SECRET_NAME in row.path or "?" in row.path:  # a search's words never reach the log
            return f"{door}: the log keeps more than the address: {row.path}"
    return ""


def test_each_door_logs_the_records_it_shows(clinic_staff, records):
    """Each door, for each health model, writes a row naming the records it showed (one test
    over all the doors, so that the records are set up once)."""
    reader = Reader(logged_in(clinic_staff), api_for(clinic_staff), logged_in(clinic_staff), records)
    problems = [problem for door in DOORS if (problem := check_door(door, reader, clinic_staff))]
    assert problems == []


#: Those who reach most: the force's commander and the auditor (test_privacy walks every role
#: through the main doors).
OTHER_ROLES = [(Role.UNIT_COMMANDER, "province"), (Role.AUDITOR, "province")]


def test_other_roles_read_nothing_through_any_door(tree, make_user, clinic_staff, records):
    """Counts only, for every other role: no door answers them with a clinic record, and so none
    writes their name in the access log."""
    staff = logged_in(clinic_staff)
    for role, unit_name in OTHER_ROLES:
        user = make_user(role, getattr(tree, unit_name), is_staff=True)
        reader = Reader(logged_in(user), api_for(user), staff, records)
        for door in DOORS:
            response = door.open(reader, records[door.model])
            assert response.status_code in (200, 302, 403, 404), (role, door)
            assert SECRET_NAME not in response.text_read, (role, door)
            assert SECRET_DIAGNOSIS not in response.text_read, (role, door)
            # Search and look-ups answer everyone, with nothing of the clinic's in it (above).
            assert response.status_code != 200 or door.action in ("search", "lookup"), (role, door)
        assert not AccessLog.objects.filter(user=user).exists(), role


def test_a_list_page_names_only_the_records_on_it(clinic_staff, clinic, patient):
    second = services.patient_register(
        actor=clinic_staff, clinic=clinic, kind="citizen", full_name="Vũ Văn Thứ Hai", birth_year=1975, sex="male"
    )
    first_name_order = sorted([patient, second], key=lambda p: (p.full_name, p.pk))
    client, api = logged_in(clinic_staff), api_for(clinic_staff)
    assert client.get(reverse("medical:patient_list"), {"per_page": 1, "page": 2}).status_code == 200
    row = AccessLog.objects.latest("id")
    assert (row.action, row.record_type, row.record_ids, row.record_id) == (
        "list",
        "medical.patient",
        [first_name_order[1].pk],
        None,
    )
    assert api.get("/api/medical/patients/", {"page_size": 1}).status_code == 200
    row = AccessLog.objects.latest("id")
    assert (row.action, row.record_ids) == ("api_list", [first_name_order[0].pk])
    body(client.get(reverse("medical:patient_export"), {"format": "csv"}))
    row = AccessLog.objects.latest("id")
    assert (row.action, sorted(row.record_ids), row.row_count) == ("export", sorted([patient.pk, second.pk]), 2)


def test_a_record_page_names_the_health_records_it_lists(clinic_staff, records):
    patient, encounter, exposure = records[Patient], records[Encounter], records[Exposure]
    logged_in(clinic_staff).get(reverse("medical:patient_detail", args=[patient.pk]))
    logged = {(row.action, row.record_type, row.record_id, tuple(row.record_ids)) for row in AccessLog.objects.all()}
    assert logged == {
        ("view", "medical.patient", patient.pk, (patient.pk,)),
        ("view", "medical.encounter", None, (encounter.pk,)),
        ("view", "medical.exposure", None, (exposure.pk,)),
    }


def test_entry_forms_log_the_records_they_offer(clinic_staff, records):
    """A new encounter for a chosen patient names that patient; the epidemic list's form names the
    source case chosen (the others are looked up as one types, and logged by the look-up)."""
    patient, exposure = records[Patient], records[Exposure]
    client = logged_in(clinic_staff)
    page = client.get(reverse("medical:encounter_add"), {"patient": patient.pk})
    assert SECRET_NAME in body(page)
    row = AccessLog.objects.latest("id")
    assert (row.action, row.record_type, row.record_ids) == ("form", "medical.patient", [patient.pk])
    assert SECRET_NAME not in body(client.get(reverse("medical:exposure_add")))
    contact = services.exposure_record(
        actor=clinic_staff,
        clinic=exposure.clinic,
        patient=exposure.patient,
        classification="F2",
        source_case=exposure,
        date_identified=exposure.date_identified,
    )
    page = client.get(reverse("medical:exposure_edit", args=[contact.pk]))
    assert SECRET_NAME in body(page)
    row = AccessLog.objects.filter(record_type="medical.exposure").latest("id")
    assert (row.action, sorted(row.record_ids)) == ("form", sorted([contact.pk, exposure.pk]))


def test_the_health_api_answers_json_only(clinic_staff, records):
    """The browsable API's forms would list every patient in a drop-down, outside any log."""
    response = api_for(clinic_staff).get("/api/medical/encounters/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")


def test_auditors_find_who_read_a_record_in_any_list(clinic_staff, auditor, records):
    patient = records[Patient]
    logged_in(clinic_staff).get(reverse("medical:patient_list"))
    page = logged_in(auditor).get(reverse("medical:accesslog_list"), {"record_id": patient.pk})
    rows = list(page.context["table"].data)
    assert [(row.action, row.record_type) for row in rows] == [("list", "medical.patient")]
    assert SECRET_NAME not in body(page)
    assert logged_in(auditor).get(reverse("medical:accesslog_list"), {"record_id": "1e30"}).status_code == 200


def test_a_record_cited_by_a_finding_is_logged_when_named(admin_user, records, tree):
    """Oversight may cite a clinic record; naming it in the citing look-up or on the finding's
    page is a read of it."""
    from tests.oversight.conftest import Builder

    patient, client = records[Patient], logged_in(admin_user)
    response = client.get(reverse("oversight:citable_lookup"), {"q": _search_words(patient)})
    assert SECRET_NAME in body(response)
    row = AccessLog.objects.get(user=admin_user)
    assert (row.action, row.record_type, row.record_ids) == ("lookup", "medical.patient", [patient.pk])
    build = Builder(tree, admin_user)
    finding = build.finding(build.started(), records=[patient])
    assert SECRET_NAME in body(client.get(finding.get_absolute_url()))
    row = AccessLog.objects.filter(user=admin_user).latest("id")
    assert (row.action, row.record_type, row.record_ids) == ("view", "medical.patient", [patient.pk])
