"""The workflow steps of a construction work and its payments, each offered on its page and in the API.

A step of the work's sequence (approve → start → accept → hand over → settle) is offered when it
is the work's next one; what it still waits for (a contract, 100 % progress) the step's page says.
"""

from django.utils.translation import gettext_lazy

from construction import forms, services
from construction.api import serializers
from logistics.workflow import Step

PROJECT_APPROVE = Step(
    name="approve",
    label=gettext_lazy("Approve (investment decision)"),
    service=services.project_approve,
    permission="transition",
    form=forms.ApproveForm,
    serializer=serializers.ApproveSerializer,
    confirm=gettext_lazy(
        "The investment decision is recorded and the work becomes final: from then on it changes only "
        "by its next steps or by an adjustment decision."
    ),
    style="success",
    summary="Record the investment decision (phê duyệt): proposed → approved.",
)

PROJECT_START = Step(
    name="start",
    label=gettext_lazy("Start construction"),
    service=services.project_start,
    permission="transition",
    form=forms.StartForm,
    serializer=serializers.StepSerializer,
    confirm=gettext_lazy("The work goes under construction from this date; progress reports can then be made."),
    icon="cone-striped",
    summary="Start construction (khởi công): approved → under construction. Needs a contract.",
)

PROJECT_ACCEPT = Step(
    name="accept",
    label=gettext_lazy("Accept (nghiệm thu)"),
    service=services.project_accept,
    permission="transition",
    form=forms.AcceptForm,
    serializer=serializers.StepSerializer,
    confirm=gettext_lazy("Acceptance completes the construction: its date becomes the actual completion."),
    style="success",
    icon="clipboard-check",
    summary="Accept the work (nghiệm thu): under construction → accepted. Needs 100 % progress.",
)

PROJECT_HAND_OVER = Step(
    name="hand_over",
    label=gettext_lazy("Hand over (bàn giao)"),
    service=services.project_hand_over,
    permission="transition",
    form=forms.HandOverForm,
    serializer=serializers.HandOverSerializer,
    confirm=gettext_lazy(
        "The work is handed over to the beneficiary unit. A building can enter the asset register at once."
    ),
    icon="box-arrow-in-right",
    summary="Hand over (bàn giao): accepted → handed over; optionally register the building as a fixed asset.",
)

PROJECT_SETTLE = Step(
    name="settle",
    label=gettext_lazy("Settle (quyết toán)"),
    service=services.project_settle,
    permission="transition",
    form=forms.SettleForm,
    serializer=serializers.SettleSerializer,
    confirm=gettext_lazy(
        "Settlement fixes the final value of the work; a registered building takes it as its cost. "
        "After settlement the work is final."
    ),
    style="dark",
    icon="journal-check",
    summary="Settle (quyết toán): handed over → settled, with the settlement value.",
)

PROJECT_ADJUST = Step(
    name="adjust",
    label=gettext_lazy("Adjust (điều chỉnh)"),
    service=services.project_adjust,
    permission="transition",
    form=forms.AdjustForm,
    serializer=serializers.AdjustSerializer,
    confirm=gettext_lazy(
        "An adjustment decision changes the total investment or the planned dates; the change and its "
        "reason are kept among the milestones."
    ),
    style="secondary",
    icon="sliders",
    summary="Record an adjustment decision (điều chỉnh): total investment or planned dates.",
)

PROJECT_REGISTER_ASSET = Step(
    name="register_asset",
    label=gettext_lazy("Enter into the asset register"),
    service=services.project_register_asset,
    permission="transition",
    form=forms.RegisterAssetForm,
    serializer=serializers.RegisterAssetSerializer,
    confirm=gettext_lazy(
        "The building is registered as a fixed asset of the beneficiary unit, dated on the day of handover."
    ),
    style="secondary",
    icon="building-add",
    summary="Enter a handed-over building into the asset register.",
)

PAYMENT_REVERSE = Step(
    name="reverse",
    label=gettext_lazy("Reverse"),
    service=services.payment_reverse,
    form=forms.ReversePaymentForm,
    serializer=serializers.PaymentReverseSerializer,
    confirm=gettext_lazy(
        "A reversal entry of the same amount is posted in the budget and linked to this payment; "
        "the amount no longer counts as paid."
    ),
    style="danger",
    icon="arrow-counterclockwise",
    summary="Reverse the payment's spending entry (đảo bút toán); it no longer counts as paid.",
)

PROJECT_STEPS = (
    PROJECT_APPROVE,
    PROJECT_START,
    PROJECT_ACCEPT,
    PROJECT_HAND_OVER,
    PROJECT_SETTLE,
    PROJECT_ADJUST,
    PROJECT_REGISTER_ASSET,
)
