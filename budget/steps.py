"""The workflow steps of the budget, each offered on its page and in the API."""

from django.utils.translation import gettext_lazy

from budget import forms, services
from budget.api import serializers
from logistics.workflow import Step

YEAR_CLOSE = Step(
    name="close",
    label=gettext_lazy("Close the year"),
    service=services.year_close,
    permission="close",
    form=forms.YearCloseForm,
    serializer=serializers.YearCloseSerializer,
    confirm=gettext_lazy(
        "Closing the year for a unit freezes its allocations, adjustments and spending for that year, "
        "for the unit and every unit counted under it. The unspent balances are recorded."
    ),
    style="danger",
    icon="lock",
    summary="Close the books of a fiscal year (khóa sổ) for a unit and every unit counted under it; settlement comes later.",
)

ALLOCATION_APPROVE = Step(
    name="approve",
    label=gettext_lazy("Approve"),
    service=services.allocation_approve,
    permission="approve",
    confirm=gettext_lazy("Once approved, the allocation cannot be edited or deleted; changes are made by adjustments."),
    style="success",
    summary="Approve a draft allocation (it becomes final).",
)

SPENDING_POST = Step(
    name="post",
    # Not ``post``, which would shadow the viewset's POST handler; the URL is …/post/ all the same.
    api_name="post_entry",
    api_path="post",
    label=gettext_lazy("Post"),
    service=services.spending_post,
    permission="post",
    confirm=gettext_lazy(
        "A posted entry counts against the allocation and cannot be changed or deleted, only reversed."
    ),
    style="success",
    icon="journal-check",
    summary="Post a draft entry (ghi sổ): it counts against its allocation and becomes final.",
)

SPENDING_REVERSE = Step(
    name="reverse",
    label=gettext_lazy("Reverse"),
    service=services.spending_reverse,
    permission="post",
    form=forms.ReverseForm,
    serializer=serializers.SpendingReverseSerializer,
    confirm=gettext_lazy(
        "A reversal entry of the same amount is posted and linked to this one; the allocation gets the amount back."
    ),
    style="danger",
    icon="arrow-counterclockwise",
    summary="Reverse a posted entry (đảo bút toán): posts a linked reversal entry and returns it.",
)

SPENDING_CLEAR = Step(
    name="clear",
    label=gettext_lazy("Clear the advance"),
    service=services.spending_clear,
    permission="post",
    form=forms.SpendingClearForm,
    serializer=serializers.SpendingClearSerializer,
    confirm=gettext_lazy(
        "A clearing turns that part of the advance into a final expense (the allocation does not move again); "
        "a refund gives the unspent part back to the allocation. Both are posted at once and are final."
    ),
    style="primary",
    icon="receipt",
    summary="Clear a posted advance (thanh toán tạm ứng) or record its refund (hoàn ứng); returns the new entry.",
)

YEAR_CARRY_OVER = Step(
    name="carry_over",
    label=gettext_lazy("Carry over or cancel a balance"),
    service=services.balance_dispose,
    permission="close",
    form=forms.BalanceDispositionForm,
    serializer=serializers.BalanceDispositionInputSerializer,
    response=serializers.BalanceDispositionSerializer,
    confirm=gettext_lazy(
        "Carrying over creates an approved allocation in the next year for the amount; cancelling gives it up. "
        "Either way the amount leaves this allocation's balance for good."
    ),
    style="warning",
    icon="arrow-right-square",
    summary="Carry over (chuyển nguồn) or cancel (hủy dự toán) an unspent balance of an allocation of a closed year.",
)

YEAR_SETTLE = Step(
    name="settle",
    label=gettext_lazy("Record the approved settlement"),
    service=services.year_settle,
    permission="close",
    form=forms.YearSettleForm,
    serializer=serializers.YearSettleSerializer,
    response=serializers.YearSettlementSerializer,
    confirm=gettext_lazy(
        "The settlement approved by the superior is recorded for the unit and every unit counted under it; "
        "after it, no balance of that year can be carried over or cancelled."
    ),
    style="danger",
    icon="patch-check",
    summary="Record the settlement of a closed year approved by the superior (quyết toán được duyệt).",
)
