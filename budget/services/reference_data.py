"""Budget services: Reference data."""

from __future__ import annotations

from budget.models import FiscalYear, FundingSource, SpendingCategory
from logistics.services import create_record, service, update_record


@service
def funding_source_create(*, actor, **fields) -> FundingSource:
    return create_record(FundingSource, actor=actor, fields=fields)


@service
def funding_source_update(*, actor, funding_source: FundingSource, **fields) -> FundingSource:
    return update_record(funding_source, actor=actor, fields=fields, editable=("code", "name", "kind", "is_active"))


@service
def spending_category_create(*, actor, **fields) -> SpendingCategory:
    return create_record(SpendingCategory, actor=actor, fields=fields)


@service
def spending_category_update(*, actor, spending_category: SpendingCategory, **fields) -> SpendingCategory:
    return update_record(
        spending_category,
        actor=actor,
        fields=fields,
        editable=("code", "name", "is_recurrent", "is_active", "heading", "subheading"),
    )


@service
def fiscal_year_create(*, actor, year: int, note: str = "") -> FiscalYear:
    return create_record(FiscalYear, actor=actor, fields={"year": year, "note": note})
