"""Writes of the clinic: patients, encounters (with the medicines dispensed), epidemic lists.

Each service runs in one transaction with the actor on its history events (``@service``),
checks the actor's permission and scope, validates with messages keyed by the form field they
concern, and leaves the last word to the database constraints and triggers.
"""

from medical.services.access_log import access_note, access_record
from medical.services.common import (
    BATCH_SIZE,
    BLANK_VALUES,
    ENCOUNTER_REFERENCES,
    EXPOSURE_REFERENCES,
    PATIENT_REFERENCES,
    SERVICE_FIELDS,
)
from medical.services.encounters import (
    ENCOUNTER_EDITABLE,
    MEDICINE_FIELDS,
    encounter_record,
    encounter_update,
    encounters_record,
)
from medical.services.epidemic_lists import (
    EXPOSURE_EDITABLE,
    TEST_FIELDS,
    exposure_record,
    exposure_update,
    exposures_record,
)
from medical.services.fitness import STANDARD_EDITABLE, fitness_standard_create, fitness_standard_update
from medical.services.patients import PATIENT_EDITABLE, patient_register, patient_update, patients_register

__all__ = [
    "BATCH_SIZE",
    "BLANK_VALUES",
    "ENCOUNTER_EDITABLE",
    "ENCOUNTER_REFERENCES",
    "EXPOSURE_EDITABLE",
    "EXPOSURE_REFERENCES",
    "MEDICINE_FIELDS",
    "PATIENT_EDITABLE",
    "PATIENT_REFERENCES",
    "STANDARD_EDITABLE",
    "SERVICE_FIELDS",
    "TEST_FIELDS",
    "access_note",
    "access_record",
    "encounter_record",
    "encounter_update",
    "encounters_record",
    "exposure_record",
    "exposure_update",
    "exposures_record",
    "fitness_standard_create",
    "fitness_standard_update",
    "patient_register",
    "patient_update",
    "patients_register",
]
