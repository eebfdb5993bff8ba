import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from logistics import services
from logistics.models import Unit, UnitKind
from logistics.roles import Role
from logistics.selectors import current_successor, rollup_map, rollup_unit_ids

pytestmark = pytest.mark.django_db


def test_create_builds_the_tree_and_mirrors_the_parent(tree):
    assert tree.commune_a1.parent == tree.district_a
    assert Unit.objects.get_parent(tree.commune_a1) == tree.district_a
    assert set(Unit.objects.subtree_of(tree.district_a)) == {tree.district_a, tree.commune_a1, tree.commune_a2}
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_create_refuses_a_duplicate_code_and_saves_nothing(tree):
    before = Unit.objects.count()
    with pytest.raises(ValidationError) as error:
        services.unit_create(actor=None, code="P-TH", name="Trùng mã", kind=UnitKind.DISTRICT, parent=tree.province)
    assert "code" in error.value.message_dict
    assert Unit.objects.count() == before


def test_only_a_province_stands_at_the_top(db):
    with pytest.raises(ValidationError) as error:
        services.unit_create(actor=None, code="X", name="Xã mồ côi", kind=UnitKind.COMMUNE)
    assert "parent" in error.value.message_dict


def test_a_unit_cannot_start_before_its_parent(tree):
    with pytest.raises(ValidationError) as error:
        services.unit_create(
            actor=None,
            code="OLD",
            name="Quá sớm",
            kind=UnitKind.COMMUNE,
            parent=tree.district_a,
            valid_from=datetime.date(1990, 1, 1),
        )
    assert "valid_from" in error.value.message_dict


def test_rename_keeps_the_place_in_the_tree(tree, admin_user):
    renamed = services.unit_rename(actor=admin_user, unit=tree.commune_a1, name="Công an xã Thanh Hồng mới")
    assert renamed.name == "Công an xã Thanh Hồng mới"
    assert renamed.path == tree.commune_a1.path


def test_move_changes_parent_and_path_of_the_whole_subtree(tree, admin_user):
    moved = services.unit_move(actor=admin_user, unit=tree.district_a, parent=tree.department)
    assert moved.parent == tree.department
    commune = Unit.objects.get(pk=tree.commune_a1.pk)
    assert commune.path.startswith(moved.path) and moved.path.startswith(tree.department.path)
    assert Unit.objects.get_parent(commune) == moved
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_move_under_its_own_unit_is_refused(tree, admin_user):
    with pytest.raises(ValidationError) as error:
        services.unit_move(actor=admin_user, unit=tree.district_a, parent=tree.commune_a1)
    assert "parent" in error.value.message_dict


def test_dissolve_moves_current_children_and_keeps_the_unit(tree, admin_user):
    dissolved = services.unit_dissolve(
        actor=admin_user, unit=tree.district_a, successor=tree.province, effective_date=datetime.date(2025, 3, 1)
    )
    assert dissolved.valid_to == datetime.date(2025, 2, 28)
    assert dissolved.successor == tree.province
    assert Unit.objects.get(pk=tree.commune_a1.pk).parent == tree.province
    assert not dissolved.is_active_on(datetime.date(2025, 3, 1))
    assert dissolved.is_active_on(datetime.date(2020, 6, 1))
    assert Unit.objects.filter(pk=dissolved.pk).exists()


def test_dissolve_refuses_bad_input(tree, admin_user):
    with pytest.raises(ValidationError) as error:
        services.unit_dissolve(
            actor=admin_user, unit=tree.district_a, successor=tree.commune_a1, effective_date=datetime.date(2025, 3, 1)
        )
    assert "successor" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.unit_dissolve(
            actor=admin_user, unit=tree.district_a, successor=tree.province, effective_date=datetime.date(1990, 1, 1)
        )
    assert "effective_date" in error.value.message_dict
    services.unit_dissolve(
        actor=admin_user, unit=tree.district_a, successor=tree.province, effective_date=datetime.date(2025, 3, 1)
    )
    with pytest.raises(ValidationError) as again:
        services.unit_dissolve(
            actor=admin_user, unit=tree.district_a, successor=tree.province, effective_date=datetime.date(2025, 4, 1)
        )
    assert again.value.messages == ["Công an huyện Thanh Hà đã giải thể vào ngày 01/03/2025."]


def test_rollup_counts_a_dissolved_unit_under_its_successor(tree, admin_user):
    services.unit_dissolve(
        actor=admin_user, unit=tree.district_b, successor=tree.district_a, effective_date=datetime.date(2025, 3, 1)
    )
    district_a = Unit.objects.get(pk=tree.district_a.pk)
    ids = rollup_unit_ids(district_a)
    assert {tree.district_b.pk, tree.commune_b1.pk, tree.commune_a1.pk} <= ids
    assert tree.department.pk not in ids
    assert rollup_map() == {tree.district_b.pk: tree.district_a.pk}
    assert current_successor(Unit.objects.get(pk=tree.district_b.pk)) == district_a


def test_only_administrators_change_units(tree, make_user):
    officer = make_user(Role.LOGISTICS_OFFICER, tree.province)
    with pytest.raises(PermissionDenied):
        services.unit_rename(actor=officer, unit=tree.commune_a1, name="Không được")
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=officer, code="N", name="Mới", kind=UnitKind.COMMUNE, parent=tree.district_a)


def test_database_refuses_inconsistent_dates_and_successors(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=tree.commune_a1.pk).update(valid_to=datetime.date(1990, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=tree.commune_a1.pk).update(successor=tree.commune_a2)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE logistics_unit SET valid_to = '2025-01-01', successor_id = id WHERE id = %s", [tree.commune_a1.pk]
        )
