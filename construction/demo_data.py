"""The construction demo data as tables: the period and count of the source document (148 works
2015–2020), the two-storey office buildings it names, the small works and commune renovations of
each year with their costs, the contractors. :mod:`construction.demo` builds the projects from
them."""

from __future__ import annotations

import datetime

from construction.choices import WorkKind

PERIOD = (datetime.date(2015, 1, 1), datetime.date(2020, 12, 31))

COMPLETED_IN_PERIOD = 148

BUILDING_TYPE = "NHA-LAMVIEC"

#: What a new build enters the fixed-asset register as, by the words its name starts with: every
#: new build is a building or vật kiến trúc, a fixed asset whatever its cost (TT 141/2025/TT-BTC).
REGISTER_TYPES = [
    (("Xây dựng nhà làm việc", "Dự án trụ sở", "Xây dựng trụ sở"), BUILDING_TYPE),
    (("Xây dựng tường rào", "Xây dựng sân tập", "Xây dựng bể nước"), "VAT-KIEN-TRUC"),
]

#: Any other new build (a warehouse, a garage, a guard house, a holding room…).
OTHER_BUILDING_TYPE = "NHA-KHAC"

CATEGORY = "XDSC"

ALLOCATION_UNIT = "HD-PH10"

MAIN_CONTRACTORS = ["0800345678", "0800567890", "0800890123"]  # Hải Dương số 1, Thanh Hà, Chí Linh

CONSULTANT = "0800789012"  # Tư vấn thiết kế xây dựng Đông Á

TWO_STOREY = [
    ("HD-TH", 2016),
    ("HD-BG", 2016),
    ("HD-TM", 2017),
    ("HD-TK", 2017),
    ("HD-KT", 2018),
    ("HD-NS", 2018),
    ("HD-PC02", 2019),
    ("HD-PA08", 2019),
    ("HD-PK02", 2020),
]

#: Smaller works completed each year of the period (115 in all).
SMALL_WORKS_PER_YEAR = {2015: 18, 2016: 19, 2017: 20, 2018: 19, 2019: 20, 2020: 19}

COMMUNE_RENOVATIONS = {2019: 11, 2020: 12}

SMALL_WORKS = {
    WorkKind.REPAIR: [
        "Sửa chữa mái, chống thấm nhà làm việc",
        "Sửa chữa hệ thống điện, nước",
        "Sơn sửa, chống xuống cấp trụ sở",
        "Sửa chữa nhà ăn, bếp tập thể",
        "Sửa chữa khu vệ sinh",
        "Sửa chữa cổng, tường rào",
        "Sửa chữa phòng tiếp công dân",
        "Sửa chữa khu nhà ở cán bộ, chiến sĩ",
        "Sửa chữa hệ thống thoát nước",
    ],
    WorkKind.RENOVATION: [
        "Cải tạo hội trường",
        "Cải tạo phòng làm việc",
        "Cải tạo nhà tạm giữ",
        "Cải tạo khuôn viên, sân đường nội bộ",
        "Cải tạo phòng truyền thống",
        "Cải tạo hệ thống phòng cháy, chữa cháy",
        "Cải tạo kho vật chứng",
    ],
    WorkKind.NEW_BUILD: [
        "Xây dựng nhà để xe",
        "Xây dựng tường rào, cổng",
        "Xây dựng nhà kho",
        "Xây dựng sân tập võ thuật",
        "Xây dựng nhà bảo vệ",
        "Xây dựng bể nước phòng cháy",
    ],
}

SMALL_COST = {
    WorkKind.REPAIR: (40, 450),
    WorkKind.RENOVATION: (200, 1_200),
    WorkKind.NEW_BUILD: (300, 2_400),
}  # million đồng
