"""The clinic's demo data as tables: the source document's 2020 caseload, how other years and
months compare to it, the names, places, diagnoses and medicines the visits are drawn from, and the
COVID-19 waves. :mod:`medical.demo` builds the records from them."""

from __future__ import annotations

import datetime

from medical.choices import HealthCheckPurpose, IsolationPlace, Service, Sex

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
#: Relatives registered with each officer (drawn with equal chance).
RELATIVES_PER_OFFICER = [0, 1, 1, 2]
#: Citizens the clinic examines besides officers and relatives.
CITIZENS = 900
#: Share of citizens with a health insurance card.
CITIZENS_INSURED = 0.8
#: Who the visits are for: (patient group, weight).
VISITS_BY_GROUP = [("officer", 55), ("relative", 25), ("citizen", 20)]

#: COVID-19 waves as the province lived them: (F0 found, first day, last day, officers' units).
WAVES = [
    (0, datetime.date(2020, 7, 28), datetime.date(2020, 8, 20), None),
    (7, datetime.date(2021, 1, 28), datetime.date(2021, 3, 10), "HD-CL"),
    (3, datetime.date(2021, 5, 5), datetime.date(2021, 6, 15), "HD-CG"),
    (9, datetime.date(2021, 11, 10), datetime.date(2021, 12, 28), None),
]
#: Where each kind of case was isolated: (place, address, days or (fewest, most) days).
F0_ISOLATION = (IsolationPlace.HOSPITAL, "Bệnh viện Bệnh Nhiệt đới cơ sở 2", (14, 24))
F1_ISOLATION = (IsolationPlace.FACILITY, "Khu cách ly tập trung Trường Quân sự tỉnh", 21)
#: From November 2021 close contacts isolated at home, for 10 days.
F1_HOME_ISOLATION_FROM = datetime.date(2021, 11, 1)
F1_HOME_ISOLATION = (IsolationPlace.HOME, "Tại nơi cư trú", 10)
F2_ISOLATION = (IsolationPlace.HOME, "Tại nơi cư trú", 14)
#: Contacts of cases announced by the health authorities in the first wave, none of whom was ours.
FIRST_WAVE_CONTACTS = 6
FIRST_WAVE_SOURCE = "Ca bệnh BN 416 (Đà Nẵng)"
F0_FOUND_BY = "Phát hiện qua xét nghiệm sàng lọc"
#: Age of a relative against the officer: (fewest, most years, +1 born after / -1 before the officer);
#: other relatives are of the officer's age, give or take.
RELATIVE_AGE_GAPS = {"Con": (22, 32, 1), "Bố": (24, 32, -1), "Mẹ": (22, 30, -1)}
RELATIVE_AGE_GAP_OTHERWISE = (-3, 5)
RELATIVE_BORN_BY = 2024
#: Officers without a recorded date of birth are taken as born in this year.
OFFICER_BIRTH_YEAR_UNKNOWN = 1985
CITIZEN_BIRTH_YEARS = (1945, 2015)
#: Recruitment candidates: share of men, and ages.
CANDIDATE_MALE_SHARE = 0.85
CANDIDATE_AGES = (18, 24)
#: Yearly counts vary by this much around the trend.
YEAR_NOISE = (0.93, 1.07)
#: The health standards: (purpose, fit up to grade, valid from, valid to, legal basis). Recruitment
#: and pre-selection take grades 1 and 2 (Thông tư 62/2023/TT-BCA, Điều 4, from 01/01/2024; the same
#: grades before it); police service takes grades 1 to 3.
_BEFORE_CIRCULAR_62 = "Tiêu chuẩn sức khỏe tuyển chọn vào CAND trước Thông tư 62/2023/TT-BCA (loại 1, loại 2)"
_CIRCULAR_62 = "Thông tư 62/2023/TT-BCA, Điều 4 (loại 1, loại 2)"
FITNESS_STANDARDS = [
    *(
        standard
        for purpose in (HealthCheckPurpose.RECRUITMENT, HealthCheckPurpose.PRE_SELECTION)
        for standard in (
            (purpose, 2, datetime.date(2015, 1, 1), datetime.date(2023, 12, 31), _BEFORE_CIRCULAR_62),
            (purpose, 2, datetime.date(2024, 1, 1), None, _CIRCULAR_62),
        )
    ),
    (
        HealthCheckPurpose.SERVICE,
        3,
        datetime.date(2015, 1, 1),
        None,
        "Tiêu chuẩn sức khỏe công dân thực hiện nghĩa vụ tham gia CAND (loại 1, loại 2, loại 3)",
    ),
]
HEALTH_CHECK_FIT = "Khám sức khỏe tuyển chọn"
HEALTH_CHECK_UNFIT = "Không đủ tiêu chuẩn sức khỏe"
INPATIENT_SHARE = 0.3
TREATMENT_IMPROVED_SHARE = 0.85
EXAMINATION_STABLE_SHARE = 0.9
#: Medicines dispensed at an examination (drawn with equal chance).
MEDICINES_PER_EXAMINATION = [1, 2, 2, 3]
#: Close contacts found for each F0, and contacts of contacts for each F1: (fewest, most).
F1_PER_F0 = (3, 8)
F2_PER_F1 = (0, 3)
#: A visit drawn on a weekend day is kept with this chance (the clinic is mostly closed then).
WEEKEND_VISIT_CHANCE = 0.15
#: In a wave centred on one unit, a case elsewhere in the force is still drawn with this chance.
CASE_ELSEWHERE_CHANCE = 0.3
