"""Many officers at once (``personnel_create_many``): each row meets the refusals of
``personnel_create``, named by its row, nothing is saved unless every row passes, and what is saved
is what the one-officer service saves."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from logistics import services
from logistics.models import Personnel
from logistics.roles import Role
from tests.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages below are written as the source strings read."""
    with translation.override("en"):
        yield


def officer(unit, number="100-001", **fields):
    return {"full_name": "Nguyễn Văn An", "service_number": number, "rank": "captain", "unit": unit, **fields}


def row_messages(number, refusal):
    return [
        f"Row {number}, {Personnel._meta.get_field(field).verbose_name}: {message}"
        for field, messages in refusal.message_dict.items()
        for message in messages
    ]


REFUSALS = [
    ({"full_name": ""}, "full_name"),
    ({"service_number": "12-34"}, "service_number"),
    ({"service_number": "900-900"}, "service_number"),  # already taken
    ({"rank": "field_marshal"}, "rank"),
    ({"date_of_birth": "not a date"}, "date_of_birth"),
]


@pytest.mark.parametrize(("fields", "error_field"), REFUSALS)
def test_an_officer_is_refused_as_the_single_service_refuses_them_named_by_their_row(tree, fields, error_field):
    PersonnelFactory(service_number="900-900", unit=tree.commune_a1)
    row = officer(tree.commune_a1, "100-002", **fields)
    with pytest.raises(ValidationError) as single:
        services.personnel_create(actor=None, **row)
    assert error_field in single.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.personnel_create_many(
            actor=None, people=[officer(tree.commune_a1), row, officer(tree.commune_a1, "100-003")]
        )
    assert raised.value.message_dict == {"people": row_messages(2, single.value)}
    assert Personnel.objects.count() == 1


def test_a_dissolved_unit_and_a_number_twice_on_the_sheet_are_refused(tree):
    services.unit_dissolve(
        actor=None, unit=tree.commune_a2, successor=tree.commune_a1, effective_date=datetime.date(2025, 7, 1)
    )
    tree.commune_a2.refresh_from_db()
    with pytest.raises(ValidationError) as single:
        services.personnel_create(actor=None, **officer(tree.commune_a2))
    with pytest.raises(ValidationError) as raised:
        services.personnel_create_many(
            actor=None,
            people=[officer(tree.commune_a2), officer(tree.commune_a1, "100-005"), officer(tree.commune_b1, "100-005")],
        )
    assert raised.value.message_dict == {
        "people": [
            *row_messages(1, single.value),
            "Row 3, service number: This officer is already on row 2.",
        ]
    }
    assert not Personnel.objects.exists()


def test_officers_are_saved_as_the_single_service_saves_them(tree):
    rows = [officer(tree.commune_a1, "100-001", full_name=" Lê Thị Bình "), officer(tree.commune_b1, "100-002")]
    saved = services.personnel_create_many(actor=None, people=rows)
    assert [p.pk for p in saved] == list(Personnel.objects.order_by("pk").values_list("pk", flat=True))
    single = services.personnel_create(actor=None, **officer(tree.commune_a1, "100-003", full_name=" Lê Thị Bình "))
    fields = ("full_name", "rank", "unit", "is_active", "is_party_member")
    assert Personnel.objects.values(*fields).get(pk=saved[0].pk) == Personnel.objects.values(*fields).get(pk=single.pk)
    assert apps.get_model("logistics", "PersonnelEvent").objects.count() == 3


def test_the_units_and_numbers_are_read_once_for_all_rows(tree):
    def sheet(first, count):
        return [officer(tree.commune_a1, f"{first + n:03d}-001") for n in range(count)]

    with CaptureQueriesContext(connection) as few:
        services.personnel_create_many(actor=None, people=sheet(100, 2))
    with CaptureQueriesContext(connection) as many:
        services.personnel_create_many(actor=None, people=sheet(200, 20))
    assert len(many) == len(few)


def test_an_officer_outside_the_actors_scope_refuses_the_sheet(tree, make_user):
    commune_officer = make_user(Role.LOGISTICS_OFFICER, tree.commune_a1)
    with pytest.raises(PermissionDenied):
        services.personnel_create(actor=commune_officer, **officer(tree.commune_b1))
    with pytest.raises(PermissionDenied):
        services.personnel_create_many(
            actor=commune_officer, people=[officer(tree.commune_a1), officer(tree.commune_b1, "100-002")]
        )
    assert not Personnel.objects.exists()
    services.personnel_create_many(actor=commune_officer, people=[officer(tree.commune_a1)])
    assert Personnel.objects.get().unit == tree.commune_a1
