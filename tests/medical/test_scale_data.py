"""The clinic's part of ``generate_scale_data`` (issue 14): encounters copied with the medicine
dispensed at them, for the same patient at the same clinic, each copy in the history."""

import pytest
from django.apps import apps
from django.core.management import call_command

import assets.scale
import budget.scale
import logistics.scale
import medical.scale
from logistics.registry import registry
from medical.models import Encounter, MedicineDispensed

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_the_clinic(monkeypatch):
    """The other areas copy nothing; the clinic's volume makes the factor its multiplier."""
    for module, name in (
        (logistics.scale, "PERSONNEL_PER_FACTOR"),
        (budget.scale, "SPENDING_PER_FACTOR"),
        (assets.scale, "ITEMS_PER_FACTOR"),
        (assets.scale, "MOVEMENTS_PER_FACTOR"),
    ):
        monkeypatch.setattr(module, name, 0)
    monkeypatch.setattr(medical.scale, "ENCOUNTERS_PER_FACTOR", Encounter.objects.count())


def test_each_app_declares_its_part_in_the_order_of_the_apps():
    generators = registry.scale_generators()
    assert [generator.app_label for generator in generators] == ["logistics", "budget", "assets", "medical"]
    for generator in generators:
        assert {model._meta.app_label for model in generator.models} == {generator.app_label}


def test_encounters_are_copied_with_their_medicine_at_the_same_clinic(encounter, only_the_clinic):
    call_command("generate_scale_data", factor=3, verbosity=0)

    encounters = list(Encounter.objects.order_by("pk"))
    assert len(encounters) == 3
    for copy in encounters[1:]:
        assert (copy.clinic_id, copy.patient_id, copy.date, copy.diagnosis) == (
            encounter.clinic_id,
            encounter.patient_id,
            encounter.date,
            encounter.diagnosis,
        )
        assert [(m.name, m.quantity) for m in copy.medicines.all()] == [("Paracetamol 500mg", 10)]
        assert copy.search_text == encounter.search_text
    assert MedicineDispensed.objects.count() == 3
    events = apps.get_model("medical", "EncounterEvent").objects.filter(
        pgh_obj_id__in=[copy.pk for copy in encounters[1:]], pgh_label="insert"
    )
    assert [event.pgh_context.metadata["command"] for event in events] == ["generate_scale_data"] * 2


def test_the_factor_one_changes_nothing(encounter):
    call_command("generate_scale_data", factor=1, verbosity=0)
    assert Encounter.objects.count() == 1
