"""Construction on the commander's dashboard and in the annual logistics report: every figure is the
total of the list of works behind it, within the user's scope."""

import pytest
from django.urls import reverse
from django.utils import timezone

from construction.choices import WorkKind
from tests.conftest import logged_in
from tests.construction.conftest import YEAR

pytestmark = pytest.mark.django_db

PERIOD = {"date_from": f"01/01/{YEAR}", "date_to": f"31/12/{YEAR}"}


@pytest.fixture
def site(works, tree):
    """Works of two districts: under construction (one late by now), accepted and settled in YEAR, and a
    proposal whose planned completion has passed (a proposal is not overdue: nothing was decided)."""
    return {
        "late": works.started(unit=tree.commune_a1, name="Cải tạo trụ sở Công an xã Thanh Hồng"),
        "on_time": works.started(
            unit=tree.district_b, name="Nhà làm việc Bình Giang", planned_end=timezone.localdate().replace(year=2099)
        ),
        "accepted": works.accepted(unit=tree.district_a, kind=WorkKind.RENOVATION, name="Cải tạo hội trường"),
        "settled": works.settled(unit=tree.district_b, name="Nhà làm việc 2 tầng Bình Giang"),
        "proposed": works.proposed(unit=tree.district_a, name="Sửa chữa nhà xe"),
    }


def construction_section(user, **params):
    response = logged_in(user).get(reverse("home"), {**PERIOD, **params})
    assert response.status_code == 200
    return next(section for section in response.context["sections"] if section.key == "construction")


def rows_behind(client, link):
    return client.get(link).context["row_count"]


def test_each_figure_and_segment_is_the_count_of_its_list(site, admin_user):
    section = construction_section(admin_user)
    client = logged_in(admin_user)
    under_way, overdue, completed = section.cards
    assert (under_way.value, overdue.value, completed.value) == (2, 1, 2)
    for card in section.cards:
        assert rows_behind(client, card.link) == card.value, card.label
    bars = {bar.label: bar for bar in section.charts[0].bars}
    assert bars["Xây mới"].value == 1 and bars["Cải tạo"].value == 1
    for bar in bars.values():
        assert rows_behind(client, bar.link) == bar.value, bar.label
    # Overdue first, then the works under way by planned completion.
    assert [row["link"] for row in section.table] == [site[key].get_absolute_url() for key in ("late", "on_time")]
    assert [row["tone"] for row in section.table] == ["danger", ""]


def test_a_commune_commander_sees_only_the_communes_works(site, commune_commander):
    section = construction_section(commune_commander)
    assert [card.value for card in section.cards] == [1, 1, 0]
    assert [row["link"] for row in section.table] == [site["late"].get_absolute_url()]


def test_the_annual_report_counts_the_items_completed(site, admin_user, tree):
    report = logged_in(admin_user).get(reverse("annual_report"), PERIOD).context["report"]
    by_kind = next(section for section in report.sections if section.title == "Hạng mục xây dựng hoàn thành theo loại")
    assert by_kind.totals["count"] == 2
    district_a = logged_in(admin_user).get(reverse("annual_report"), {**PERIOD, "unit": tree.district_a.pk})
    by_kind = next(s for s in district_a.context["report"].sections if s.title.startswith("Hạng mục xây dựng"))
    assert by_kind.totals["count"] == 1


def test_no_construction_section_without_the_permission(site, make_user, tree):
    from logistics.roles import Role

    clinic = make_user(Role.CLINIC_STAFF, tree.province)
    response = logged_in(clinic).get(reverse("home"), PERIOD)
    assert "construction" not in [section.key for section in response.context["sections"]]
