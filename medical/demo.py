"""Demo data of the clinic, reproducing the source document: the 2020 caseload exactly
(1.655 examinations with medicine, 244 treatments, 1.505 lab tests, 66 ECGs, 42 ultrasounds,
175 referrals, 245 physiotherapy sessions, 309 ENT endoscopies, 280 health checks) as individual
encounters, other years from 2015 to today in a realistic pattern, and the 2020–2021 COVID-19
contact and isolation lists of officers and relatives.

Idempotent: nothing is added when the clinic already has encounters (or exposures). Fast: rows
are written with ``bulk_create`` (the history triggers still record each of them), after the
same rules the services apply.
"""

from __future__ import annotations

import calendar
import datetime
import io
import random

from django.db import connection
from django.utils import timezone

from logistics.models import Personnel, Unit, UnitKind, User
from medical.choices import (
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
from medical.models import Encounter, Exposure, ExposureTest, MedicineDispensed, Patient

CLINIC_CODE = "HD-BX"
FIRST_YEAR = 2015

#: The source document's 2020 figures, reproduced exactly.
CASELOAD_2020 = {
    Service.EXAMINATION: 1655,
    Service.TREATMENT: 244,
    Service.LAB_TEST: 1505,
    Service.ECG: 66,
    Service.ULTRASOUND: 42,
    Service.REFERRAL: 175,
    Service.PHYSIOTHERAPY: 245,
    Service.ENT_ENDOSCOPY: 309,
    Service.HEALTH_CHECK: 280,
}
#: Activity of each year against 2020: a growing clinic, a dip in 2021 (units locked down),
#: more lab tests in the COVID-19 years.
YEAR_FACTORS = {
    2015: 0.76,
    2016: 0.8,
    2017: 0.85,
    2018: 0.9,
    2019: 0.96,
    2021: 0.92,
    2022: 1.03,
    2023: 1.07,
    2024: 1.1,
    2025: 1.08,
    2026: 1.12,
}
LAB_TEST_BOOST = {2021: 1.3, 2022: 1.12}
#: Respiratory illness peaks in winter and spring; Tết (February) is quiet.
MONTH_WEIGHTS = [1.1, 0.78, 1.05, 1.0, 0.95, 0.92, 0.95, 0.95, 1.0, 1.05, 1.1, 1.15]
#: Recruitment and service health checks come in two campaigns a year.
HEALTH_CHECK_MONTHS = [0.3, 0.2, 2.2, 2.0, 0.6, 0.4, 0.5, 0.8, 2.0, 1.8, 0.6, 0.3]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Đinh", "Phan", "Mạc"]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Xuân", "Tiến", "Công"]
FEMALE_MIDDLE = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương"]
MALE_GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đông",
    "Hải",
    "Hùng",
    "Huy",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Sơn",
    "Tuấn",
]
FEMALE_GIVEN = ["Anh", "Hà", "Hương", "Lan", "Linh", "Mai", "Ngân", "Nhung", "Thảo", "Trang", "Yến", "Hoa", "Huyền"]
PLACES = [
    "phường Trần Phú, TP Hải Dương",
    "phường Thanh Bình, TP Hải Dương",
    "phường Sao Đỏ, TP Chí Linh",
    "xã An Bình, huyện Nam Sách",
    "thị trấn Thanh Hà, huyện Thanh Hà",
    "xã Đại Sơn, huyện Tứ Kỳ",
    "thị trấn Gia Lộc, huyện Gia Lộc",
    "thị trấn Kẻ Sặt, huyện Bình Giang",
    "xã Cẩm Điền, huyện Cẩm Giàng",
    "phường An Lưu, thị xã Kinh Môn",
]
RELATIONSHIPS = [("Vợ", Sex.FEMALE), ("Chồng", Sex.MALE), ("Con", None), ("Bố", Sex.MALE), ("Mẹ", Sex.FEMALE)]

DIAGNOSES = {
    Service.EXAMINATION: [
        ("Viêm họng cấp", "J02.9"),
        ("Viêm mũi họng cấp", "J00"),
        ("Viêm phế quản cấp", "J20.9"),
        ("Cúm", "J11.1"),
        ("Tăng huyết áp vô căn", "I10"),
        ("Viêm dạ dày", "K29.7"),
        ("Rối loạn tiêu hóa", "K59.9"),
        ("Đau thắt lưng", "M54.5"),
        ("Đái tháo đường typ 2", "E11.9"),
        ("Rối loạn lipid máu", "E78.5"),
        ("Viêm kết mạc", "H10.9"),
        ("Viêm da tiếp xúc", "L25.9"),
    ],
    Service.TREATMENT: [
        ("Viêm phổi", "J18.9"),
        ("Tăng huyết áp vô căn", "I10"),
        ("Viêm dạ dày tá tràng", "K29.9"),
        ("Sốt xuất huyết Dengue", "A91"),
        ("Nhiễm trùng đường tiết niệu", "N39.0"),
        ("Chấn thương phần mềm", "T14.0"),
    ],
    Service.LAB_TEST: [
        ("Xét nghiệm công thức máu, sinh hóa máu", ""),
        ("Xét nghiệm nước tiểu", ""),
        ("Xét nghiệm đường huyết", ""),
        ("Xét nghiệm mỡ máu", ""),
    ],
    Service.ECG: [("Điện tim: nhịp xoang đều", ""), ("Điện tim: dày thất trái", "I51.7"), ("Điện tim bình thường", "")],
    Service.ULTRASOUND: [
        ("Siêu âm ổ bụng: gan nhiễm mỡ độ I", "K76.0"),
        ("Siêu âm ổ bụng: sỏi thận", "N20.0"),
        ("Siêu âm tuyến giáp: nhân giáp", "E04.1"),
        ("Siêu âm ổ bụng bình thường", ""),
    ],
    Service.REFERRAL: [
        ("Nghi sỏi túi mật", "K80.2"),
        ("Thoát vị đĩa đệm cột sống thắt lưng", "M51.2"),
        ("Viêm ruột thừa cấp", "K35.8"),
        ("Bệnh tim thiếu máu cục bộ", "I25.9"),
        ("Gãy xương cẳng tay", "S52.9"),
    ],
    Service.PHYSIOTHERAPY: [
        ("Thoái hóa cột sống cổ", "M47.8"),
        ("Đau vai gáy", "M54.2"),
        ("Thoát vị đĩa đệm cột sống thắt lưng", "M51.2"),
        ("Phục hồi sau chấn thương gối", "S83.6"),
    ],
    Service.ENT_ENDOSCOPY: [
        ("Viêm mũi xoang mạn", "J32.9"),
        ("Viêm tai giữa", "H66.9"),
        ("Viêm amidan mạn", "J35.0"),
        ("Viêm thanh quản", "J37.0"),
    ],
}
MEDICINES = [
    ("Paracetamol 500mg", "viên", (10, 20), "Uống 1 viên khi sốt, cách nhau 4–6 giờ"),
    ("Amoxicillin 500mg", "viên", (14, 21), "Uống 2 lần/ngày sau ăn"),
    ("Vitamin C 500mg", "viên", (10, 20), "Uống 1 viên/ngày"),
    ("Omeprazol 20mg", "viên", (14, 28), "Uống trước ăn sáng 30 phút"),
    ("Amlodipin 5mg", "viên", (30, 30), "Uống 1 viên buổi sáng"),
    ("Metformin 500mg", "viên", (60, 60), "Uống 2 lần/ngày sau ăn"),
    ("Loratadin 10mg", "viên", (10, 10), "Uống 1 viên buổi tối"),
    ("Natri clorid 0,9%", "lọ", (2, 4), "Nhỏ mũi, súc họng"),
    ("Alpha chymotrypsin 4,2mg", "viên", (20, 20), "Ngậm dưới lưỡi 2 viên × 2 lần/ngày"),
    ("Smecta", "gói", (6, 10), "Uống 3 gói/ngày"),
    ("Berberin", "viên", (20, 30), "Uống 2 lần/ngày"),
    ("Salonpas", "miếng", (10, 10), "Dán chỗ đau"),
]
HOSPITALS = [
    "Bệnh viện Đa khoa tỉnh Hải Dương",
    "Bệnh viện 19-8, Bộ Công an",
    "Bệnh viện Đa khoa Trường Đại học Kỹ thuật Y tế Hải Dương",
    "Bệnh viện Bạch Mai",
    "Bệnh viện Phổi Hải Dương",
    "Bệnh viện Nhi Hải Dương",
]
REFERRAL_REASONS = [
    "Vượt quá khả năng chuyên môn của bệnh xá",
    "Cần chụp cắt lớp vi tính (CT) để chẩn đoán",
    "Cần can thiệp phẫu thuật",
    "Cần điều trị chuyên khoa sâu",
]
HEALTH_GRADES = [(1, 18), (2, 44), (3, 26), (4, 8), (5, 3), (6, 1)]
HEALTH_CHECK_PURPOSES = [
    (HealthCheckPurpose.RECRUITMENT, 45),
    (HealthCheckPurpose.PRE_SELECTION, 35),
    (HealthCheckPurpose.SERVICE, 20),
]


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
        if day.weekday() < 5 or rng.random() < 0.15:
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


def load_patients(rng: random.Random, clinic: Unit) -> dict[str, list[Patient]]:
    if not Patient.objects.filter(clinic=clinic).exists():
        officers = list(Personnel.objects.exclude(unit__code="HP").order_by("service_number"))
        patients = []
        for officer in officers:
            sex = Sex.FEMALE if " Thị " in f" {officer.full_name} " else Sex.MALE
            patients.append(
                Patient(
                    clinic=clinic,
                    kind=PatientKind.OFFICER,
                    personnel=officer,
                    full_name=officer.full_name,
                    date_of_birth=officer.date_of_birth,
                    birth_year=officer.date_of_birth.year if officer.date_of_birth else 1985,
                    sex=sex,
                    unit_id=officer.unit_id,
                    insurance_number=_insurance(rng, "CA"),
                )
            )
            for _relative in range(rng.choice([0, 1, 1, 2])):
                relationship, relative_sex = rng.choice(RELATIONSHIPS)
                relative_sex = relative_sex or rng.choice([Sex.MALE, Sex.FEMALE])
                born = officer.date_of_birth.year if officer.date_of_birth else 1985
                offset = {"Con": rng.randint(22, 32), "Bố": -rng.randint(24, 32), "Mẹ": -rng.randint(22, 30)}
                patients.append(
                    Patient(
                        clinic=clinic,
                        kind=PatientKind.RELATIVE,
                        relative_of=officer,
                        relationship=relationship,
                        full_name=_name(rng, relative_sex),
                        birth_year=min(born + offset.get(relationship, rng.randint(-3, 5)), 2024),
                        sex=relative_sex,
                        unit_id=officer.unit_id,
                        insurance_number=_insurance(rng, "TN"),
                        address=rng.choice(PLACES),
                    )
                )
        for _citizen in range(900):
            sex = rng.choice([Sex.MALE, Sex.FEMALE])
            patients.append(
                Patient(
                    clinic=clinic,
                    kind=PatientKind.CITIZEN,
                    full_name=_name(rng, sex),
                    birth_year=rng.randint(1945, 2015),
                    sex=sex,
                    insurance_number=_insurance(rng, "GD") if rng.random() < 0.8 else "",
                    address=rng.choice(PLACES),
                )
            )
        Patient.objects.bulk_create(patients, batch_size=2000)
    groups: dict[str, list[Patient]] = {kind: [] for kind in PatientKind.values}
    for patient in Patient.objects.filter(clinic=clinic).order_by("pk"):
        groups[patient.kind].append(patient)
    return groups


def _candidates(rng: random.Random, clinic: Unit, year: int, count: int) -> list[Patient]:
    """Young citizens checked for recruitment or service: new people every campaign."""
    people = []
    for _candidate in range(count):
        sex = Sex.MALE if rng.random() < 0.85 else Sex.FEMALE
        people.append(
            Patient(
                clinic=clinic,
                kind=PatientKind.CITIZEN,
                full_name=_name(rng, sex),
                birth_year=year - rng.randint(18, 24),
                sex=sex,
                address=rng.choice(PLACES),
            )
        )
    return Patient.objects.bulk_create(people, batch_size=2000)


def _yearly_counts(rng: random.Random, year: int, today: datetime.date) -> dict[str, int]:
    if year == 2020:
        return dict(CASELOAD_2020)
    factor = YEAR_FACTORS[year]
    counts = {}
    for service, base in CASELOAD_2020.items():
        value = base * factor * rng.uniform(0.93, 1.07)
        if service == Service.LAB_TEST:
            value *= LAB_TEST_BOOST.get(year, 1)
        counts[service] = round(value)
    if year == today.year:
        elapsed = (today - datetime.date(year, 1, 1)).days + 1
        counts = {service: round(value * elapsed / 365) for service, value in counts.items()}
    return counts


def _encounter(rng, service, day, patient, clinic_id, clinician_ids, recorder_id) -> dict:
    row = dict.fromkeys(ENCOUNTER_COLUMNS, "")
    row.update(
        clinic_id=clinic_id,
        patient_id=patient.pk,
        patient_unit_id=patient.unit_id,
        date=day,
        service=service,
        clinician_id=rng.choice(clinician_ids) if clinician_ids else None,
        recorded_by_id=recorder_id,
        health_grade=None,
        is_fit=None,
    )
    if service == Service.HEALTH_CHECK:
        grade = _weighted(rng, HEALTH_GRADES)
        row.update(
            health_check_purpose=_weighted(rng, HEALTH_CHECK_PURPOSES),
            health_grade=grade,
            is_fit=grade <= 3,
            diagnosis="Khám sức khỏe tuyển chọn" if grade <= 3 else "Không đủ tiêu chuẩn sức khỏe",
            outcome=Outcome.OTHER,
        )
        return row
    row["diagnosis"], row["icd10_code"] = rng.choice(DIAGNOSES[service])
    if service == Service.TREATMENT:
        row["care_setting"] = CareSetting.INPATIENT if rng.random() < 0.3 else CareSetting.OUTPATIENT
        row["outcome"] = Outcome.IMPROVED if rng.random() < 0.85 else Outcome.CONTINUING
    elif service == Service.REFERRAL:
        row["referral_hospital"] = rng.choice(HOSPITALS)
        row["referral_reason"] = rng.choice(REFERRAL_REASONS)
        row["outcome"] = Outcome.REFERRED
    elif service == Service.EXAMINATION:
        row["outcome"] = Outcome.STABLE if rng.random() < 0.9 else Outcome.IMPROVED
    return row


ENCOUNTER_COLUMNS = (
    "clinic_id",
    "patient_id",
    "patient_unit_id",
    "date",
    "service",
    "clinician_id",
    "recorded_by_id",
    "diagnosis",
    "icd10_code",
    "outcome",
    "care_setting",
    "referral_hospital",
    "referral_reason",
    "health_check_purpose",
    "health_grade",
    "is_fit",
    "notes",
)
MEDICINE_COLUMNS = ("encounter_id", "name", "quantity", "unit_of_measure", "instructions")


def _csv_value(value) -> str:
    if value is None:
        return ""  # unquoted: NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return '"' + text.replace('"', '""') + '"'


def _copy(table: str, columns: tuple[str, ...], rows: list[dict]) -> None:
    """Write ``rows`` with COPY: tens of thousands of rows in seconds. Row triggers fire for COPY
    as for INSERT, so the history of every row is recorded all the same."""
    stamp = timezone.now().isoformat()
    names = ("created_at", "updated_at", *columns)
    buffer = io.StringIO()
    for row in rows:
        buffer.write(",".join([f'"{stamp}"', f'"{stamp}"', *(_csv_value(row[name]) for name in columns)]))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # attaches the history context (actor, command) to this transaction
        cursor.cursor.copy_expert(f"COPY {table} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv)", buffer)


def load_encounters(rng: random.Random, clinic: Unit, groups: dict[str, list[Patient]]) -> None:
    if Encounter.objects.filter(clinic=clinic).exists():
        return
    today = timezone.localdate()
    clinician_ids = list(
        Personnel.objects.filter(unit=clinic, is_active=True)
        .exclude(position="Điều dưỡng")
        .values_list("pk", flat=True)
    )
    recorder_id = User.objects.filter(username="clinic").values_list("pk", flat=True).first()
    pools = [
        (groups[PatientKind.OFFICER], 55),
        (groups[PatientKind.RELATIVE], 25),
        (groups[PatientKind.CITIZEN], 20),
    ]
    pools = [(pool, weight) for pool, weight in pools if pool]
    rows = []
    for year in range(FIRST_YEAR, today.year + 1):
        counts = _yearly_counts(rng, year, today)
        last_day = min(datetime.date(year, 12, 31), today)
        candidates = _candidates(rng, clinic, year, counts[Service.HEALTH_CHECK])
        for service, total in counts.items():
            weights = HEALTH_CHECK_MONTHS if service == Service.HEALTH_CHECK else MONTH_WEIGHTS
            per_month = _spread(rng, total, weights[: last_day.month])
            for month, count in enumerate(per_month, start=1):
                for _visit in range(count):
                    day = _day_in_month(rng, year, month, last_day)
                    if service == Service.HEALTH_CHECK:
                        patient = candidates.pop()
                    else:
                        patient = rng.choice(_weighted(rng, pools))
                    rows.append(_encounter(rng, service, day, patient, clinic.pk, clinician_ids, recorder_id))
    rows.sort(key=lambda row: row["date"])
    _copy(Encounter._meta.db_table, ENCOUNTER_COLUMNS, rows)
    # COPY numbered the rows in the order written, and the clinic had no encounter before.
    ids = Encounter.objects.filter(clinic=clinic).order_by("pk").values_list("pk", flat=True)
    medicines = []
    for encounter_id, row in zip(ids, rows, strict=True):
        if row["service"] != Service.EXAMINATION:
            continue
        for name, unit, (low, high), instructions in rng.sample(MEDICINES, rng.choice([1, 2, 2, 3])):
            medicines.append(
                {
                    "encounter_id": encounter_id,
                    "name": name,
                    "quantity": rng.randint(low, high),
                    "unit_of_measure": unit,
                    "instructions": instructions,
                }
            )
    _copy(MedicineDispensed._meta.db_table, MEDICINE_COLUMNS, medicines)


#: COVID-19 waves as the province lived them: (F0 found, first day, last day, officers' units).
WAVES = [
    (0, datetime.date(2020, 7, 28), datetime.date(2020, 8, 20), None),
    (7, datetime.date(2021, 1, 28), datetime.date(2021, 3, 10), "HD-CL"),
    (3, datetime.date(2021, 5, 5), datetime.date(2021, 6, 15), "HD-CG"),
    (9, datetime.date(2021, 11, 10), datetime.date(2021, 12, 28), None),
]


def _isolation(rng, classification: str, identified: datetime.date):
    if classification == Classification.F0:
        return IsolationPlace.HOSPITAL, "Bệnh viện Bệnh Nhiệt đới cơ sở 2", rng.randint(14, 24)
    if classification == Classification.F1:
        if identified.year == 2021 and identified.month >= 11:
            return IsolationPlace.HOME, "Tại nơi cư trú", 10
        return IsolationPlace.FACILITY, "Khu cách ly tập trung Trường Quân sự tỉnh", 21
    return IsolationPlace.HOME, "Tại nơi cư trú", 14


def _exposure(rng, clinic, patient, classification, identified, source=None, note=""):
    place, address, days = _isolation(rng, classification, identified)
    start = identified
    return Exposure(
        clinic=clinic,
        patient=patient,
        patient_unit_id=patient.unit_id,
        classification=classification,
        source_case=source,
        source_note=note,
        date_identified=identified,
        isolation_place=place,
        isolation_address=address,
        isolation_start=start,
        isolation_end=start + datetime.timedelta(days=days - 1),
        status=ExposureStatus.RELEASED,
    )


def _tests(rng, entry: Exposure) -> list[ExposureTest]:
    tests = []
    if entry.classification == Classification.F0:
        tests.append(
            ExposureTest(exposure=entry, date=entry.date_identified, method=TestMethod.PCR, result=TestResult.POSITIVE)
        )
        for day in (entry.isolation_end - datetime.timedelta(days=2), entry.isolation_end):
            tests.append(ExposureTest(exposure=entry, date=day, method=TestMethod.PCR, result=TestResult.NEGATIVE))
    elif entry.classification == Classification.F1:
        for offset in (0, 7, 14):
            day = entry.date_identified + datetime.timedelta(days=offset)
            if day <= entry.isolation_end:
                tests.append(ExposureTest(exposure=entry, date=day, method=TestMethod.PCR, result=TestResult.NEGATIVE))
    else:
        tests.append(
            ExposureTest(
                exposure=entry, date=entry.date_identified, method=TestMethod.RAPID, result=TestResult.NEGATIVE
            )
        )
    return tests


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
    tests: list[ExposureTest] = []

    def person_from(unit_code):
        prefix = codes.get(unit_code) if unit_code else None
        for candidate in available:
            if prefix is None or unit_paths.get(candidate.unit_id, "").startswith(prefix) or rng.random() < 0.3:
                return candidate
        return None

    zeros, ones, twos = [], [], []
    for f0_count, first, last, unit_code in WAVES:
        span = (last - first).days
        if f0_count == 0:
            # Contacts of cases announced by the health authorities, none of whom was ours.
            for _contact in range(6):
                person = person_from(unit_code)
                if person is None:
                    break
                day = first + datetime.timedelta(days=rng.randint(0, span))
                ones.append(
                    (_exposure(rng, clinic, person, Classification.F1, day, note="Ca bệnh BN 416 (Đà Nẵng)"), None)
                )
            continue
        for _case in range(f0_count):
            person = person_from(unit_code)
            if person is None:
                break
            day = first + datetime.timedelta(days=rng.randint(0, max(span - 14, 1)))
            zeros.append(
                _exposure(rng, clinic, person, Classification.F0, day, note="Phát hiện qua xét nghiệm sàng lọc")
            )
    Exposure.objects.bulk_create(zeros)
    for zero in zeros:
        for _contact in range(rng.randint(3, 8)):
            person = person_from(None)
            if person is None:
                break
            day = min(zero.date_identified + datetime.timedelta(days=rng.randint(0, 2)), timezone.localdate())
            ones.append((_exposure(rng, clinic, person, Classification.F1, day, source=zero), zero))
    first_level = [entry for entry, _source in ones]
    Exposure.objects.bulk_create(first_level)
    for one in first_level:
        for _contact in range(rng.randint(0, 3)):
            person = person_from(None)
            if person is None:
                break
            day = one.date_identified + datetime.timedelta(days=rng.randint(0, 1))
            twos.append(_exposure(rng, clinic, person, Classification.F2, day, source=one))
    Exposure.objects.bulk_create(twos)
    for entry in [*zeros, *first_level, *twos]:
        tests.extend(_tests(rng, entry))
    ExposureTest.objects.bulk_create(tests, batch_size=5000)


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
    groups = load_patients(rng, clinic)
    load_encounters(rng, clinic, groups)
    load_exposures(rng, clinic, groups)
