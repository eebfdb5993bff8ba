from django.db import models
from django.utils.translation import gettext_lazy as _

from logistics.reads import Door


class PatientKind(models.TextChoices):
    OFFICER = "officer", _("Officer")
    RELATIVE = "relative", _("Officer's relative")
    CITIZEN = "citizen", _("Citizen")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Service(models.TextChoices):
    """The clinic's services, in the order of its yearly report."""

    EXAMINATION = "examination", _("Examination and medicine")
    TREATMENT = "treatment", _("Inpatient or outpatient treatment")
    LAB_TEST = "lab_test", _("Lab test")
    ECG = "ecg", _("ECG")
    ULTRASOUND = "ultrasound", _("Ultrasound")
    REFERRAL = "referral", _("Referral to hospital")
    PHYSIOTHERAPY = "physiotherapy", _("Physiotherapy")
    ENT_ENDOSCOPY = "ent_endoscopy", _("ENT endoscopy")
    HEALTH_CHECK = "health_check", _("Health check (recruitment, pre-selection, service)")


class CareSetting(models.TextChoices):
    INPATIENT = "inpatient", _("Inpatient")
    OUTPATIENT = "outpatient", _("Outpatient")


class HealthCheckPurpose(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    PRE_SELECTION = "pre_selection", _("Pre-selection")
    SERVICE = "service", _("Police service (conscription)")


class Outcome(models.TextChoices):
    STABLE = "stable", _("Stable, back to work")
    IMPROVED = "improved", _("Improved")
    CONTINUING = "continuing", _("Continuing treatment")
    REFERRED = "referred", _("Referred")
    OTHER = "other", _("Other")


class Classification(models.TextChoices):
    F0 = "F0", _("F0 – confirmed case")
    F1 = "F1", _("F1 – close contact")
    F2 = "F2", _("F2 – contact of an F1")


class IsolationPlace(models.TextChoices):
    HOME = "home", _("At home")
    UNIT = "unit", _("At the unit")
    FACILITY = "facility", _("Concentrated isolation facility")
    HOSPITAL = "hospital", _("Hospital")


class ExposureStatus(models.TextChoices):
    MONITORING = "monitoring", _("Under monitoring")
    ISOLATING = "isolating", _("In isolation")
    TREATING = "treating", _("In treatment")
    RELEASED = "released", _("Released")


class TestMethod(models.TextChoices):
    PCR = "pcr", _("RT-PCR")
    RAPID = "rapid", _("Rapid antigen test")


class TestResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    NEGATIVE = "negative", _("Negative")
    POSITIVE = "positive", _("Positive")


#: The access log names the door through which a health record was read (a list page, a form,
#: the API, an export, the search, a look-up, the admin…): the doors are the core's.
AccessAction = Door
