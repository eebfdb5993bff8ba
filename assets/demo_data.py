"""The equipment demo data as tables: the catalogue (categories, fixed-asset classes, item types,
programmes), the cars, motorcycles, cabinets, forensic kits and COVID-19 supplies of the source
document with their values and dates, and the units they were issued to. :mod:`assets.demo` builds
the vouchers from them."""

from __future__ import annotations

import datetime

from assets.choices import Condition, Tracking

CATEGORIES = [
    ("XE", "Phương tiện giao thông"),
    ("TU", "Tủ, bàn ghế, trang bị văn phòng"),
    ("KT", "Trang thiết bị kỹ thuật nghiệp vụ"),
    ("VK", "Vũ khí, công cụ hỗ trợ"),
    ("QT", "Quân trang"),
    ("YT", "Vật tư, trang thiết bị y tế phòng dịch"),
    ("NHA", "Nhà, công trình"),
]

CLASSES = [
    # code, name, rate %, life, special police, building
    ("XE-OTO", "Xe ô tô", "10.00", 10, False, False),
    ("XE-MOTO", "Xe mô tô", "20.00", 5, False, False),
    ("PT-THUY", "Phương tiện vận tải đường thủy", "10.00", 10, False, False),
    ("MAY-NV", "Máy móc, thiết bị chuyên dùng nghiệp vụ Công an", "20.00", 5, True, False),
    ("NHA-C3", "Nhà làm việc cấp III", "4.00", 25, False, True),
    ("VKT", "Vật kiến trúc", "10.00", 10, False, True),
]

ITEM_TYPES = [
    # code, name, category, unit of measure, tracking, class, special
    ("XE-OTO", "Xe ô tô các loại", "XE", "chiếc", Tracking.SERIAL, "XE-OTO", False),
    ("XE-MOTO", "Xe mô tô 2 bánh", "XE", "chiếc", Tracking.SERIAL, "XE-MOTO", False),
    ("XUONG-MAY", "Xuồng máy", "XE", "chiếc", Tracking.SERIAL, "PT-THUY", False),
    ("TU-SAT-4C", "Tủ sắt 4 cánh", "TU", "chiếc", Tracking.QUANTITY, None, False),
    ("TU-SAT-2C", "Tủ sắt 2 cánh", "TU", "chiếc", Tracking.QUANTITY, None, False),
    ("CAMERA", "Ca-mê-ra các loại", "KT", "chiếc", Tracking.SERIAL, "MAY-NV", True),
    ("VALI-KN", "Va-li khám nghiệm hiện trường", "KT", "bộ", Tracking.SERIAL, "MAY-NV", True),
    ("ONG-NHOM-HN", "Ống nhòm hồng ngoại", "KT", "chiếc", Tracking.SERIAL, "MAY-NV", True),
    ("COI-U", "Còi ủ tăng âm", "KT", "chiếc", Tracking.SERIAL, "MAY-NV", True),
    ("BO-DAM", "Máy bộ đàm cầm tay", "KT", "chiếc", Tracking.QUANTITY, None, True),
    ("CCHT", "Công cụ hỗ trợ (gậy cao su, còng số 8)", "VK", "bộ", Tracking.QUANTITY, None, True),
    ("QP-XH", "Quân phục xuân hè", "QT", "bộ", Tracking.QUANTITY, None, False),
    ("GIUONG-2T", "Giường sắt 2 tầng", "YT", "chiếc", Tracking.QUANTITY, None, False),
    ("MAY-DO-NHIET", "Máy đo thân nhiệt", "YT", "chiếc", Tracking.QUANTITY, None, False),
    ("KHAU-TRANG", "Khẩu trang y tế", "YT", "hộp", Tracking.QUANTITY, None, False),
    ("GANG-TAY", "Găng tay y tế", "YT", "hộp", Tracking.QUANTITY, None, False),
    ("QA-BAO-HO", "Quần áo bảo hộ chống dịch", "YT", "bộ", Tracking.QUANTITY, None, False),
    ("SAT-KHUAN", "Dung dịch sát khuẩn tay nhanh", "YT", "chai", Tracking.QUANTITY, None, False),
    ("NHA-LAMVIEC", "Nhà làm việc", "NHA", "công trình", Tracking.SERIAL, "NHA-C3", False),
    ("NHA-KHAC", "Nhà kho, nhà để xe, nhà bảo vệ", "NHA", "công trình", Tracking.SERIAL, "NHA-C3", False),
    (
        "VAT-KIEN-TRUC",
        "Vật kiến trúc (tường rào, cổng, sân, bể nước)",
        "NHA",
        "công trình",
        Tracking.SERIAL,
        "VKT",
        False,
    ),
]

PROGRAMMES = [
    ("DA365-1", "Đề án 365 — đợt 1"),
    ("DA365-2", "Đề án 365 — đợt 2"),
    ("DA365-3", "Đề án 365 — đợt 3"),
    ("COVID19", "Phòng, chống dịch COVID-19"),
    ("TCCS", "Tăng cường trang bị cho Công an cấp huyện, cấp xã"),
]

CAR_MODELS = [
    # (how many, description, value)
    (8, "Xe bán tải Ford Ranger", 1_150_000_000),
    (14, "Xe 7 chỗ Toyota Fortuner", 1_480_000_000),
    (6, "Xe chở quân 16 chỗ Ford Transit", 2_350_000_000),
    (6, "Xe chuyên dùng chỉ huy, thông tin", 2_195_000_000),
]

WAREHOUSE = "HD-PH10-KHO"

DEPARTMENTS = [
    "HD-PC02",
    "HD-PA08",
    "HD-PK02",
    "HD-PC06",
    "HD-PC08",
    "HD-PC09",
    "HD-PV01",
    "HD-PC07",
    "HD-PA05",
    "HD-PC03",
]

#: Two-wheel motorcycles received for the district police: (year, how many).
MOTORCYCLE_BATCHES = ((2016, 8), (2018, 10), (2020, 10))
#: Steel cabinets bought: (year, four-door, two-door).
CABINET_PURCHASES = ((2015, 60, 45), (2017, 70, 50), (2019, 60, 40))
#: Who pays for purchases: an allocation of the budget's equipment category (mua sắm trang thiết bị)
#: of the logistics department, from the ministry's funding, one a purchase year.
PURCHASE_PAYER = "HD-PH10"
#: After the merger of 01/07/2025 the city's police pays (as the budget's own demo allocates to it).
PURCHASE_PAYER_AFTER_MERGER = ("HP", 2025)
PURCHASE_CATEGORY = "MSTB"
PURCHASE_SOURCE = "BO"
#: The supplier of the commune police's cabinets of 2022 and 2024.
LATER_CABINET_SUPPLIER = "0101987654"
#: Forensic examination kits received: (year, how many).
FORENSIC_KIT_BATCHES = ((2015, 10), (2017, 12), (2019, 12))
#: The three rounds of Đề án 365 equipping commune police: (programme, day issued).
SCHEME_365_ROUNDS = [
    ("DA365-1", datetime.date(2019, 8, 20)),
    ("DA365-2", datetime.date(2019, 11, 15)),
    ("DA365-3", datetime.date(2020, 2, 12)),
]
#: The 2020 COVID-19 supplies: (item type, word of the budget's spending entry that paid them,
#: quantity, unit value).
COVID_SUPPLIES = [
    ("GIUONG-2T", "giường sắt 2 tầng", 200, 2_100_000),
    ("MAY-DO-NHIET", "máy đo thân nhiệt", 80, 1_200_000),
    ("KHAU-TRANG", "khẩu trang", 1_850, 100_000),
    ("GANG-TAY", "găng tay", 640, 100_000),
    ("QA-BAO-HO", "quần áo bảo hộ", 1_400, 150_000),
    ("SAT-KHUAN", "sát khuẩn", 1_180, 100_000),
]
#: Units and epidemic checkpoints the supplies went to, besides the district police.
COVID_CHECKPOINTS = ["HD-PC08", "HD-PK02", "HD-BX", "HD-PC06"]

#: The supplies used up in the epidemic (masks, gloves, protective clothing, hand sanitizer): the
#: units and checkpoints that received them write them off the books by consumption vouchers (phiếu
#: xuất dùng) month by month, from June 2020 to November 2021.
COVID_CONSUMABLES = ["KHAU-TRANG", "GANG-TAY", "QA-BAO-HO", "SAT-KHUAN"]
COVID_CONSUMPTION_MONTHS = [(2020, 6), (2020, 9), (2020, 12), (2021, 3), (2021, 5), (2021, 8), (2021, 11)]

#: Vehicles sent for repair and received back: (item type, unit holding it, repairer's tax code,
#: sent, expected back, came back, condition sent, condition back, reason).
REPAIRS = [
    (
        "XE-OTO",
        "HD-PK02",
        "0800100231",
        datetime.date(2021, 6, 8),
        datetime.date(2021, 7, 8),
        datetime.date(2021, 7, 2),
        Condition.POOR,
        Condition.GOOD,
        "Sửa chữa hệ thống phanh, thay lốp theo đề nghị của đơn vị",
    ),
    (
        "XUONG-MAY",
        "HD-PC08",
        "0200678901",
        datetime.date(2022, 3, 14),
        datetime.date(2022, 4, 30),
        datetime.date(2022, 4, 22),
        Condition.BROKEN,
        Condition.GOOD,
        "Đại tu động cơ xuồng máy tuần tra",
    ),
]

#: A megaphone siren lost on patrol, written off by the Director's decision: (item type, unit,
#: decision number, decision date, voucher date, reason).
LOSS = (
    "COI-U",
    "HD-PC08",
    "125/QĐ-CAT-PH10",
    datetime.date(2022, 9, 12),
    datetime.date(2022, 9, 15),
    "Mất khi làm nhiệm vụ tuần tra; đã xác minh, cá nhân bồi thường theo quy định",
)

#: Summer uniforms issued from the logistics store to named officers by their entitlement (niên
#: hạn): (day, unit, officers, sets each).
UNIFORM_ISSUES = [
    (datetime.date(2022, 4, 18), "HD-PC08", 4, 2),
    (datetime.date(2022, 4, 18), "HD-PK02", 4, 2),
    (datetime.date(2022, 4, 20), "HD-PC06", 3, 2),
]
