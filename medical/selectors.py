"""Reads of the clinic: the caseload and epidemic figures (counts only, never a name).

Clinic staff and administrators count the encounters they may open (their clinic's). Everyone
else who holds ``medical.caseload_encounter`` (commanders, auditors, inspectors) counts the
encounters of patients of the units they reach; a citizen, who belongs to no unit, counts under
the clinic that saw them. Either way the result is a :class:`logistics.reports.Report` of counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics.formatting import day_text
from logistics.models import Personnel, Unit, UnitKind
from logistics.reports import Column, Report, Section, percent
from logistics.scope import UNRESTRICTED, restrict, scoped_unit_ids
from logistics.selectors import rollup_unit_ids
from logistics.summaries import restrict_like, split_period
from medical.choices import Classification, PatientKind, Service
from medical.models import Encounter, EncounterSummary, Exposure, Patient

CASELOAD_PERMISSION = "medical.caseload_encounter"

#: Short column headings for the month-by-month table, in the order of :class:`Service`.
SHORT_LABELS = {
    Service.EXAMINATION: gettext_lazy("Examination"),
    Service.TREATMENT: gettext_lazy("Treatment"),
    Service.LAB_TEST: gettext_lazy("Lab test"),
    Service.ECG: gettext_lazy("ECG"),
    Service.ULTRASOUND: gettext_lazy("Ultrasound"),
    Service.REFERRAL: gettext_lazy("Referral"),
    Service.PHYSIOTHERAPY: gettext_lazy("Physiotherapy"),
    Service.ENT_ENDOSCOPY: gettext_lazy("ENT endoscopy"),
    Service.HEALTH_CHECK: gettext_lazy("Health check"),
}


def may_see_counts(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.has_perm(CASELOAD_PERMISSION) or user.has_perm("medical.view_encounter"))
    )


def _within_counts(queryset: QuerySet, model, user, *, unit: Unit | None, restricted) -> QuerySet:
    """``queryset`` (with a ``counted_unit``) narrowed to what ``user`` may count: readers of ``model``
    by its scope (``restricted``), others who may see counts by the units they reach."""
    if not may_see_counts(user):
        raise PermissionDenied
    if user.has_perm(f"medical.view_{model._meta.model_name}"):
        queryset = restricted(queryset)
    else:
        reached = scoped_unit_ids(user)
        if reached is not UNRESTRICTED:
            queryset = queryset.filter(counted_unit__in=reached)
    if unit is not None:
        queryset = queryset.filter(counted_unit__in=rollup_unit_ids(unit))
    return queryset


def _counted(queryset: QuerySet, model, user, *, unit: Unit | None) -> QuerySet:
    """``queryset`` narrowed to what ``user`` may count, with ``counted_unit`` annotated."""
    queryset = queryset.annotate(counted_unit=Coalesce(F("patient_unit"), F("clinic")))
    return _within_counts(queryset, model, user, unit=unit, restricted=lambda records: restrict(records, user, "view"))


def counted_encounters(user, *, unit: Unit | None = None) -> QuerySet:
    return _counted(Encounter.objects.all(), Encounter, user, unit=unit)


def counted_exposures(user, *, unit: Unit | None = None) -> QuerySet:
    return _counted(Exposure.objects.all(), Exposure, user, unit=unit)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


def _period_text(date_from: datetime.date, date_to: datetime.date, unit: Unit | None) -> str:
    where = _("%(unit)s and the units under it") % {"unit": unit} if unit is not None else _("all units in your scope")
    return _("From %(start)s to %(end)s · %(where)s") % {
        "start": day_text(date_from),
        "end": day_text(date_to),
        "where": where,
    }


@dataclass
class CaseloadFigures:
    months: list[datetime.date]
    by_month: dict[datetime.date, dict[str, int]]
    by_service: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_service.values())


def caseload_summary_rows():
    """The encounter summary's rows as the encounters give them (``check_summaries``)."""
    return (
        Encounter.objects.annotate(counted_unit_id=Coalesce(F("patient_unit"), F("clinic")), month=TruncMonth("date"))
        .values("clinic_id", "counted_unit_id", "service", "month")
        .annotate(count=Count("id"))
        .order_by()
    )


def counted_summary(user, *, unit: Unit | None = None) -> QuerySet:
    """The encounter summary narrowed as :func:`counted_encounters` narrows the encounters."""
    return _within_counts(
        EncounterSummary.objects.all(),
        Encounter,
        user,
        unit=unit,
        restricted=lambda rows: restrict_like(rows, user, Encounter),
    )


def caseload_figures(user, *, date_from: datetime.date, date_to: datetime.date, unit: Unit | None = None):
    """Encounters counted by month and service: the whole months from the encounter summary, the
    partial first and last months from the encounters by date (two queries whatever the period)."""
    split = split_period(date_from, date_to)
    rows = []
    if split.first_month is not None:
        rows += (
            counted_summary(user, unit=unit)
            .filter(split.months_q())
            .values("month", "service")
            .annotate(count=Sum("count"))
            .order_by()
        )
    if split.edges:
        rows += (
            counted_encounters(user, unit=unit)
            .filter(split.edges_q())
            .annotate(month=TruncMonth("date"))
            .values("month", "service")
            .annotate(count=Count("id"))
            .order_by()
        )
    months = months_between(date_from, date_to)
    by_month = {month: dict.fromkeys(Service.values, 0) for month in months}
    by_service = dict.fromkeys(Service.values, 0)
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        by_month.setdefault(month, dict.fromkeys(Service.values, 0))[row["service"]] += row["count"]
        by_service[row["service"]] += row["count"]
    return CaseloadFigures(months=months, by_month=by_month, by_service=by_service)


def caseload_report(
    user, *, date_from: datetime.date, date_to: datetime.date, unit: Unit | None = None
) -> tuple[Report, CaseloadFigures]:
    figures = caseload_figures(user, date_from=date_from, date_to=date_to, unit=unit)
    # Figures link to the encounters behind them only for those who may open encounters.
    links = user.has_perm("medical.view_encounter")
    list_url = reverse("medical:encounter_list")

    def link(**params) -> str:
        base = {"date_from": day_text(date_from), "date_to": day_text(date_to)}
        if unit is not None:
            base["unit"] = unit.pk
        return f"{list_url}?{urlencode({**base, **params})}"

    service_rows = []
    for value, label in Service.choices:
        count = figures.by_service[value]
        row = {"service": str(label), "count": count, "share": percent(count, figures.total)}
        if links:
            row["_links"] = {"count": link(service=value)}
        service_rows.append(row)
    by_service = Section(
        title=_("Encounters by service"),
        columns=[
            Column("service", _("Service")),
            Column("count", _("Encounters"), "int"),
            Column("share", _("Share"), "percent"),
        ],
        rows=service_rows,
        totals={"service": _("Total"), "count": figures.total, "share": 100.0 if figures.total else None},
        note=_("Counts only: no names and no diagnoses. A citizen counts under the clinic that saw them."),
    )
    month_columns = [Column("month", _("Month"))]
    month_columns += [Column(value, str(SHORT_LABELS[value]), "int") for value in Service.values]
    month_columns.append(Column("total", _("Total"), "int"))
    month_rows = []
    for month in figures.months:
        counts = figures.by_month.get(month, {})
        row = {"month": month.strftime("%m/%Y"), **counts, "total": sum(counts.values())}
        month_rows.append(row)
    by_month = Section(
        title=_("Month by month"),
        columns=month_columns,
        rows=month_rows,
        totals={"month": _("Total"), **figures.by_service, "total": figures.total},
    )
    report = Report(
        slug="medical.caseload",
        title=_("Clinic caseload"),
        subtitle=_period_text(date_from, date_to, unit),
        issuer=_("Police clinic"),
        parameters={
            "date_from": date_from.isoformat(),
            "date_to": date_to.isoformat(),
            "unit": unit.code if unit is not None else "",
        },
        sections=[by_service, by_month],
    )
    return report, figures


def in_isolation_on(queryset: QuerySet, day: datetime.date) -> QuerySet:
    """Entries whose isolation covers ``day`` (started on or before it, not ended before it)."""
    return queryset.filter(Q(isolation_start__lte=day) & (Q(isolation_end__isnull=True) | Q(isolation_end__gte=day)))


def epidemic_report(
    user, *, day: datetime.date, date_from: datetime.date, date_to: datetime.date, unit: Unit | None = None
) -> Report:
    """The number in isolation on ``day`` by unit, and people identified month by month."""
    entries = counted_exposures(user, unit=unit)
    classes = [value for value, _label in Classification.choices]
    isolated = (
        in_isolation_on(entries, day).values("counted_unit", "classification").annotate(count=Count("id")).order_by()
    )
    per_unit: dict[int, dict[str, int]] = {}
    for row in isolated:
        per_unit.setdefault(row["counted_unit"], dict.fromkeys(classes, 0))[row["classification"]] += row["count"]
    names = dict(Unit.objects.filter(pk__in=per_unit).values_list("pk", "name"))
    paths = dict(Unit.objects.filter(pk__in=per_unit).values_list("pk", "path"))
    unit_rows = [
        {"unit": names.get(pk, "—"), **counts, "total": sum(counts.values())}
        for pk, counts in sorted(per_unit.items(), key=lambda item: paths.get(item[0], ""))
    ]
    totals = {value: sum(row[value] for row in unit_rows) for value in classes}
    class_columns = [Column(value, value, "int") for value in classes]
    isolation = Section(
        title=_("In isolation on %(day)s") % {"day": day_text(day)},
        columns=[Column("unit", _("Unit")), *class_columns, Column("total", _("Total"), "int")],
        rows=unit_rows,
        totals={"unit": _("Total"), **totals, "total": sum(totals.values())},
        note=_("Counts only: no names."),
    )
    identified = (
        entries.filter(date_identified__gte=date_from, date_identified__lte=date_to)
        .annotate(month=TruncMonth("date_identified"))
        .values("month", "classification")
        .annotate(count=Count("id"))
        .order_by()
    )
    by_month = {month: dict.fromkeys(classes, 0) for month in months_between(date_from, date_to)}
    for row in identified:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        by_month.setdefault(month, dict.fromkeys(classes, 0))[row["classification"]] += row["count"]
    month_rows = [
        {"month": month.strftime("%m/%Y"), **counts, "total": sum(counts.values())}
        for month, counts in sorted(by_month.items())
    ]
    month_totals = {value: sum(row[value] for row in month_rows) for value in classes}
    identified_section = Section(
        title=_("Identified month by month"),
        columns=[Column("month", _("Month")), *class_columns, Column("total", _("Total"), "int")],
        rows=month_rows,
        totals={"month": _("Total"), **month_totals, "total": sum(month_totals.values())},
    )
    return Report(
        slug="medical.epidemic",
        title=_("Epidemic lists in figures"),
        subtitle=_period_text(date_from, date_to, unit),
        issuer=_("Police clinic"),
        parameters={
            "day": day.isoformat(),
            "date_from": date_from.isoformat(),
            "date_to": date_to.isoformat(),
            "unit": unit.code if unit is not None else "",
        },
        sections=[isolation, identified_section],
    )


def default_clinician_id(user) -> int | None:
    """The clinician a user entered last, so that a busy day needs no re-typing; else the
    personnel record of the user's unit bearing the user's name."""
    last = (
        Encounter.objects.filter(recorded_by=user, clinician__isnull=False)
        .order_by("-id")
        .values_list("clinician_id", flat=True)
        .first()
    )
    if last is not None:
        return last

    if user.unit_id and user.full_name:
        return (
            Personnel.objects.filter(unit_id=user.unit_id, full_name=user.full_name, is_active=True)
            .values_list("pk", flat=True)
            .first()
        )
    return None


def default_clinic_id(user) -> int | None:
    clinics = restrict(Unit.objects.filter(kind=UnitKind.CLINIC, valid_to__isnull=True), user, "view")
    if user.unit_id and clinics.filter(pk=user.unit_id).exists():
        return user.unit_id
    return clinics.values_list("pk", flat=True).first()


def officer_of(patient: Patient) -> int | None:
    """The personnel record whose unit a patient belongs to: the officer's own, or that of the
    officer a relative is related to; none for a citizen."""
    if patient.kind == PatientKind.OFFICER:
        return patient.personnel_id
    if patient.kind == PatientKind.RELATIVE:
        return patient.relative_of_id
    return None


def units_of(patients: Iterable[Patient]) -> dict[int, int | None]:
    """The unit each of ``patients`` belongs to today, in one query: the current unit of each
    personnel record :func:`officer_of` names, by that record's id."""
    officer_ids = {officer_of(patient) for patient in patients} - {None}
    return dict(Personnel.objects.filter(pk__in=officer_ids).values_list("pk", "unit_id")) if officer_ids else {}


def unit_of(patient: Patient) -> int | None:
    """The unit a patient belongs to today (see :func:`units_of`)."""
    return units_of([patient]).get(officer_of(patient))
