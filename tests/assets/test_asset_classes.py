"""Fixed-asset classes are reference data with versions valid for spans of years (the law changes:
Circular 23/2023/TT-BTC, then 141/2025/TT-BTC from 2026): no two versions of one code hold in the
same year — checked by the service under an advisory lock, also for two saves at the same moment —
and administrators keep them (special police classes included), through the page and the API."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assets import services
from assets.models import FixedAssetClass
from assets.selectors import class_in_force, class_versions
from tests.assets.test_parallel_issue import run_in_parallel
from tests.conftest import api_for, logged_in

FIELDS = {"code": "XE-MOTO", "name": "Xe mô tô", "wear_rate": Decimal("20.00"), "useful_life_years": 5}


def create(**fields):
    return services.fixed_asset_class_create(actor=None, **{**FIELDS, **fields})


@pytest.mark.django_db
def test_versions_of_one_code_follow_one_another_and_never_overlap():
    first = create(valid_to=2025, basis="Thông tư 23/2023/TT-BTC")
    later = create(valid_from=2026, wear_rate=Decimal("10.00"), useful_life_years=10, basis="Thông tư 141/2025/TT-BTC")
    for clash in ({"valid_from": 2024}, {"valid_from": 2025, "valid_to": 2027}):
        with pytest.raises(ValidationError) as refused:
            create(**clash)
        assert list(refused.value.message_dict) == ["valid_from"], refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        create()  # a second version open at both ends: the same start as the first
    assert refused.value.messages
    # Moving the first version's end into the later one is refused too.
    with pytest.raises(ValidationError) as refused:
        services.fixed_asset_class_update(actor=None, fixed_asset_class=first, valid_to=2026)
    assert "valid_from" in refused.value.message_dict
    # Another code is another class.
    create(code="XE-OTO", name="Xe ô tô", valid_from=2024)
    assert FixedAssetClass.objects.filter(code="XE-MOTO").count() == 2
    versions = class_versions(["XE-MOTO"])
    assert class_in_force(later, 2020, versions) == first  # before the first known: the first
    assert class_in_force(first, 2025, versions) == first
    assert class_in_force(first, 2026, versions) == later
    assert class_in_force(first, 2040, versions) == later


@pytest.mark.django_db
def test_a_version_cannot_end_before_it_starts_nor_rate_over_100():
    with pytest.raises(ValidationError) as refused:
        create(valid_from=2026, valid_to=2025)
    assert refused.value.messages
    with pytest.raises(ValidationError) as refused:
        create(wear_rate=Decimal("120"))
    assert "wear_rate" in refused.value.message_dict
    assert not FixedAssetClass.objects.exists()


@pytest.mark.django_db
def test_administrators_keep_the_classes_special_police_ones_included(admin_user, officer):
    client = api_for(admin_user)
    response = client.post(
        "/api/assets/asset-classes/",
        {
            "code": "CAND-NV",
            "name": "Phương tiện, thiết bị chuyên dùng nghiệp vụ Công an",
            "wear_rate": "12.50",
            "useful_life_years": 8,
            "is_special_police": True,
            "valid_from": 2026,
            "basis": "Quy định của Bộ Công an",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = FixedAssetClass.objects.get(code="CAND-NV")
    assert created.is_special_police and created.valid_from == 2026
    # An overlapping version: a 400 beside its first year.
    response = client.post(
        "/api/assets/asset-classes/",
        {"code": "CAND-NV", "name": "Trùng", "wear_rate": "10", "useful_life_years": 10, "valid_from": 2027},
        format="json",
    )
    assert response.status_code == 400 and "valid_from" in response.json()["errors"], response.content
    response = client.patch(f"/api/assets/asset-classes/{created.pk}/", {"wear_rate": "10.00"}, format="json")
    assert response.status_code == 200, response.content
    # Through the page as well.
    page = logged_in(admin_user).post(
        reverse("assets:fixedassetclass_add"),
        {"code": "CAND-VK", "name": "Vũ khí", "wear_rate": "10", "useful_life_years": 10, "is_special_police": "on"},
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    # The officer reads the classes the law sets, and changes none.
    assert api_for(officer).get("/api/assets/asset-classes/").status_code == 200
    assert (
        api_for(officer).post("/api/assets/asset-classes/", {**FIELDS, "wear_rate": "20"}, format="json").status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.fixed_asset_class_update(actor=officer, fixed_asset_class=created, wear_rate=Decimal("5"))


@pytest.mark.django_db
def test_the_list_filters_the_versions_valid_in_a_year(admin_user):
    create(valid_to=2025)
    create(valid_from=2026, wear_rate=Decimal("10.00"))
    rows = api_for(admin_user).get("/api/assets/asset-classes/", {"valid_in": 2026}).json()["results"]
    assert [(row["code"], row["valid_from"], row["wear_rate"]) for row in rows] == [("XE-MOTO", 2026, 10)]
    response = api_for(admin_user).get("/api/assets/asset-classes/", {"valid_in": "abc"})
    assert response.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_versions_saved_at_once_one_goes_through():
    outcomes = run_in_parallel([lambda: create(valid_from=2026), lambda: create(valid_from=2027)])
    assert outcomes.count("ok") == 1, outcomes
    refusal = next(outcome for outcome in outcomes if outcome != "ok")
    assert isinstance(refusal, list) and len(refusal) == 1, refusal
    assert FixedAssetClass.objects.filter(code="XE-MOTO").count() == 1
