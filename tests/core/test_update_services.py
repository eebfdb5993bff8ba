"""What a user may change on a record is decided by its update service, not by the form or the
serializer in front of it: a field the service does not name is refused before anything is set."""

import pytest

from assets import services as asset_services
from assets.models import Voucher
from budget import services as budget_services
from budget.models import Allocation, Spending
from logistics import services as core_services
from logistics.models import Personnel
from tests.factories import PersonnelFactory

pytestmark = pytest.mark.django_db


def test_a_draft_spending_entry_cannot_be_posted_by_an_edit(make_allocation, spend):
    entry = spend(make_allocation(), 1_000_000, post=False)
    with pytest.raises(TypeError, match="posted_at, status"):
        budget_services.spending_update(
            actor=None, spending=entry, description="Sửa", status="posted", posted_at="2020-01-01"
        )
    entry.refresh_from_db()
    assert (entry.status, entry.description, entry.posted_at) == ("draft", "Thanh toán", None)
    # The fields the service names are changed as before.
    budget_services.spending_update(actor=None, spending=entry, description="Sửa")
    assert Spending.objects.get(pk=entry.pk).description == "Sửa"


def test_a_draft_allocation_cannot_be_approved_by_an_edit(make_allocation):
    allocation = make_allocation(approve=False)
    with pytest.raises(TypeError, match="approved_by, status"):
        budget_services.allocation_update(actor=None, allocation=allocation, status="approved", approved_by=None)
    assert Allocation.objects.get(pk=allocation.pk).status == "draft"


def test_a_draft_voucher_cannot_be_marked_posted_by_an_edit(issue, tree):
    draft = issue(tree.commune_a1, cabinets=1, post=False)
    with pytest.raises(TypeError, match="status"):
        asset_services.voucher_update(actor=None, voucher=draft, status="posted")
    assert Voucher.objects.get(pk=draft.pk).status == "draft"


def test_simple_records_change_only_in_the_fields_their_service_names(tree):
    officer = PersonnelFactory(unit=tree.commune_a1)
    with pytest.raises(TypeError, match="created_at"):
        core_services.personnel_update(actor=None, personnel=officer, full_name="Tên mới", created_at=None)
    assert Personnel.objects.get(pk=officer.pk).full_name == officer.full_name
