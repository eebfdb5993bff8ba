"""The Party Committee's oversight demo data as tables: the years, the targets, the subjects of each
area and the findings inspections drew from them. :mod:`oversight.demo` builds the programmes and
inspections from them."""

from __future__ import annotations

from oversight.choices import Area, FindingKind, Severity

YEARS = range(2015, 2022)

PROVINCE = "HD"

#: Units inspected in turn (their Party organisations), with the area looked at most.
TARGETS = [
    ("HD-PH10", Area.BUDGET),
    ("HD-TH", Area.CONSTRUCTION),
    ("HD-PK02", Area.EQUIPMENT),
    ("HD-BX", Area.CLINIC),
    ("HD-CL", Area.CONSTRUCTION),
    ("HD-PC08", Area.EQUIPMENT),
    ("HD-BG", Area.BUDGET),
    ("HD-PH10-KHO", Area.EQUIPMENT),
    ("HD-NS", Area.CONSTRUCTION),
    ("HD-PC02", Area.EQUIPMENT),
    ("HD-TM", Area.BUDGET),
    ("HD-PA08", Area.CONSTRUCTION),
    ("HD-TK", Area.EQUIPMENT),
    ("HD-KT", Area.BUDGET),
    ("HD-TH-THANHHONG", Area.EQUIPMENT),
]

AREA_SUBJECTS = {
    Area.BUDGET: "công tác tài chính, quản lý và sử dụng ngân sách",
    Area.EQUIPMENT: "công tác quản lý, sử dụng phương tiện, trang thiết bị",
    Area.CONSTRUCTION: "công tác đầu tư xây dựng, sửa chữa doanh trại",
    Area.CLINIC: "công tác y tế, quản lý thuốc và vật tư y tế",
    Area.OTHER: "công tác hậu cần",
}

#: Findings by area: (summary, kind, severity, amount range in đồng or None, recommendations).
FINDINGS = {
    Area.BUDGET: [
        (
            "Chứng từ thanh toán thiếu chữ ký, chưa đủ hồ sơ theo quy định",
            FindingKind.SHORTCOMING,
            Severity.MINOR,
            (8_000_000, 45_000_000),
            ["Bổ sung đầy đủ chữ ký, hồ sơ chứng từ thanh toán còn thiếu"],
        ),
        (
            "Chi sai mục chi, hạch toán không đúng nguồn kinh phí được giao",
            FindingKind.VIOLATION,
            Severity.SERIOUS,
            (25_000_000, 180_000_000),
            [
                "Hạch toán điều chỉnh lại các khoản chi theo đúng mục chi, nguồn kinh phí",
                "Tổ chức kiểm điểm, rút kinh nghiệm đối với tập thể, cá nhân có liên quan",
            ],
        ),
        (
            "Tạm ứng quá hạn chưa thanh toán, chưa thu hồi",
            FindingKind.SHORTCOMING,
            Severity.SERIOUS,
            (12_000_000, 60_000_000),
            ["Thu hồi hoặc thanh toán dứt điểm các khoản tạm ứng quá hạn"],
        ),
    ],
    Area.EQUIPMENT: [
        (
            "Sổ theo dõi tài sản, trang cấp chưa được cập nhật đầy đủ, kịp thời",
            FindingKind.SHORTCOMING,
            Severity.MINOR,
            None,
            ["Cập nhật đầy đủ sổ theo dõi tài sản, trang cấp và đối chiếu với thực tế"],
        ),
        (
            "Kiểm kê cuối năm chưa đầy đủ, có chênh lệch giữa sổ sách và thực tế",
            FindingKind.VIOLATION,
            Severity.SERIOUS,
            (15_000_000, 95_000_000),
            [
                "Xác định nguyên nhân chênh lệch, xử lý trách nhiệm bồi hoàn theo quy định",
                "Tổ chức kiểm kê lại toàn bộ tài sản của đơn vị",
            ],
        ),
        (
            "Phương tiện không được bảo dưỡng định kỳ theo quy định",
            FindingKind.SHORTCOMING,
            Severity.MINOR,
            None,
            ["Lập kế hoạch và thực hiện bảo dưỡng định kỳ phương tiện"],
        ),
    ],
    Area.CONSTRUCTION: [
        (
            "Hồ sơ nghiệm thu hạng mục công trình chưa đầy đủ",
            FindingKind.SHORTCOMING,
            Severity.MINOR,
            None,
            ["Hoàn thiện hồ sơ nghiệm thu, hoàn công các hạng mục"],
        ),
        (
            "Khối lượng thanh toán vượt khối lượng thực tế thi công",
            FindingKind.VIOLATION,
            Severity.VERY_SERIOUS,
            (60_000_000, 420_000_000),
            [
                "Thu hồi số tiền thanh toán vượt khối lượng, nộp lại ngân sách",
                "Kiểm điểm trách nhiệm của bộ phận giám sát thi công",
            ],
        ),
        (
            "Chậm tiến độ thi công so với hợp đồng đã ký",
            FindingKind.SHORTCOMING,
            Severity.SERIOUS,
            None,
            ["Đôn đốc nhà thầu, bổ sung biện pháp bảo đảm tiến độ"],
        ),
    ],
    Area.CLINIC: [
        (
            "Sổ xuất, nhập thuốc chưa khớp với số lượng thực tế trong kho",
            FindingKind.VIOLATION,
            Severity.SERIOUS,
            (5_000_000, 30_000_000),
            ["Đối chiếu, điều chỉnh sổ xuất, nhập thuốc; làm rõ trách nhiệm"],
        ),
        (
            "Thuốc, vật tư y tế hết hạn sử dụng chưa được thanh lý",
            FindingKind.SHORTCOMING,
            Severity.MINOR,
            None,
            ["Lập hội đồng thanh lý thuốc, vật tư y tế hết hạn"],
        ),
        (
            "Hồ sơ mua sắm vật tư phòng, chống dịch chưa đủ báo giá theo quy định",
            FindingKind.SHORTCOMING,
            Severity.SERIOUS,
            (10_000_000, 80_000_000),
            ["Bổ sung hồ sơ mua sắm; thực hiện đúng quy trình lựa chọn nhà cung cấp"],
        ),
    ],
}

AREA_APPS = {Area.BUDGET: "budget", Area.EQUIPMENT: "assets", Area.CONSTRUCTION: "construction", Area.CLINIC: "medical"}

EVIDENCE_TEXT = "Báo cáo kết quả khắc phục theo kết luận kiểm tra (tài liệu demo).\n"
