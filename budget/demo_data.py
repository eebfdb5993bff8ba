"""The budget's demo data as tables: funding sources and spending categories, the source document's
regular funding 2015–2020 and its adjustments, the COVID-19 purchases of 2020, the wording of the
monthly payments. :mod:`budget.demo` builds the records from them."""

from __future__ import annotations

from budget.choices import SourceKind

SOURCES = [
    ("BO", "Bộ cấp", SourceKind.MINISTRY),
    ("DP", "Địa phương hỗ trợ", SourceKind.LOCAL),
    ("NTKH", "Nguồn thu ngoài kế hoạch", SourceKind.EXTRA_PLAN),
    ("KHAC", "Nguồn khác", SourceKind.OTHER),
]

CATEGORIES = [
    ("TX", "Chi thường xuyên", True),
    ("MSTB", "Mua sắm trang thiết bị", False),
    ("XDSC", "Xây dựng, cải tạo, sửa chữa doanh trại", False),
    ("YT", "Y tế, chăm sóc sức khỏe", True),
    ("PCD", "Phòng, chống dịch bệnh", False),
    ("XD", "Nhiên liệu, xăng dầu", True),
    ("DTHL", "Đào tạo, huấn luyện", True),
]

#: The state budget classification (Mục lục ngân sách nhà nước, Circular 324/2016/TT-BTC): only the
#: codes whose number and name were checked against a published text; an administrator adds the
#: rest from the circular. (code, name, mục it belongs to or None).
BUDGET_CODE_BASIS = "Thông tư 324/2016/TT-BTC"
BUDGET_CODES = [
    (6000, "Tiền lương", None),
    (6049, "Lương khác", 6000),
    (
        6900,
        "Sửa chữa, duy tu tài sản phục vụ công tác chuyên môn và duy tu, bảo dưỡng các công trình cơ sở hạ tầng",
        None,
    ),
    (9000, "Mua, đầu tư tài sản vô hình", None),
    (9050, "Mua sắm tài sản dùng cho công tác chuyên môn", None),
]

#: The mục each demo category is reported under (the others are left for the officer to classify:
#: their payments fall under several mục).
CATEGORY_HEADINGS = {"MSTB": 9050, "XDSC": 6900}

#: Regular funding of the provincial police 2015–2020: (year, ministry, local support).
REGULAR_2015_2020 = [
    (2015, 395_000_000, 62_000_000),
    (2016, 402_000_000, 58_500_000),
    (2017, 410_500_000, 64_000_000),
    (2018, 418_000_000, 66_500_000),
    (2019, 425_000_000, 70_000_000),
    (2020, 402_000_000, 73_000_000),
]

#: Adjustments of those allocations: (year, source, amount, decision, reason).
REGULAR_ADJUSTMENTS = [
    (2016, "DP", -8_500_000, "125/QĐ-UBND", "Điều chỉnh giảm theo dự toán điều chỉnh của tỉnh"),
    (2018, "BO", 15_000_000, "2310/QĐ-BCA-H01", "Bổ sung kinh phí bảo đảm an ninh dịp Tết"),
]

COVID_PURCHASES = [
    ("Mua giường sắt 2 tầng cho khu cách ly tập trung", 420_000_000, "0101987654"),
    ("Mua máy đo thân nhiệt cầm tay cấp cho các chốt kiểm soát dịch", 96_000_000, "0800456123"),
    ("Mua khẩu trang y tế", 185_000_000, "0800011223"),
    ("Mua găng tay y tế", 64_000_000, "0800011223"),
    ("Mua quần áo bảo hộ chống dịch", 210_000_000, "0800456123"),
    ("Mua dung dịch sát khuẩn tay nhanh", 118_000_000, "0800011223"),
]

CLOSED_THROUGH = 2025
#: The closed years whose balances are carried over or cancelled and whose settlement is approved.
SETTLED_THROUGH = 2020
#: The most recent advances of this year left open (the open-advances report shows them).
OPEN_ADVANCES = 2

REGULAR_PAYMENTS = [
    "Thanh toán tiền điện, nước",
    "Thanh toán văn phòng phẩm",
    "Thanh toán cước viễn thông",
    "Thanh toán sửa chữa nhỏ trang thiết bị",
    "Thanh toán công tác phí",
    "Tạm ứng hội nghị sơ kết",
    "Thanh toán in ấn tài liệu",
    "Thanh toán vệ sinh môi trường",
]

#: The COVID-19 prevention allocation of 2020 to the logistics department.
COVID_ALLOCATION = 1_150_000_000
#: Regular funding from 2021, before growth: (source, amount).
REGULAR_FROM_2021 = (("BO", 440_000_000), ("DP", 78_000_000))
#: Regular funding grows by this share of the 2021 base each year after 2020.
YEARLY_GROWTH = 0.05
#: Fuel allocations of district (later commune) police, and training, in millions: (fewest, most).
FUEL_MILLIONS = (30, 55)
TRAINING_MILLIONS = (35, 60)
#: The next year's regular allocation, still a draft.
NEXT_YEAR_DRAFT = 650_000_000
