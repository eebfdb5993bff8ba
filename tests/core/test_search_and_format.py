import datetime

import pytest
from django.urls import reverse

from assets.models import FixedAssetClass, Voucher
from budget.models import FiscalYear
from logistics.formatting import display_value, vnd, vnd_in_words, vnd_words, vndate
from logistics.models import Personnel
from logistics.search import filter_by_search, fold
from medical.models import Patient
from tests.conftest import api_for, logged_in
from tests.factories import SupplierFactory
from tests.plans import query_plan

pytestmark = pytest.mark.django_db


def test_fold_matches_what_the_database_computes(tree):
    from logistics.models import Unit

    unit = Unit.objects.get(pk=tree.district_a.pk)
    assert unit.search_text == fold(f"{unit.code} {unit.name}") == "p-th cong an huyen thanh ha"
    assert fold("ĐÔNG Đồng ưỚC") == "dong dong uoc"


@pytest.mark.parametrize("query", ["thanh ha", "THANH HÀ", "Thanh Hà", "huyen thanh"])
def test_search_without_accents_finds_the_unit(officer, tree, query):
    page = logged_in(officer).get(reverse("logistics:unit_list"), {"q": query}).content.decode()
    assert "Công an huyện Thanh Hà" in page
    assert "Bình Giang" not in page


def test_search_dong_finds_dong_with_accents(officer):
    SupplierFactory(name="Công ty CP Thành Đông")
    SupplierFactory(name="Công ty TNHH Đồng Tiến")
    SupplierFactory(name="Công ty TNHH Hải Nam")
    names = [row["name"] for row in api_for(officer).get("/api/suppliers/", {"q": "dong"}).json()["results"]]
    assert sorted(names) == ["Công ty CP Thành Đông", "Công ty TNHH Đồng Tiến"]


def test_bulk_updates_keep_the_search_column_right(officer):
    from logistics.models import Supplier

    supplier = SupplierFactory(name="Tên cũ")
    Supplier.objects.filter(pk=supplier.pk).update(name="Công ty Đông Á")
    assert api_for(officer).get("/api/suppliers/", {"q": "dong a"}).json()["count"] == 1


def test_money_and_dates_are_vietnamese():
    assert vnd(1234567) == "1.234.567\u00a0₫"
    assert vnd(-5000) == "−5.000\u00a0₫"
    assert vnd_words(72_500_000_000) == "72,5 tỷ đồng"
    assert vnd_words(2_853_000_000) == "2,85 tỷ đồng"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (25, "Hai mươi lăm đồng"),
        (105, "Một trăm lẻ năm đồng"),
        (1_015, "Một nghìn không trăm mười lăm đồng"),
        (1_000_001, "Một triệu không trăm lẻ một đồng"),
        (200_010_000, "Hai trăm triệu không trăm mười nghìn đồng"),
        (2_853_000_000, "Hai tỷ tám trăm năm mươi ba triệu đồng"),
        (72_501_000_000, "Bảy mươi hai tỷ năm trăm lẻ một triệu đồng"),
        (1_000_000_000_021, "Một nghìn tỷ không trăm hai mươi mốt đồng"),
        (-3, "Âm ba đồng"),
    ],
)
def test_amounts_are_written_out_as_on_a_signed_document(amount, words):
    assert vnd_in_words(amount) == words
    assert vnd_words(148_000_000_000) == "148 tỷ đồng"
    assert vnd_words(12_300_000) == "12,3 triệu đồng"
    assert vndate(datetime.date(2025, 3, 1)) == "01/03/2025"


def test_dates_on_pages_are_dd_mm_yyyy(officer, tree):
    page = logged_in(officer).get(reverse("logistics:unit_detail", args=[tree.province.pk])).content.decode()
    assert "01/01/1997" in page


def test_years_are_written_without_a_thousands_dot():
    assert display_value(FiscalYear._meta.get_field("year"), 2026) == "2026"
    assert display_value(Voucher._meta.get_field("minutes_year"), 2025) == "2025"
    assert display_value(Patient._meta.get_field("birth_year"), 1985) == "1985"
    # A count is still grouped the Vietnamese way.
    assert display_value(FixedAssetClass._meta.get_field("useful_life_years"), 1200) == "1.200"


def test_a_day_given_the_iso_way_in_a_link_is_shown_dd_mm_yyyy(officer, tree):
    # The year close links to the open advances "as at 2025-12-31": the officer reads 31/12/2025.
    page = logged_in(officer).get(reverse("budget:open_advances") + f"?as_of=2025-12-31&unit={tree.province.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="31/12/2025"' in html
    assert 'value="2025-12-31"' not in html
    # What cannot be read as a day is shown back as typed, beside its error.
    typed = logged_in(officer).get(reverse("budget:open_advances") + "?as_of=2025-13-45").content.decode()
    assert 'value="2025-13-45"' in typed


NAMES = [
    "Công ty TNHH Đồng Tiến",
    "Công ty CP Thành Đông",
    "Xe ô tô biển 34A-901.01",
    "Hộ kinh doanh Nguyễn_Văn An",
    "Trạm 2 Cẩm Chế (cũ)",
    "Nhà thầu số 12a/2024",
]
QUERIES = [
    "dong",
    "34a",
    "901",
    "34a-901.01",
    "a-901",
    "van",
    "nguyen_v",
    "12a/20",
    "tram 2",
    "che (",
    "cu",
    "ong",
    "(",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_word_index_keeps_exactly_what_the_word_rule_finds(db, query):
    """The index narrows, the regular expression decides: the answer is the same as with the rule alone."""
    from logistics.models import Supplier
    from logistics.search import filter_by_search, search_terms, word_prefix_pattern

    for name in NAMES:
        SupplierFactory(name=name)
    rule_only = Supplier.objects.all()
    for term in search_terms(query):
        rule_only = rule_only.filter(search_text__regex=word_prefix_pattern(term))
    indexed = filter_by_search(Supplier.objects.all(), query)
    assert "search_words" in str(indexed.query) or not any(c.isalnum() for c in query)
    assert sorted(indexed.values_list("name", flat=True)) == sorted(rule_only.values_list("name", flat=True))


def test_search_is_answered_from_the_word_index(db):
    """The filter is written so that PostgreSQL can use the GIN index (the plan names it)."""
    plan = query_plan(filter_by_search(Personnel.objects.all(), "nguyen van"))
    assert "logistics_personnel_words" in plan, plan


def test_a_yes_no_filter_offers_all_yes_and_no(officer, tree):
    from tests.factories import PersonnelFactory

    PersonnelFactory(unit=tree.district_a, is_party_member=True)
    PersonnelFactory(unit=tree.district_a, is_party_member=False)
    client = logged_in(officer)
    page = client.get(reverse("logistics:personnel_list")).content.decode()
    assert '<option value="unknown" selected>Tất cả</option>' in page and "Chưa xác định" not in page
    assert client.get(reverse("logistics:personnel_list"), {"is_party_member": "true"}).context["row_count"] == 1
    assert client.get(reverse("logistics:personnel_list"), {"is_party_member": "unknown"}).context["row_count"] == 2
