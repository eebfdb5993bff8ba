"""What the equipment services share: locks, checks and wording used by several sections."""

from __future__ import annotations

from assets.choices import (
    VoucherKind,
)

NUMBER_LOCK = 7_300_200


PREFIXES = {
    VoucherKind.RECEIPT: "NK",
    VoucherKind.ISSUE: "CP",
    VoucherKind.TRANSFER: "DC",
    VoucherKind.RETURN: "TH",
    VoucherKind.DISPOSAL: "TL",
    VoucherKind.STOCKTAKE: "KK",
    VoucherKind.REVALUATION: "NG",
}


IDENTIFIERS = ("serial_number", "plate_number", "chassis_number", "engine_number")
