import datetime

import pytest
from django.urls import reverse

from logistics.search import fold
from logistics.templatetags.vnformat import vnd, vnd_words, vndate
from tests.conftest import api_for, logged_in
from tests.factories import SupplierFactory

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
    assert vnd_words(148_000_000_000) == "148 tỷ đồng"
    assert vnd_words(12_300_000) == "12,3 triệu đồng"
    assert vndate(datetime.date(2025, 3, 1)) == "01/03/2025"


def test_dates_on_pages_are_dd_mm_yyyy(officer, tree):
    page = logged_in(officer).get(reverse("logistics:unit_detail", args=[tree.province.pk])).content.decode()
    assert "01/01/1997" in page
