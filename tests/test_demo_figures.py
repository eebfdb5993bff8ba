"""The demo data reproduces the source document's figures through the system's own reports, passes
the consistency checks, and loads twice without change (the shared demo data: tests/conftest.py)."""

import datetime
import io
import re

import pypdf
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client

from assets.choices import VoucherKind
from assets.demo_data import COVID_CONSUMABLES
from assets.models import Holding, Item, Voucher, VoucherLine
from logistics.models import Unit, User
from tests.conftest import DEMO, api_for

pytestmark = [*DEMO, pytest.mark.django_db]

COUNTED_MODELS = (
    "budget.Allocation",
    "budget.Spending",
    "assets.Voucher",
    "assets.Movement",
    "construction.Project",
    "construction.Payment",
    "medical.Encounter",
    "oversight.Inspection",
    "oversight.Recommendation",
)


def counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED_MODELS}


@pytest.fixture
def demo():
    return counts()


def pdf_text(response) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages).split()
    )


def test_a_second_load_changes_nothing(demo):
    call_command("load_demo_data", verbosity=0)
    assert counts() == demo


def test_the_2015_2020_annual_report_shows_the_source_figures(demo):
    client = Client()
    client.force_login(User.objects.get(username="auditor"))
    text = pdf_text(
        client.get("/reports/annual/", {"date_from": "01/01/2015", "date_to": "31/12/2020", "format": "pdf"})
    )
    assert "BÁO CÁO TỔNG KẾT CÔNG TÁC HẬU CẦN" in text
    assert "2.853.000.000" in text and "2,85 tỷ đồng" in text  # regular funding: "hơn 2,8 tỷ đồng"
    for name, count in [
        ("Xe ô tô các loại", 34),
        ("Xe mô tô 2 bánh", 28),
        ("Xuồng máy", 2),
        ("Ca-mê-ra các loại", 7),
        ("Va-li khám nghiệm hiện trường", 34),
        ("Ống nhòm hồng ngoại", 1),
        ("Còi ủ tăng âm", 10),
    ]:
        assert re.search(rf"{re.escape(name)} .{{0,60}}? {count} ", text), name
    assert "72,5 tỷ đồng" in text and "Bảy mươi hai tỷ năm trăm lẻ một triệu đồng" in text
    assert re.search(r"Hạng mục xây mới, cải tạo, sửa chữa .{0,40}?\b148\b", text)  # 148 construction items
    clinic = pdf_text(
        client.get("/reports/annual/", {"date_from": "01/01/2020", "date_to": "31/12/2020", "format": "pdf"})
    )
    for figure in ("1.655", "244", "1.505", "66", "42", "175", "245", "309", "280"):
        assert f" {figure} " in clinic


def test_the_source_counts_through_the_reports_as_data(demo):
    client = Client()
    client.force_login(User.objects.get(username="auditor"))
    issued = client.get("/reports/annual/", {"date_from": "01/01/2015", "date_to": "31/12/2020"}).context["report"]
    by_type = next(section for section in issued.sections if section.title == "Trang cấp theo loại trang bị")
    counts_by_type = {row["label"]: row["quantity"] for row in by_type.rows}
    assert counts_by_type["Tủ sắt 4 cánh"] + counts_by_type["Tủ sắt 2 cánh"] == 325
    assert by_type.totals["value"] == 72_501_000_000
    built = next(s for s in issued.sections if s.title == "Hạng mục xây dựng hoàn thành theo loại")
    assert built.totals["count"] == 148
    caseload = client.get("/api/medical/caseload/", {"date_from": "2020-01-01", "date_to": "2020-12-31"}).json()
    assert caseload["sections"][0]["totals"]["count"] == 4521


def test_the_named_construction_works_of_the_source(demo):
    from construction.choices import COMPLETED, ProjectStatus
    from construction.models import Payment, Project

    commander = User.objects.get(username="commander")
    data = (
        api_for(commander)
        .get("/api/construction/reports/completed/", {"date_from": "2015-01-01", "date_to": "2020-12-31"})
        .json()
    )
    assert data["sections"][0]["totals"]["count"] == 148
    completed = Project.objects.filter(status__in=COMPLETED, actual_end__year__range=(2015, 2020))
    assert completed.filter(phase="Giai đoạn I", beneficiary_unit__code="HD-CL").exists()
    two_storey = completed.filter(name__startswith="Xây dựng nhà làm việc 2 tầng")
    assert sorted(two_storey.values_list("beneficiary_unit__code", flat=True)) == sorted(
        ["HD-TH", "HD-BG", "HD-TM", "HD-TK", "HD-KT", "HD-NS", "HD-PC02", "HD-PA08", "HD-PK02"]
    )
    renovated_stations = completed.filter(
        kind="renovation", beneficiary_unit__kind="commune", name__startswith="Cải tạo, sửa chữa trụ sở"
    )
    assert renovated_stations.count() == 23
    assert Project.objects.overdue().filter(status=ProjectStatus.UNDER_CONSTRUCTION).count() >= 2
    assert set(Payment.objects.values_list("spending__allocation__category__code", flat=True)) == {"XDSC"}
    # Works of the dissolved district police are dated before 01/03/2025.
    for project in Project.objects.filter(beneficiary_unit__valid_to__isnull=False):
        assert project.planned_start < datetime.date(2025, 3, 1)
    # Their office buildings passed to the successor before the district police were dissolved.
    from assets.models import Item

    buildings = Item.objects.filter(item_type__code="NHA-LAMVIEC")
    assert buildings.count() >= 9
    assert not buildings.filter(holder_unit__kind="district").exists()


def test_the_2020_clinic_caseload_exactly(demo):
    from medical import demo as medical_demo
    from medical import selectors
    from medical.models import Encounter

    expected = dict(medical_demo.CASELOAD_2020)
    for username in ("admin", "commander"):
        _report, figures = selectors.caseload_report(
            User.objects.get(username=username),
            date_from=datetime.date(2020, 1, 1),
            date_to=datetime.date(2020, 12, 31),
        )
        assert figures.by_service == expected and figures.total == 4521
    assert Encounter.objects.filter(date__year=2020).count() == 4521
    assert Encounter.objects.filter(date__year=2019).count() > 3000
    assert apps.get_model("medical", "EncounterEvent").objects.count() == Encounter.objects.count()


def test_the_demo_data_passes_the_consistency_checks(demo):
    """Holdings equal the ledger, allocation totals equal their entries and purchases cite their
    payments after the whole demo."""
    call_command("check_holdings", verbosity=0)
    call_command("check_budget_totals", verbosity=0)
    # Every purchase of the demo cites the spending entry that paid for it.
    call_command("check_purchases", verbosity=0)


def test_the_equipment_dashboard_shows_whole_figures(demo):
    """Goods leave at a unit value rounded once to whole đồng, times the quantity, the last units
    taking the rest: every figure adds up from the source's prices (whole thousands), never to a
    sum like 48.792.999.998 ₫."""
    body = (
        api_for(User.objects.get(username="auditor"))
        .get("/api/dashboard/", {"date_from": "2015-01-01", "date_to": "2020-12-31"})
        .json()
    )
    equipment = next(section for section in body["sections"] if section["key"] == "assets")
    held, issued = equipment["cards"][1]["value"], equipment["cards"][3]["value"]
    assert held % 1000 == 0 and issued % 1000 == 0, (held, issued)
    assert issued == 72_501_000_000  # value issued 2015–2020, as in the annual report


def test_the_2025_reorganisation_hands_over_by_merger_vouchers(demo):
    dissolved = Unit.objects.filter(valid_to__isnull=False)
    # Buildings the construction demo registers later, dated before the reorganisation, follow by
    # supplementary merger vouchers (construction.demo.hand_buildings_to_successors).
    assert not Holding.objects.filter(unit__in=dissolved, quantity__gt=0).exists()
    assert not Item.objects.filter(holder_unit__in=dissolved).exists()
    mergers = list(Voucher.objects.filter(kind=VoucherKind.MERGER).select_related("from_unit"))
    assert len(mergers) >= 2
    for merger in mergers:
        assert merger.date == merger.from_unit.valid_to + datetime.timedelta(days=1)
        assert merger.to_unit_id == merger.from_unit.successor_id
        assert merger.minutes_number
    # Nothing was taken back to the store beforehand any more.
    assert not Voucher.objects.filter(kind=VoucherKind.RETURN, date=datetime.date(2025, 2, 20)).exists()
    # Every line of goods counted by quantity multiplies out on paper, or is printed in two rows.
    assert VoucherLine.objects.filter(voucher__kind=VoucherKind.MERGER).count() > len(mergers)


def test_the_demo_uses_up_repairs_writes_off_and_registers_as_the_readme_says():
    """The demo's equipment story after 2020: the COVID-19 consumables used up by consumption
    vouchers 2020–2021, two vehicle repair round trips, a lost siren written off on a decision,
    uniforms issued with the officer named, and every new building and vật kiến trúc registered."""
    consumed = Voucher.objects.filter(kind=VoucherKind.CONSUMPTION, status="posted", reverses__isnull=True)
    assert consumed.filter(date__year__in=(2020, 2021)).count() == 84
    left = Holding.objects.filter(item_type__code__in=COVID_CONSUMABLES).aggregate(value=Sum("value"))["value"] or 0
    assert 0 <= left < 10_000_000  # of about 577 triệu received
    for kind in (VoucherKind.REPAIR_OUT, VoucherKind.REPAIR_BACK):
        assert Voucher.objects.filter(kind=kind, status="posted", reverses__isnull=True).count() == 2
    assert not Item.objects.filter(status="under_repair").exists()
    loss = Voucher.objects.get(kind=VoucherKind.LOSS)
    assert loss.decision_number and loss.decision_date
    assert {line.item.status for line in loss.lines.select_related("item")} == {"lost"}
    assert Voucher.objects.filter(kind=VoucherKind.ISSUE, to_person__isnull=False).count() >= 11
    buildings = Item.objects.filter(item_type__fixed_asset_class__is_building=True)
    assert buildings.count() == 32
    # 104,168 tỷ as settled, plus the 1,462 tỷ renovation of Chí Linh's phase I office in 2024.
    assert buildings.filter(item_type__code="NHA-LAMVIEC").aggregate(cost=Sum("cost"))["cost"] == (
        104_168_000_000 + 1_462_000_000
    )
