"""What the equipment services share: locks, checks and wording used by several sections."""

from __future__ import annotations

from assets.choices import (
    VoucherKind,
)

NUMBER_LOCK = 7_300_200
#: Serialises the numbering of one unit's handover minutes (with the unit's id as second key).
MINUTES_LOCK = 7_300_201


PREFIXES = {
    VoucherKind.RECEIPT: "NK",
    VoucherKind.ISSUE: "CP",
    VoucherKind.TRANSFER: "DC",
    VoucherKind.RETURN: "TH",
    VoucherKind.DISPOSAL: "TL",
    VoucherKind.STOCKTAKE: "KK",
    VoucherKind.REVALUATION: "NG",
    # Phiếu xuất dùng, gửi sửa chữa, nhận về sau sửa chữa, ghi giảm (do mất).
    VoucherKind.CONSUMPTION: "XD",
    VoucherKind.REPAIR_OUT: "SC",
    VoucherKind.REPAIR_BACK: "NSC",
    VoucherKind.LOSS: "GM",
    VoucherKind.MERGER: "SN",
}


IDENTIFIERS = ("serial_number", "plate_number", "chassis_number", "engine_number")
