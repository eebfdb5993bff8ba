"""Accounts written by the core's services: created or brought to what is given, one role each,
and a permission given to a person on top of their role."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from logistics import services
from logistics.models import User
from logistics.roles import Role, role_names
from tests.refusals import refusal

pytestmark = pytest.mark.django_db


def provide(actor, unit, **fields):
    values = {
        "username": "kho",
        "full_name": " Thủ kho ",
        "unit": unit,
        "role": Role.LOGISTICS_OFFICER,
        "password": "Kho@2025",
    }
    return services.account_provide(actor=actor, **{**values, **fields})


def test_an_account_is_created_then_brought_to_what_is_given(tree):
    user = provide(None, tree.province)
    assert (user.full_name, user.unit, role_names(user), user.is_superuser) == (
        "Thủ kho",
        tree.province,
        [Role.LOGISTICS_OFFICER.value],
        False,
    )
    again = provide(None, tree.commune_a1, role=Role.ADMINISTRATOR, password="Moi@2025", is_staff=True)
    assert again.pk == user.pk and User.objects.count() == 1
    again = User.objects.get(pk=user.pk)
    assert (again.unit, role_names(again), again.is_superuser, again.is_staff) == (
        tree.commune_a1,
        [Role.ADMINISTRATOR.value],
        True,
        True,
    )
    assert again.check_password("Moi@2025")


def test_accounts_stay_within_the_actors_scope(admin_user, commune_commander, tree):
    assert provide(admin_user, tree.commune_b1).unit == tree.commune_b1
    with pytest.raises(PermissionDenied):
        provide(commune_commander, tree.commune_a1, username="khac")
    assert not User.objects.filter(username="khac").exists()


def test_a_permission_is_given_to_a_person(tree):
    user = provide(None, tree.province)
    assert not user.has_perm("budget.approve_allocation")
    services.account_grant(actor=None, user=user, permission="budget.approve_allocation")
    assert User.objects.get(pk=user.pk).has_perm("budget.approve_allocation")
    with translation.override("en"):
        assert refusal(lambda: services.account_grant(actor=None, user=user, permission="budget.fly")) == [
            "There is no permission budget.fly."
        ]
