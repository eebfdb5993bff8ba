"""The shared core's demo data as tables: the Hải Dương provincial police's units as the source
document names them, the dates of the 2025 reorganisation, suppliers, the names and positions
personnel are drawn from, and one demo account per role. :mod:`logistics.demo` builds the records
from them."""

from __future__ import annotations

import datetime

from logistics.models import Rank, SupplierKind, UnitKind
from logistics.roles import Role

FOUNDED = datetime.date(1997, 1, 1)

DISTRICTS_DISSOLVED = datetime.date(2025, 3, 1)

PROVINCES_MERGED = datetime.date(2025, 7, 1)

PROVINCE = ("HD", "Công an tỉnh Hải Dương")

DEPARTMENTS = [
    ("HD-PV01", "Phòng Tham mưu"),
    ("HD-PX01", "Phòng Tổ chức cán bộ"),
    ("HD-PX03", "Phòng Công tác Đảng và công tác chính trị"),
    ("HD-PA03", "Phòng An ninh chính trị nội bộ"),
    ("HD-PA05", "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao"),
    ("HD-PA08", "Phòng Quản lý xuất nhập cảnh (PA08)"),
    ("HD-PC02", "Phòng Cảnh sát hình sự (PC02)"),
    ("HD-PC03", "Phòng Cảnh sát kinh tế"),
    ("HD-PC04", "Phòng Cảnh sát điều tra tội phạm về ma túy"),
    ("HD-PC06", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"),
    ("HD-PC07", "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ"),
    ("HD-PC08", "Phòng Cảnh sát giao thông"),
    ("HD-PC09", "Phòng Kỹ thuật hình sự"),
    ("HD-PK02", "Phòng Cảnh sát cơ động (PK02)"),
    ("HD-PH10", "Phòng Hậu cần (PH10)"),
]

CLINIC = ("HD-BX", "Bệnh xá Công an tỉnh")

WAREHOUSE = ("HD-PH10-KHO", "Kho vật tư, trang bị Phòng Hậu cần")

#: District-level police and some of their commune police: (code, name, [(code, commune name)]).
DISTRICTS = [
    (
        "HD-TPHD",
        "Công an thành phố Hải Dương",
        [
            ("TRANPHU", "Công an phường Trần Phú"),
            ("QUANGTRUNG", "Công an phường Quang Trung"),
            ("THANHBINH", "Công an phường Thanh Bình"),
            ("NGOCCHAU", "Công an phường Ngọc Châu"),
        ],
    ),
    (
        "HD-CL",
        "Công an thành phố Chí Linh",
        [
            ("SAODO", "Công an phường Sao Đỏ"),
            ("PHALAI", "Công an phường Phả Lại"),
            ("CONGHOA", "Công an phường Cộng Hòa"),
        ],
    ),
    (
        "HD-KM",
        "Công an thị xã Kinh Môn",
        [
            ("ANLUU", "Công an phường An Lưu"),
            ("MINHTAN", "Công an phường Minh Tân"),
            ("HIEPAN", "Công an phường Hiệp An"),
        ],
    ),
    (
        "HD-NS",
        "Công an huyện Nam Sách",
        [
            ("TTNAMSACH", "Công an thị trấn Nam Sách"),
            ("ANBINH", "Công an xã An Bình"),
            ("NAMHUNG", "Công an xã Nam Hưng"),
        ],
    ),
    (
        "HD-KT",
        "Công an huyện Kim Thành",
        [
            ("PHUTHAI", "Công an thị trấn Phú Thái"),
            ("KIMXUYEN", "Công an xã Kim Xuyên"),
            ("DONGCAM", "Công an xã Đồng Cẩm"),
        ],
    ),
    (
        "HD-TH",
        "Công an huyện Thanh Hà",
        [
            ("TTTHANHHA", "Công an thị trấn Thanh Hà"),
            ("THANHHONG", "Công an xã Thanh Hồng"),
            ("THANHCUONG", "Công an xã Thanh Cường"),
            ("CAMCHE", "Công an xã Cẩm Chế"),
        ],
    ),
    (
        "HD-TK",
        "Công an huyện Tứ Kỳ",
        [
            ("TTTUKY", "Công an thị trấn Tứ Kỳ"),
            ("DAISON", "Công an xã Đại Sơn"),
            ("QUANGPHUC", "Công an xã Quang Phục"),
        ],
    ),
    (
        "HD-GL",
        "Công an huyện Gia Lộc",
        [
            ("TTGIALOC", "Công an thị trấn Gia Lộc"),
            ("DOANTHUONG", "Công an xã Đoàn Thượng"),
            ("YETKIEU", "Công an xã Yết Kiêu"),
        ],
    ),
    (
        "HD-NG",
        "Công an huyện Ninh Giang",
        [
            ("TTNINHGIANG", "Công an thị trấn Ninh Giang"),
            ("DONGXUYEN", "Công an xã Đông Xuyên"),
            ("HONGPHONG", "Công an xã Hồng Phong"),
        ],
    ),
    (
        "HD-TM",
        "Công an huyện Thanh Miện",
        [
            ("TTTHANHMIEN", "Công an thị trấn Thanh Miện"),
            ("DOANTUNG", "Công an xã Đoàn Tùng"),
            ("NGUHUNG", "Công an xã Ngũ Hùng"),
        ],
    ),
    (
        "HD-BG",
        "Công an huyện Bình Giang",
        [
            ("KESAT", "Công an thị trấn Kẻ Sặt"),
            ("THAIHOC", "Công an xã Thái Học"),
            ("VINHHONG", "Công an xã Vĩnh Hồng"),
        ],
    ),
    (
        "HD-CG",
        "Công an huyện Cẩm Giàng",
        [
            ("LAICACH", "Công an thị trấn Lai Cách"),
            ("TTCAMGIANG", "Công an thị trấn Cẩm Giang"),
            ("CAMDIEN", "Công an xã Cẩm Điền"),
        ],
    ),
]

STATIONS = [
    ("HD-CL", "HD-CL-TRAM-HUNGDAO", "Trạm Công an phụ trách xã Hưng Đạo"),
    ("HD-KM", "HD-KM-CUM-THAIMINH", "Cụm Công an phụ trách xã Thái Minh"),
]

SUCCESSOR_CITY = ("HP", "Công an thành phố Hải Phòng")

SUPPLIERS = [
    ("Công ty TNHH Ô tô Thành Đông", SupplierKind.SUPPLIER, "0800100231", "Số 12 Nguyễn Lương Bằng, TP Hải Dương"),
    ("Công ty CP Xe máy Hải Dương", SupplierKind.SUPPLIER, "0800214567", "Số 45 Lê Thanh Nghị, TP Hải Dương"),
    (
        "Công ty TNHH Nội thất thép Việt Hưng",
        SupplierKind.SUPPLIER,
        "0101987654",
        "Khu công nghiệp Nam Sách, Hải Dương",
    ),
    ("Công ty CP Thiết bị kỹ thuật hình sự Sao Việt", SupplierKind.SUPPLIER, "0105123789", "Quận Cầu Giấy, Hà Nội"),
    ("Công ty TNHH Thiết bị y tế Minh An", SupplierKind.SUPPLIER, "0800456123", "Số 8 Trần Hưng Đạo, TP Hải Dương"),
    ("Công ty CP Dược vật tư y tế Hải Dương", SupplierKind.SUPPLIER, "0800011223", "Số 102 Chi Lăng, TP Hải Dương"),
    ("Công ty TNHH Tàu thuyền Hồng Hà", SupplierKind.SUPPLIER, "0200678901", "Quận Hồng Bàng, Hải Phòng"),
    (
        "Công ty CP Đầu tư xây dựng Hải Dương số 1",
        SupplierKind.CONTRACTOR,
        "0800345678",
        "Số 3 Hồng Quang, TP Hải Dương",
    ),
    ("Công ty TNHH Xây dựng Thanh Hà", SupplierKind.CONTRACTOR, "0800567890", "Thị trấn Thanh Hà, Hải Dương"),
    ("Công ty CP Tư vấn thiết kế xây dựng Đông Á", SupplierKind.CONTRACTOR, "0800789012", "Phường Sao Đỏ, Chí Linh"),
    ("Công ty CP Xây lắp và thương mại Chí Linh", SupplierKind.BOTH, "0800890123", "Phường Phả Lại, Chí Linh"),
    (
        "Công ty TNHH May trang phục Ngành Công an Phương Nam",
        SupplierKind.SUPPLIER,
        "0312345670",
        "Quận 12, TP Hồ Chí Minh",
    ),
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Đinh", "Phan"]

MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Ngọc", "Xuân", "Thị", "Thanh"]

GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đông",
    "Hà",
    "Hải",
    "Hùng",
    "Huy",
    "Khánh",
    "Lâm",
    "Long",
    "Mạnh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
    "Hương",
    "Lan",
    "Mai",
    "Ngân",
    "Thảo",
    "Trang",
]

POSITIONS = {
    UnitKind.PROVINCE: [
        ("Giám đốc", Rank.MAJOR_GENERAL),
        ("Phó Giám đốc", Rank.COLONEL),
        ("Phó Giám đốc", Rank.COLONEL),
    ],
    UnitKind.DEPARTMENT: [
        ("Trưởng phòng", Rank.COLONEL),
        ("Phó Trưởng phòng", Rank.SENIOR_LIEUTENANT_COLONEL),
        ("Đội trưởng", Rank.LIEUTENANT_COLONEL),
        ("Cán bộ", Rank.CAPTAIN),
        ("Cán bộ", Rank.SENIOR_LIEUTENANT),
    ],
    UnitKind.DISTRICT: [
        ("Trưởng Công an", Rank.SENIOR_LIEUTENANT_COLONEL),
        ("Phó Trưởng Công an", Rank.LIEUTENANT_COLONEL),
        ("Đội trưởng", Rank.MAJOR),
        ("Cán bộ", Rank.CAPTAIN),
    ],
    UnitKind.COMMUNE: [
        ("Trưởng Công an xã", Rank.MAJOR),
        ("Phó Trưởng Công an xã", Rank.CAPTAIN),
        ("Cán bộ", Rank.LIEUTENANT),
        ("Cán bộ", Rank.SERGEANT),
    ],
    UnitKind.STATION: [("Trạm trưởng", Rank.CAPTAIN), ("Cán bộ", Rank.LIEUTENANT)],
    UnitKind.CLINIC: [
        ("Giám đốc Bệnh xá", Rank.LIEUTENANT_COLONEL),
        ("Bác sĩ", Rank.MAJOR),
        ("Bác sĩ", Rank.CAPTAIN),
        ("Y sĩ", Rank.SENIOR_LIEUTENANT),
        ("Điều dưỡng", Rank.CIVILIAN),
    ],
    UnitKind.WAREHOUSE: [("Thủ kho", Rank.CAPTAIN), ("Nhân viên kho", Rank.CIVILIAN)],
}

DEMO_ACCOUNTS = [
    # username, full name, unit code, role, is staff
    ("admin", "Quản trị hệ thống", SUCCESSOR_CITY[0], Role.ADMINISTRATOR, True),
    ("officer", "Cán bộ hậu cần (demo)", SUCCESSOR_CITY[0], Role.LOGISTICS_OFFICER, False),
    ("commander", "Chỉ huy cấp tỉnh (demo)", SUCCESSOR_CITY[0], Role.UNIT_COMMANDER, False),
    ("commune_commander", "Trưởng Công an xã Thanh Hồng (demo)", "HD-TH-THANHHONG", Role.UNIT_COMMANDER, False),
    ("auditor", "Cán bộ kiểm tra (demo)", SUCCESSOR_CITY[0], Role.AUDITOR, False),
    ("clinic", "Bác sĩ Bệnh xá (demo)", CLINIC[0], Role.CLINIC_STAFF, False),
    ("inspector", "Ủy viên Ủy ban kiểm tra (demo)", SUCCESSOR_CITY[0], Role.INSPECTOR, False),
]
