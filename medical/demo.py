"""Demo data of the clinic, reproducing the source document: the 2020 caseload exactly
(1.655 examinations with medicine, 244 treatments, 1.505 lab tests, 66 ECGs, 42 ultrasounds,
175 referrals, 245 physiotherapy sessions, 309 ENT endoscopies, 280 health checks) as individual
encounters, other years from 2015 to today in a realistic pattern, and the 2020–2021 COVID-19
contact and isolation lists of officers and relatives.

Idempotent: nothing is added when the clinic already has encounters (or exposures). Every record
goes through the clinic's services; the tens of thousands of visits through
:func:`medical.services.encounters_record`, which checks each row under the rules of a single
visit and writes them in batches, and each wave of the epidemic lists through
:func:`medical.services.exposures_record` alike. The tables the records are drawn from are in
:mod:`medical.demo_data`.
"""

from __future__ import annotations

import calendar
import datetime
import random

from django.db import connection
from django.utils import timezone

from logistics.models import Personnel, Unit, UnitKind, User
from medical import services
from medical.choices import (
    CareSetting,
    Classification,
    ExposureStatus,
    Outcome,
    PatientKind,
    Service,
    Sex,
    TestMethod,
    TestResult,
)
from medical.demo_data import (
    CANDIDATE_AGES,
    CANDIDATE_MALE_SHARE,
    CASE_ELSEWHERE_CHANCE,
    CASELOAD_2020,
    CITIZEN_BIRTH_YEARS,
    CITIZENS,
    CITIZENS_INSURED,
    CLINIC_CODE,
    DIAGNOSES,
    EXAMINATION_STABLE_SHARE,
    F0_FOUND_BY,
    F0_ISOLATION,
    F1_HOME_ISOLATION,
    F1_HOME_ISOLATION_FROM,
    F1_ISOLATION,
    F1_PER_F0,
    F2_ISOLATION,
    F2_PER_F1,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    FIRST_WAVE_CONTACTS,
    FIRST_WAVE_SOURCE,
    FIRST_YEAR,
    FITNESS_STANDARDS,
    HEALTH_CHECK_FIT,
    HEALTH_CHECK_MONTHS,
    HEALTH_CHECK_PURPOSES,
    HEALTH_CHECK_UNFIT,
    HEALTH_GRADES,
    HOSPITALS,
    INPATIENT_SHARE,
    LAB_TEST_BOOST,
    MALE_GIVEN,
    MALE_MIDDLE,
    MEDICINES,
    MEDICINES_PER_EXAMINATION,
    MONTH_WEIGHTS,
    OFFICER_BIRTH_YEAR_UNKNOWN,
    PLACES,
    REFERRAL_REASONS,
    RELATIONSHIPS,
    RELATIVE_AGE_GAP_OTHERWISE,
    RELATIVE_AGE_GAPS,
    RELATIVE_BORN_BY,
    RELATIVES_PER_OFFICER,
    SURNAMES,
    TREATMENT_IMPROVED_SHARE,
    VISITS_BY_GROUP,
    WAVES,
    WEEKEND_VISIT_CHANCE,
    YEAR_FACTORS,
    YEAR_NOISE,
)
from medical.models import Encounter, Exposure, FitnessStandard, Patient

__all__ = ["CASELOAD_2020", "load"]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _name(rng: random.Random, sex: str) -> str:
    if sex == Sex.FEMALE:
        return f"{rng.choice(SURNAMES)} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"


def _insurance(rng: random.Random, prefix: str) -> str:
    return f"{prefix}4{rng.randint(30, 31)}{rng.randrange(10**10):010d}"


def _day_in_month(rng: random.Random, year: int, month: int, last: datetime.date) -> datetime.date:
    days = calendar.monthrange(year, month)[1]
    for _attempt in range(6):
        day = datetime.date(year, month, rng.randint(1, days))
        if day.weekday() < 5 or rng.random() < WEEKEND_VISIT_CHANCE:
            break
    return min(day, last)


def _spread(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """``total`` split over the months by ``weights``, summing exactly to ``total``."""
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(share) for share in shares]
    remainders = sorted(range(len(shares)), key=lambda i: shares[i] - counts[i], reverse=True)
    for index in remainders[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _relatives(rng: random.Random, officer: Personnel) -> list[dict]:
    people = []
    for _relative in range(rng.choice(RELATIVES_PER_OFFICER)):
        relationship, relative_sex = rng.choice(RELATIONSHIPS)
        relative_sex = relative_sex or rng.choice([Sex.MALE, Sex.FEMALE])
        born = officer.date_of_birth.year if officer.date_of_birth else OFFICER_BIRTH_YEAR_UNKNOWN
        gaps = {name: sign * rng.randint(low, high) for name, (low, high, sign) in RELATIVE_AGE_GAPS.items()}
        people.append(
            {
                "kind": PatientKind.RELATIVE,
                "relative_of": officer,
                "relationship": relationship,
                "full_name": _name(rng, relative_sex),
                "birth_year": min(
                    born + gaps.get(relationship, rng.randint(*RELATIVE_AGE_GAP_OTHERWISE)), RELATIVE_BORN_BY
                ),
                "sex": relative_sex,
                "insurance_number": _insurance(rng, "TN"),
                "address": rng.choice(PLACES),
            }
        )
    return people


def load_patients(rng: random.Random, clinic: Unit) -> dict[str, list[Patient]]:
    if not Patient.objects.filter(clinic=clinic).exists():
        people = []
        for officer in Personnel.objects.exclude(unit__code="HP").order_by("service_number"):
            people.append(
                {
                    "kind": PatientKind.OFFICER,
                    "personnel": officer,
                    "date_of_birth": officer.date_of_birth,
                    "birth_year": officer.date_of_birth.year if officer.date_of_birth else OFFICER_BIRTH_YEAR_UNKNOWN,
                    "sex": Sex.FEMALE if " Thị " in f" {officer.full_name} " else Sex.MALE,
                    "insurance_number": _insurance(rng, "CA"),
                }
            )
            people.extend(_relatives(rng, officer))
        for _citizen in range(CITIZENS):
            sex = rng.choice([Sex.MALE, Sex.FEMALE])
            people.append(
                {
                    "kind": PatientKind.CITIZEN,
                    "full_name": _name(rng, sex),
                    "birth_year": rng.randint(*CITIZEN_BIRTH_YEARS),
                    "sex": sex,
                    "insurance_number": _insurance(rng, "GD") if rng.random() < CITIZENS_INSURED else "",
                    "address": rng.choice(PLACES),
                }
            )
        services.patients_register(actor=None, clinic=clinic, people=people)
    groups: dict[str, list[Patient]] = {kind: [] for kind in PatientKind.values}
    for patient in Patient.objects.filter(clinic=clinic).order_by("pk"):
        groups[patient.kind].append(patient)
    return groups


def _candidates(rng: random.Random, clinic: Unit, year: int, count: int) -> list[Patient]:
    """Young citizens checked for recruitment or service: new people every campaign."""
    people = []
    for _candidate in range(count):
        sex = Sex.MALE if rng.random() < CANDIDATE_MALE_SHARE else Sex.FEMALE
        people.append(
            {
                "kind": PatientKind.CITIZEN,
                "full_name": _name(rng, sex),
                "birth_year": year - rng.randint(*CANDIDATE_AGES),
                "sex": sex,
                "address": rng.choice(PLACES),
            }
        )
    return services.patients_register(actor=None, clinic=clinic, people=people)


def _yearly_counts(rng: random.Random, year: int, today: datetime.date) -> dict[str, int]:
    if year == 2020:
        return dict(CASELOAD_2020)
    factor = YEAR_FACTORS[year]
    counts = {}
    for service, base in CASELOAD_2020.items():
        value = base * factor * rng.uniform(*YEAR_NOISE)
        if service == Service.LAB_TEST:
            value *= LAB_TEST_BOOST.get(year, 1)
        counts[service] = round(value)
    if year == today.year:
        elapsed = (today - datetime.date(year, 1, 1)).days + 1
        counts = {service: round(value * elapsed / 365) for service, value in counts.items()}
    return counts


def _visit(rng, service, day, patient, clinician_ids) -> dict:
    visit = {
        "patient": patient,
        "date": day,
        "service": service,
        "clinician_id": rng.choice(clinician_ids) if clinician_ids else None,
    }
    if service == Service.HEALTH_CHECK:
        grade = _weighted(rng, HEALTH_GRADES)
        purpose = _weighted(rng, HEALTH_CHECK_PURPOSES)
        # Fitness follows from the standard (the service sets it); the demo only words the result.
        fit = grade <= next(worst for standard_purpose, worst, *_ in FITNESS_STANDARDS if standard_purpose == purpose)
        visit.update(
            health_check_purpose=purpose,
            health_grade=grade,
            diagnosis=HEALTH_CHECK_FIT if fit else HEALTH_CHECK_UNFIT,
            outcome=Outcome.OTHER,
        )
        return visit
    visit["diagnosis"], visit["icd10_code"] = rng.choice(DIAGNOSES[service])
    if service == Service.TREATMENT:
        visit["care_setting"] = CareSetting.INPATIENT if rng.random() < INPATIENT_SHARE else CareSetting.OUTPATIENT
        visit["outcome"] = Outcome.IMPROVED if rng.random() < TREATMENT_IMPROVED_SHARE else Outcome.CONTINUING
    elif service == Service.REFERRAL:
        visit["referral_hospital"] = rng.choice(HOSPITALS)
        visit["referral_reason"] = rng.choice(REFERRAL_REASONS)
        visit["outcome"] = Outcome.REFERRED
    elif service == Service.EXAMINATION:
        visit["outcome"] = Outcome.STABLE if rng.random() < EXAMINATION_STABLE_SHARE else Outcome.IMPROVED
    return visit


def _medicines(rng: random.Random) -> list[dict]:
    return [
        {"name": name, "quantity": rng.randint(low, high), "unit_of_measure": unit, "instructions": instructions}
        for name, unit, (low, high), instructions in rng.sample(MEDICINES, rng.choice(MEDICINES_PER_EXAMINATION))
    ]


def load_fitness_standards() -> None:
    for purpose, worst, valid_from, valid_to, basis in FITNESS_STANDARDS:
        if not FitnessStandard.objects.filter(purpose=purpose, valid_from=valid_from).exists():
            services.fitness_standard_create(
                actor=None,
                purpose=purpose,
                fit_up_to_grade=worst,
                valid_from=valid_from,
                valid_to=valid_to,
                basis=basis,
            )


def load_encounters(rng: random.Random, clinic: Unit, groups: dict[str, list[Patient]]) -> None:
    if Encounter.objects.filter(clinic=clinic).exists():
        return
    today = timezone.localdate()
    clinician_ids = list(
        Personnel.objects.filter(unit=clinic, is_active=True)
        .exclude(position="Điều dưỡng")
        .values_list("pk", flat=True)
    )
    pools = [(groups[group], weight) for group, weight in VISITS_BY_GROUP if groups[group]]
    visits = []
    for year in range(FIRST_YEAR, today.year + 1):
        counts = _yearly_counts(rng, year, today)
        last_day = min(datetime.date(year, 12, 31), today)
        candidates = _candidates(rng, clinic, year, counts[Service.HEALTH_CHECK])
        for service, total in counts.items():
            weights = HEALTH_CHECK_MONTHS if service == Service.HEALTH_CHECK else MONTH_WEIGHTS
            per_month = _spread(rng, total, weights[: last_day.month])
            for month, count in enumerate(per_month, start=1):
                for _visit_number in range(count):
                    day = _day_in_month(rng, year, month, last_day)
                    if service == Service.HEALTH_CHECK:
                        patient = candidates.pop()
                    else:
                        patient = rng.choice(_weighted(rng, pools))
                    visits.append(_visit(rng, service, day, patient, clinician_ids))
    visits.sort(key=lambda visit: visit["date"])
    for visit in visits:
        if visit["service"] == Service.EXAMINATION:
            visit["medicines"] = _medicines(rng)
    # The visits were recorded by the clinic's demo account.
    recorder = User.objects.filter(username="clinic").first()
    services.encounters_record(actor=recorder, clinic=clinic, visits=visits)


def _isolation(rng, classification: str, identified: datetime.date):
    if classification == Classification.F0:
        place, address, (fewest, most) = F0_ISOLATION
        return place, address, rng.randint(fewest, most)
    if classification == Classification.F1:
        return F1_HOME_ISOLATION if identified >= F1_HOME_ISOLATION_FROM else F1_ISOLATION
    return F2_ISOLATION


def _exposure(rng, patient, classification, identified, source=None, note="") -> dict:
    place, address, days = _isolation(rng, classification, identified)
    return {
        "patient": patient,
        "classification": classification,
        "source_case": source,
        "source_note": note,
        "date_identified": identified,
        "isolation_place": place,
        "isolation_address": address,
        "isolation_start": identified,
        "isolation_end": identified + datetime.timedelta(days=days - 1),
        "status": ExposureStatus.RELEASED,
    }


def _tests(entry: dict) -> list[dict]:
    identified, released = entry["date_identified"], entry["isolation_end"]
    negative = {"method": TestMethod.PCR, "result": TestResult.NEGATIVE}
    if entry["classification"] == Classification.F0:
        return [
            {"date": identified, "method": TestMethod.PCR, "result": TestResult.POSITIVE},
            {"date": released - datetime.timedelta(days=2), **negative},
            {"date": released, **negative},
        ]
    if entry["classification"] == Classification.F1:
        days = (identified + datetime.timedelta(days=offset) for offset in (0, 7, 14))
        return [{"date": day, **negative} for day in days if day <= released]
    return [{"date": identified, "method": TestMethod.RAPID, "result": TestResult.NEGATIVE}]


def _record_exposures(clinic: Unit, entries: list[dict]) -> list[Exposure]:
    if not entries:
        return []
    exposures = [{**entry, "tests": _tests(entry)} for entry in entries]
    return services.exposures_record(actor=None, clinic=clinic, exposures=exposures)


def load_exposures(rng: random.Random, clinic: Unit, groups: dict[str, list[Patient]]) -> None:
    if Exposure.objects.filter(clinic=clinic).exists():
        return
    people = groups[PatientKind.OFFICER] + groups[PatientKind.RELATIVE]
    if not people:
        return
    unit_paths = dict(Unit.objects.values_list("pk", "path"))
    codes = dict(Unit.objects.values_list("code", "path"))
    rng.shuffle(people)
    available = iter(people)

    def person_from(unit_code):
        prefix = codes.get(unit_code) if unit_code else None
        for candidate in available:
            if (
                prefix is None
                or unit_paths.get(candidate.unit_id, "").startswith(prefix)
                or rng.random() < CASE_ELSEWHERE_CHANCE
            ):
                return candidate
        return None

    zeros, ones = [], []
    for f0_count, first, last, unit_code in WAVES:
        span = (last - first).days
        if f0_count == 0:
            for _contact in range(FIRST_WAVE_CONTACTS):
                person = person_from(unit_code)
                if person is None:
                    break
                day = first + datetime.timedelta(days=rng.randint(0, span))
                ones.append(_exposure(rng, person, Classification.F1, day, note=FIRST_WAVE_SOURCE))
            continue
        for _case in range(f0_count):
            person = person_from(unit_code)
            if person is None:
                break
            day = first + datetime.timedelta(days=rng.randint(0, max(span - 14, 1)))
            zeros.append(_exposure(rng, person, Classification.F0, day, note=F0_FOUND_BY))
    recorded_zeros = _record_exposures(clinic, zeros)
    for zero in recorded_zeros:
        for _contact in range(rng.randint(*F1_PER_F0)):
            person = person_from(None)
            if person is None:
                break
            day = min(zero.date_identified + datetime.timedelta(days=rng.randint(0, 2)), timezone.localdate())
            ones.append(_exposure(rng, person, Classification.F1, day, source=zero))
    recorded_ones = _record_exposures(clinic, ones)
    twos = []
    for one in recorded_ones:
        for _contact in range(rng.randint(*F2_PER_F1)):
            person = person_from(None)
            if person is None:
                break
            day = one.date_identified + datetime.timedelta(days=rng.randint(0, 1))
            twos.append(_exposure(rng, person, Classification.F2, day, source=one))
    _record_exposures(clinic, twos)


def _define_trigger_settings() -> None:
    """Give ``pgtrigger.ignore`` an explicit empty value (ignore no trigger) for this transaction.

    Every history trigger first reads that setting inside a PL/pgSQL exception block; while it is
    undefined, each row aborts a subtransaction, and PostgreSQL walks every pending deferred
    foreign-key check on each abort: thousands of rows in one transaction then cost quadratic
    time. Defined, the same triggers run and record exactly as before, in linear time.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")


def load() -> None:
    clinic = Unit.objects.filter(code=CLINIC_CODE, kind=UnitKind.CLINIC).first()
    if clinic is None:
        return
    _define_trigger_settings()
    rng = random.Random(2020)
    load_fitness_standards()
    groups = load_patients(rng, clinic)
    load_encounters(rng, clinic, groups)
    load_exposures(rng, clinic, groups)
