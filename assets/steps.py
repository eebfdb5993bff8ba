"""The workflow steps of equipment, each offered on its page and in the API."""

from django.utils.translation import gettext_lazy

from assets import forms, services
from assets.api import serializers
from logistics.workflow import Step

VOUCHER_POST = Step(
    name="post",
    # Not ``post``, which would shadow the viewset's POST handler; the URL is …/post/ all the same.
    api_name="post_voucher",
    api_path="post",
    label=gettext_lazy("Post"),
    service=services.voucher_post,
    permission="post",
    confirm=gettext_lazy(
        "The goods move at once and the holdings change; a posted voucher is corrected only by a reversing voucher."
    ),
    style="success",
    icon="journal-check",
    summary="Post a draft voucher: write the ledger and move the holdings, or refuse and change nothing.",
)

VOUCHER_REVERSE = Step(
    name="reverse",
    label=gettext_lazy("Reverse"),
    service=services.voucher_reverse,
    permission="post",
    form=forms.ReverseVoucherForm,
    serializer=serializers.VoucherReverseSerializer,
    confirm=gettext_lazy("A reversing voucher is posted that moves everything back, linked to this one."),
    style="danger",
    icon="arrow-counterclockwise",
    summary="Reverse a posted voucher: post a linked voucher that moves everything back; returns it.",
)

#: Its page is the count sheet (``assets.views.stocktake_count``), more than a form.
STOCKTAKE_COUNT = Step(
    name="count",
    label=gettext_lazy("Enter the count"),
    service=services.stocktake_count,
    serializer=serializers.StocktakeCountSerializer,
    icon="pencil-square",
    summary="Record counted quantities (by item type id) and the expected items not found.",
)

STOCKTAKE_POST = Step(
    name="post",
    api_name="post_stocktake",
    api_path="post",
    label=gettext_lazy("Post the differences"),
    service=services.stocktake_post,
    confirm=gettext_lazy(
        "A stocktake adjustment voucher is posted for every difference; items not found are marked lost."
    ),
    style="success",
    icon="clipboard-check",
    summary="Post the differences as a stocktake adjustment voucher.",
)
