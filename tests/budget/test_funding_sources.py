"""What a funding source enforces: a code of its own, a known kind, only administrators write it,
and a source that allocations draw on stays (it is retired by marking it inactive)."""

import pytest
from django.core.exceptions import PermissionDenied

from budget import services
from budget.choices import SourceKind
from budget.models import FundingSource
from logistics.roles import Role
from logistics.services import record_delete
from tests.refusals import refusal, refusal_by_field

pytestmark = pytest.mark.django_db


def test_a_source_needs_a_code_of_its_own_and_a_known_kind(source):
    duplicate = refusal_by_field(
        lambda: services.funding_source_create(actor=None, code="BO", name="Bộ cấp lần hai", kind=SourceKind.MINISTRY)
    )
    assert duplicate == {"code": ["Nguồn kinh phí có Mã đã tồn tại."]}
    unknown = refusal_by_field(
        lambda: services.funding_source_create(actor=None, code="XX", name="Nguồn lạ", kind="lottery")
    )
    assert list(unknown) == ["kind"]
    assert FundingSource.objects.count() == 1


def test_only_administrators_write_sources(make_user, tree, source):
    officer = make_user(Role.LOGISTICS_OFFICER, tree.province)
    with pytest.raises(PermissionDenied):
        services.funding_source_create(actor=officer, code="DP", name="Địa phương", kind=SourceKind.LOCAL)
    with pytest.raises(PermissionDenied):
        services.funding_source_update(actor=officer, funding_source=source, name="Đổi tên")
    admin = make_user(Role.ADMINISTRATOR, tree.province)
    assert services.funding_source_update(actor=admin, funding_source=source, is_active=False).is_active is False


def test_a_source_allocations_draw_on_cannot_be_deleted(make_allocation, source, make_user, tree):
    make_allocation(approve=False)
    admin = make_user(Role.ADMINISTRATOR, tree.province)
    assert refusal(lambda: record_delete(actor=admin, record=source)) == [
        "Không thể xóa vì đang được sử dụng trong các bản ghi khác: dự toán."
    ]
    assert FundingSource.objects.filter(pk=source.pk).exists()
