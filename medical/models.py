"""The police clinic (bệnh xá): patients, encounters with the medicines dispensed, epidemic lists.

Health data is the most sensitive data of the system. Identifiable records are scoped to the
clinic that recorded them (``scope_units = ("clinic",)``) and only clinic staff and administrators
hold permissions on them; everyone else sees counts (``medical.caseload_encounter``). Each
encounter and exposure also keeps the patient's unit at the time, so that counts roll up by unit
subtree even after the officer moves or the unit is dissolved.
"""

from __future__ import annotations

import datetime

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from logistics.formatting import day_text
from logistics.history import tracked
from logistics.models import DomainModel
from logistics.search import search_field, search_terms, word_prefix_pattern
from logistics.summaries import summary_trigger
from medical.choices import (
    AccessAction,
    CareSetting,
    Classification,
    ExposureStatus,
    HealthCheckPurpose,
    IsolationPlace,
    Outcome,
    PatientKind,
    Service,
    Sex,
    TestMethod,
    TestResult,
)

EARLIEST_DATE = datetime.date(1990, 1, 1)
MIN_GRADE, MAX_GRADE = 1, 6

insurance_number_validator = RegexValidator(
    r"^([A-Z]{2}\d{13}|\d{10})$",
    _(
        "A health insurance number is 2 capital letters and 13 digits (card number) or 10 digits (social insurance number)."
    ),
)
icd10_validator = RegexValidator(
    r"^[A-Z]\d{2}(\.\d{1,2})?$", _("An ICD-10 code is a capital letter and two digits, e.g. J06 or J06.9.")
)


def not_in_future(table_column: str, name: str) -> pgtrigger.Trigger:
    """A trigger refusing a date after today in Việt Nam.

    A CHECK constraint may only use immutable expressions, so "not after today" is a trigger.
    """
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=(
            f"IF NEW.{table_column} > (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN "
            f"RAISE EXCEPTION USING ERRCODE = 'check_violation', "
            f"MESSAGE = '{name}: ' || NEW.{table_column} || ' is after today'; "
            "END IF; RETURN NEW;"
        ),
    )


@tracked()
class FitnessStandard(DomainModel):
    """Tiêu chuẩn sức khỏe: for one purpose of health check, the worst health grade still fit, from
    a day on, under the legal text that sets it. Reference data kept by administrators: a health
    check's fitness follows from the standard in force on its day."""

    scope_units = None

    purpose = models.CharField(_("health check purpose"), max_length=20, choices=HealthCheckPurpose.choices)
    fit_up_to_grade = models.PositiveSmallIntegerField(
        _("fit up to grade"),
        validators=[MinValueValidator(MIN_GRADE), MaxValueValidator(MAX_GRADE)],
        help_text=_("Grades from 1 to this one are fit for the purpose; worse grades are not."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    basis = models.CharField(_("legal basis"), max_length=300, help_text=_("The text that sets the standard."))
    search_text = search_field("basis")

    class Meta:
        verbose_name = _("health standard")
        verbose_name_plural = _("health standards")
        ordering = ["purpose", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "valid_from"],
                name="fitness_standard_once_per_purpose_and_day",
                violation_error_message=_("A standard for this purpose already starts on this day."),
            ),
            models.CheckConstraint(
                condition=Q(fit_up_to_grade__gte=MIN_GRADE, fit_up_to_grade__lte=MAX_GRADE),
                name="fitness_standard_grade_range",
                violation_error_message=_("The health grade is from 1 to 6."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="fitness_standard_ends_after_it_starts",
                violation_error_message=_("A standard ends on or after the day it starts."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(purpose)s: grades 1 to %(grade)s (%(basis)s)") % {
            "purpose": self.get_purpose_display(),
            "grade": self.fit_up_to_grade,
            "basis": self.basis,
        }

    def admits(self, grade: int) -> bool:
        return MIN_GRADE <= grade <= self.fit_up_to_grade


@tracked()
class Patient(DomainModel):
    """A person the clinic examines: an officer, an officer's relative (thân nhân) or a citizen."""

    scope_units = ("clinic",)

    clinic = models.ForeignKey("logistics.Unit", verbose_name=_("clinic"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("patient group"), max_length=20, choices=PatientKind.choices)
    personnel = models.ForeignKey(
        "logistics.Personnel",
        verbose_name=_("officer record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For an officer: the personnel record."),
    )
    relative_of = models.ForeignKey(
        "logistics.Personnel",
        verbose_name=_("relative of officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a relative: the officer they are related to."),
    )
    relationship = models.CharField(_("relationship"), max_length=60, blank=True)
    full_name = models.CharField(_("full name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The officer's unit (for a relative, the unit of the officer they are related to)."),
    )
    insurance_number = models.CharField(
        _("health insurance number"), max_length=15, blank=True, validators=[insurance_number_validator]
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    search_text = search_field("full_name", "insurance_number")

    class Meta:
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(full_name=""),
                name="patient_name_not_blank",
                violation_error_message=_("Enter the full name."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=PatientKind.OFFICER, personnel__isnull=False, relative_of__isnull=True)
                    | Q(kind=PatientKind.RELATIVE, personnel__isnull=True, relative_of__isnull=False)
                    | Q(kind=PatientKind.CITIZEN, personnel__isnull=True, relative_of__isnull=True)
                ),
                name="patient_links_match_group",
                violation_error_message=_(
                    "An officer is linked to the personnel record, a relative to the officer, a citizen to neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900, birth_year__lte=2100),
                name="patient_birth_year_range",
                violation_error_message=_("The year of birth must be between 1900 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(date_of_birth__year=F("birth_year")),
                name="patient_birth_year_matches_date",
                violation_error_message=_("The year of birth does not match the date of birth."),
            ),
            models.UniqueConstraint(
                fields=["personnel"], condition=Q(personnel__isnull=False), name="patient_one_per_officer"
            ),
        ]
        indexes = [models.Index(fields=["unit"])]

    #: Its name in SQL, for exports made by the database (``logistics.export_plan.name_sql``).
    export_name = "{full_name} ({birth_year})"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.birth_year})"


@tracked()
class Encounter(DomainModel):
    """One visit: a service given to a patient on a day (lượt khám)."""

    scope_units = ("clinic",)
    #: Follows the patient: the system sets it from the patient's unit each time the record is saved.
    history_system_fields = ("patient_unit",)

    clinic = models.ForeignKey("logistics.Unit", verbose_name=_("clinic"), on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, verbose_name=_("patient"), on_delete=models.PROTECT, related_name="encounters")
    patient_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("patient's unit at the time"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    date = models.DateField(_("date"))
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    clinician = models.ForeignKey(
        "logistics.Personnel",
        verbose_name=_("clinician"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    diagnosis = models.TextField(_("diagnosis"), blank=True)
    icd10_code = models.CharField(_("ICD-10 code"), max_length=8, blank=True, validators=[icd10_validator])
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    care_setting = models.CharField(
        _("inpatient or outpatient"),
        max_length=20,
        choices=CareSetting.choices,
        blank=True,
        help_text=_("Required for a treatment."),
    )
    referral_hospital = models.CharField(
        _("receiving hospital"), max_length=200, blank=True, help_text=_("Required for a referral.")
    )
    referral_reason = models.TextField(_("reason for referral"), blank=True, help_text=_("Required for a referral."))
    health_check_purpose = models.CharField(
        _("health check purpose"),
        max_length=20,
        choices=HealthCheckPurpose.choices,
        blank=True,
        help_text=_("Required for a health check."),
    )
    health_grade = models.PositiveSmallIntegerField(
        _("health grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_GRADE), MaxValueValidator(MAX_GRADE)],
        help_text=_("1 (very good) to 6 (very poor); required for a health check."),
    )
    is_fit = models.BooleanField(
        _("fit"),
        null=True,
        blank=True,
        help_text=_("Follows from the health grade and the standard in force; unfit may be chosen for another reason."),
    )
    notes = models.TextField(_("notes"), blank=True)
    search_text = search_field("diagnosis", "icd10_code", "referral_hospital")

    class Meta:
        verbose_name = _("encounter")
        verbose_name_plural = _("encounters")
        ordering = ["-date", "-id"]
        permissions = [("caseload_encounter", _("Can see the clinic's caseload counts (no names)"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE),
                name="encounter_date_not_too_old",
                violation_error_message=_("The date cannot be before 01/01/1990."),
            ),
            models.CheckConstraint(
                condition=~Q(service=Service.TREATMENT) | ~Q(care_setting=""),
                name="encounter_treatment_has_setting",
                violation_error_message=_("A treatment is inpatient or outpatient: choose which."),
            ),
            models.CheckConstraint(
                condition=~Q(service=Service.REFERRAL) | (~Q(referral_hospital="") & ~Q(referral_reason="")),
                name="encounter_referral_has_hospital_and_reason",
                violation_error_message=_("A referral needs the receiving hospital and the reason."),
            ),
            models.CheckConstraint(
                condition=~Q(service=Service.HEALTH_CHECK)
                | (~Q(health_check_purpose="") & Q(health_grade__isnull=False) & Q(is_fit__isnull=False)),
                name="encounter_health_check_complete",
                violation_error_message=_(
                    "A health check needs its purpose, the health grade and whether the person is fit."
                ),
            ),
            models.CheckConstraint(
                condition=Q(health_grade__isnull=True) | Q(health_grade__gte=MIN_GRADE, health_grade__lte=MAX_GRADE),
                name="encounter_health_grade_range",
                violation_error_message=_("The health grade is from 1 to 6."),
            ),
        ]
        indexes = [
            models.Index(fields=["clinic", "date"]),
            models.Index(fields=["patient_unit", "date"]),
            models.Index(fields=["date", "service"]),
            # The list's default order, the service column's order, and one service in date order.
            models.Index(fields=["date", "id"], name="encounter_date_order"),
            models.Index(fields=["service", "id"], name="encounter_service_order"),
            models.Index(fields=["service", "date", "id"], name="encounter_service_date"),
        ]
        triggers = [
            not_in_future("date", "encounter_date_not_future"),
            *summary_trigger(
                name="encounter_summary",
                table="medical_encounter",
                summary_table="medical_encountersummary",
                keys={
                    "clinic_id": "r.clinic_id",
                    "counted_unit_id": "COALESCE(r.patient_unit_id, r.clinic_id)",
                    "service": "r.service",
                    "month": "date_trunc('month', r.date)::date",
                },
                values={"count": "1"},
            ),
        ]

    def __str__(self) -> str:
        return _("Encounter no. %(number)s") % {"number": self.pk}


class EncounterSummary(models.Model):
    """Encounters counted per clinic × counted unit (the patient's unit, else the clinic) × service ×
    month: kept by the encounters' triggers in the transaction of each visit recorded, corrected or
    deleted, rebuilt and checked by ``check_summaries``. Counts only; derived, so not in the history."""

    #: The clinic scopes the encounters; the counted unit scopes the caseload counts.
    scope_units = ("clinic",)

    clinic = models.ForeignKey("logistics.Unit", verbose_name=_("clinic"), on_delete=models.PROTECT, related_name="+")
    counted_unit = models.ForeignKey(
        "logistics.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    month = models.DateField(_("month"))
    count = models.BigIntegerField(_("encounters"), default=0)

    class Meta:
        verbose_name = _("encounter summary")
        verbose_name_plural = _("encounter summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "counted_unit", "service", "month"], name="encounter_summary_one_row_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clinic_id}/{self.counted_unit_id}/{self.service}/{self.month}"


@tracked()
class MedicineDispensed(DomainModel):
    """A medicine handed out at an encounter (thuốc cấp)."""

    scope_units = ("encounter__clinic",)
    #: A medicine is read as part of its encounter: the access log names the encounter.
    read_subject = "encounter"

    encounter = models.ForeignKey(
        Encounter, verbose_name=_("encounter"), on_delete=models.CASCADE, related_name="medicines"
    )
    name = models.CharField(_("medicine"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_of_measure = models.CharField(_("unit of measure"), max_length=30, blank=True)
    instructions = models.CharField(_("instructions"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("medicine dispensed")
        verbose_name_plural = _("medicines dispensed")
        ordering = ["encounter", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="medicine_name_not_blank",
                violation_error_message=_("Enter the name of the medicine."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="medicine_quantity_positive",
                violation_error_message=_("The quantity must be greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"

    def get_absolute_url(self) -> str:
        return self.encounter.get_absolute_url()


@tracked()
class Exposure(DomainModel):
    """A person on an epidemic list (COVID-19): F0, F1 or F2, with isolation and tests."""

    scope_units = ("clinic",)
    #: Follows the patient: the system sets it from the patient's unit each time the record is saved.
    history_system_fields = ("patient_unit",)

    clinic = models.ForeignKey("logistics.Unit", verbose_name=_("clinic"), on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, verbose_name=_("person"), on_delete=models.PROTECT, related_name="exposures")
    patient_unit = models.ForeignKey(
        "logistics.Unit",
        verbose_name=_("unit at the time"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    classification = models.CharField(_("classification"), max_length=2, choices=Classification.choices)
    source_case = models.ForeignKey(
        "self",
        verbose_name=_("source case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        help_text=_("The F0 (for an F1) or the F1 (for an F2) on the list this person was in contact with."),
    )
    source_note = models.CharField(
        _("source (outside the list)"),
        max_length=200,
        blank=True,
        help_text=_("Where the source case is not on the list, e.g. a case announced by the health authorities."),
    )
    date_identified = models.DateField(_("date identified"))
    isolation_place = models.CharField(_("isolation place"), max_length=20, choices=IsolationPlace.choices, blank=True)
    isolation_address = models.CharField(_("isolation address"), max_length=300, blank=True)
    isolation_start = models.DateField(_("isolation start"), null=True, blank=True)
    isolation_end = models.DateField(_("isolation end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ExposureStatus.choices, default=ExposureStatus.MONITORING
    )
    notes = models.TextField(_("notes"), blank=True)
    search_text = search_field("source_note", "isolation_address")

    class Meta:
        verbose_name = _("epidemic list entry")
        verbose_name_plural = _("epidemic lists")
        ordering = ["-date_identified", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_identified__gte=EARLIEST_DATE),
                name="exposure_date_not_too_old",
                violation_error_message=_("The date cannot be before 01/01/1990."),
            ),
            models.CheckConstraint(
                condition=Q(isolation_end__isnull=True)
                | (Q(isolation_start__isnull=False) & Q(isolation_end__gte=F("isolation_start"))),
                name="exposure_isolation_end_not_before_start",
                violation_error_message=_("Isolation cannot end before it starts, and its end needs a start."),
            ),
            models.CheckConstraint(
                condition=~Q(source_case=F("pk")),
                name="exposure_not_its_own_source",
                violation_error_message=_("A case cannot be its own source."),
            ),
        ]
        indexes = [
            models.Index(fields=["isolation_start", "isolation_end"]),
            models.Index(fields=["patient_unit", "date_identified"]),
        ]
        triggers = [
            not_in_future("date_identified", "exposure_date_not_future"),
            not_in_future("isolation_start", "exposure_isolation_start_not_future"),
        ]

    def __str__(self) -> str:
        return _("%(classification)s no. %(number)s") % {"classification": self.classification, "number": self.pk}

    def lookup_label(self) -> str:
        return f"{self.classification} · {self.patient.full_name} · {day_text(self.date_identified)}"

    @classmethod
    def lookup_filter(cls, queryset, query: str, params) -> models.QuerySet:
        """The source case of a contact, looked up as you type: the F0 and F1 people on the lists,
        found by name, number, source or isolation address, the most recently identified first; ``?exclude=`` leaves out the
        entry being edited (nobody is their own source)."""
        queryset = queryset.filter(classification__in=[Classification.F0, Classification.F1])
        excluded = params.get("exclude", "")
        if excluded.isdigit():
            queryset = queryset.exclude(pk=int(excluded))
        for term in search_terms(query):
            pattern = word_prefix_pattern(term)
            condition = Q(patient__search_text__regex=pattern) | Q(search_text__regex=pattern)
            if term.isdigit():
                condition |= Q(pk=int(term))
            queryset = queryset.filter(condition)
        return queryset.select_related("patient").order_by("-date_identified", "-id")

    def in_isolation_on(self, day: datetime.date) -> bool:
        if self.isolation_start is None or self.isolation_start > day:
            return False
        return self.isolation_end is None or day <= self.isolation_end


@tracked()
class ExposureTest(DomainModel):
    """A test of a person on an epidemic list and its result."""

    scope_units = ("exposure__clinic",)
    #: A test is read as part of its list entry: the access log names the entry.
    read_subject = "exposure"

    exposure = models.ForeignKey(
        Exposure, verbose_name=_("epidemic list entry"), on_delete=models.CASCADE, related_name="tests"
    )
    date = models.DateField(_("test date"))
    method = models.CharField(_("method"), max_length=10, choices=TestMethod.choices)
    result = models.CharField(_("result"), max_length=10, choices=TestResult.choices, default=TestResult.PENDING)

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        ordering = ["exposure", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE),
                name="exposure_test_date_not_too_old",
                violation_error_message=_("The date cannot be before 01/01/1990."),
            ),
        ]
        triggers = [not_in_future("date", "exposure_test_date_not_future")]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {day_text(self.date)}: {self.get_result_display()}"

    def get_absolute_url(self) -> str:
        return self.exposure.get_absolute_url()


class AccessLog(models.Model):
    """Every read of identifiable health records: who, through which door, which records, when
    (append-only). A page showing several records (a list page, an export chunk, search results)
    is one row naming them all in ``record_ids``; a record's own page also fills ``record_id``.

    It names records by their type and number only, never by the patient's name, so that the
    auditors who read it learn nothing about anyone's health.
    """

    scope_units = ("user__unit",)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.BigIntegerField(_("record number"), null=True, blank=True)
    record_ids = ArrayField(models.BigIntegerField(), verbose_name=_("record numbers shown"), default=list, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("health record access")
        verbose_name_plural = _("health record access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["record_type", "record_id"]),
            # "Who has read record 17?" searches the numbers of every page read.
            GinIndex(fields=["record_ids"], name="medical_access_record_ids"),
        ]
        triggers = [
            pgtrigger.Protect(name="medical_access_log_keep", operation=pgtrigger.Delete | pgtrigger.Update),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} #{self.record_id or '—'}"

    def get_absolute_url(self) -> str:
        return reverse("medical:accesslog_list")
