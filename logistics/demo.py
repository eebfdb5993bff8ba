"""Demo data of the shared core: the Hải Dương provincial police as the source document names it,
with the 2025 reorganisation recorded as history, personnel, suppliers and one account per role.

Idempotent: records are found by their codes and created only when missing.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings

from logistics import services
from logistics.demo_data import (
    CLINIC,
    DEMO_ACCOUNTS,
    DEPARTMENTS,
    DISTRICTS,
    DISTRICTS_DISSOLVED,
    FOUNDED,
    GIVEN,
    MIDDLE,
    POSITIONS,
    PROVINCE,
    PROVINCES_MERGED,
    STATIONS,
    SUCCESSOR_CITY,
    SUPPLIERS,
    SURNAMES,
    WAREHOUSE,
)
from logistics.models import Personnel, Rank, Supplier, Unit, UnitKind


def _unit(code, name, kind, parent, valid_from=FOUNDED) -> Unit:
    existing = Unit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return services.unit_create(actor=None, code=code, name=name, kind=kind, parent=parent, valid_from=valid_from)


def load_units() -> dict[str, Unit]:
    province = _unit(*PROVINCE, UnitKind.PROVINCE, None)
    for code, name in DEPARTMENTS:
        _unit(code, name, UnitKind.DEPARTMENT, Unit.objects.get(pk=province.pk))
    _unit(*CLINIC, UnitKind.CLINIC, Unit.objects.get(pk=province.pk))
    _unit(*WAREHOUSE, UnitKind.WAREHOUSE, Unit.objects.get(code="HD-PH10"))
    for code, name, communes in DISTRICTS:
        district = _unit(code, name, UnitKind.DISTRICT, Unit.objects.get(pk=province.pk))
        for suffix, commune_name in communes:
            _unit(f"{code}-{suffix}", commune_name, UnitKind.COMMUNE, Unit.objects.get(pk=district.pk))
    for district_code, code, name in STATIONS:
        _unit(code, name, UnitKind.STATION, Unit.objects.get(code=district_code))
    # Hải Phòng's force, which Hải Dương's merges into on 01/07/2025 (apply_reorganisation).
    _unit(*SUCCESSOR_CITY, UnitKind.PROVINCE, None, valid_from=PROVINCES_MERGED)
    return {unit.code: unit for unit in Unit.objects.all()}


def apply_reorganisation() -> None:
    """01/03/2025 district police dissolved; 01/07/2025 the force merged into Hải Phòng's.

    Each dissolution hands over what the unit holds by the merger voucher it writes, so the
    equipment's demo calls this once its history up to 2024 is recorded (``assets.demo``), and
    :func:`finish` calls it again (it does nothing twice) for a demo without that history."""
    province = Unit.objects.get(code=PROVINCE[0])
    for code, _name, _communes in DISTRICTS:
        district = Unit.objects.get(code=code)
        if not district.is_dissolved:
            services.unit_dissolve(
                actor=None,
                unit=district,
                successor=Unit.objects.get(pk=province.pk),
                effective_date=DISTRICTS_DISSOLVED,
            )
    city = Unit.objects.get(code=SUCCESSOR_CITY[0])
    province.refresh_from_db()
    if not province.is_dissolved:
        services.unit_dissolve(actor=None, unit=province, successor=city, effective_date=PROVINCES_MERGED)


def load_personnel(rng: random.Random) -> None:
    if Personnel.objects.exists():
        return
    number = 100_000
    people = []
    for unit in Unit.objects.exclude(code=SUCCESSOR_CITY[0]).order_by("path"):
        for position, rank in POSITIONS[unit.kind]:
            number += rng.randint(1, 90)
            people.append(
                {
                    "full_name": f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                    "service_number": f"{number // 1000:03d}-{number % 1000:03d}",
                    "rank": rank,
                    "position": position,
                    "unit": unit,
                    "date_of_birth": datetime.date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28)),
                    "is_party_member": rank not in (Rank.SERGEANT, Rank.CIVILIAN),
                    "is_active": True,
                }
            )
    services.personnel_create_many(actor=None, people=people)


def load_suppliers() -> None:
    for name, kind, tax_code, address in SUPPLIERS:
        if not Supplier.objects.filter(tax_code=tax_code).exists():
            services.supplier_create(actor=None, name=name, kind=kind, tax_code=tax_code, address=address)


def load_accounts() -> list[tuple[str, str, str]]:
    accounts = []
    for username, full_name, unit_code, role, is_staff in DEMO_ACCOUNTS:
        user = services.account_provide(
            actor=None,
            username=username,
            full_name=full_name,
            unit=Unit.objects.get(code=unit_code),
            role=role,
            password=settings.DEMO_PASSWORD,
            is_staff=is_staff,
        )
        accounts.append((username, str(role.label), str(user.unit)))
    return accounts


def load() -> list[tuple[str, str, str]]:
    load_units()
    load_personnel(random.Random(2015))
    load_suppliers()
    return load_accounts()


def finish() -> None:
    apply_reorganisation()
