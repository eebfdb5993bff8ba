import io

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assets import filtersets, forms, selectors, services, tables
from assets.choices import MINUTES_KINDS, REPAIR_KINDS, VOUCHER_SIDES, RepresentativeSide, VoucherKind, VoucherStatus
from assets.models import (
    AssetCategory,
    FixedAssetClass,
    Holding,
    Item,
    ItemType,
    Movement,
    Programme,
    Stocktake,
    Voucher,
    VoucherLine,
    WearEntry,
)
from assets.steps import STOCKTAKE_COUNT, STOCKTAKE_POST, VOUCHER_POST, VOUCHER_REVERSE
from assets.tasks import WEAR
from logistics.jobs import job_start
from logistics.links import absolute_url
from logistics.models import ExportLog
from logistics.reports import _font_uri
from logistics.scope import can, restrict
from logistics.views.generic import ObjectViews, Related, SubmitButton, apply_errors


class AssetCategoryViews(ObjectViews):
    model = AssetCategory
    filterset = filtersets.AssetCategoryFilterSet
    table = tables.AssetCategoryTable
    form = forms.AssetCategoryForm
    create_service = services.asset_category_create
    update_service = services.asset_category_update
    description = gettext_lazy(
        "Groups of item types: vehicles, cabinets, technical equipment, weapons, uniforms, medical supplies…"
    )


class FixedAssetClassViews(ObjectViews):
    model = FixedAssetClass
    filterset = filtersets.FixedAssetClassFilterSet
    table = tables.FixedAssetClassTable
    form = forms.FixedAssetClassForm
    create_service = services.fixed_asset_class_create
    update_service = services.fixed_asset_class_update
    description = gettext_lazy(
        "Fixed-asset classes and their yearly wear rates; special police assets follow the Ministry's rates."
    )


class ProgrammeViews(ObjectViews):
    model = Programme
    filterset = filtersets.ProgrammeFilterSet
    table = tables.ProgrammeTable
    form = forms.ProgrammeForm
    create_service = services.programme_create
    update_service = services.programme_update
    description = gettext_lazy("Programmes equipment is issued under (Đề án 365, COVID-19 prevention, …).")


class ItemTypeViews(ObjectViews):
    model = ItemType
    filterset = filtersets.ItemTypeFilterSet
    table = tables.ItemTypeTable
    form = forms.ItemTypeForm
    create_service = services.item_type_create
    update_service = services.item_type_update
    description = gettext_lazy("The catalogue: what is tracked item by item and what by quantity.")

    @classmethod
    def get_queryset(cls):
        return ItemType.objects.select_related("category", "fixed_asset_class")


class ItemViews(ObjectViews):
    model = Item
    filterset = filtersets.ItemFilterSet
    table = tables.ItemTable
    form = forms.ItemForm
    create_service = None
    update_service = services.item_update
    delete_service = None
    status_colors = tables.STATUS_COLORS
    description = gettext_lazy("Items tracked one by one, with who holds each. Items arrive by receipt vouchers.")
    detail_fields = (
        "item_type",
        "name",
        "serial_number",
        "plate_number",
        "chassis_number",
        "engine_number",
        "cost",
        "acquired_on",
        "origin",
        "spending",
        "condition",
        "status",
        "holder_unit",
        "holder_person",
    )

    @classmethod
    def get_queryset(cls):
        return Item.objects.select_related("item_type", "holder_unit", "holder_person", "spending")

    @classmethod
    def related(cls, item, user):
        return [
            Related(
                _("Custody history"),
                lambda i: (
                    Movement.objects.filter(item=i, quantity__gt=0)
                    .select_related("voucher", "unit", "person")
                    .order_by("date", "id")
                ),
                tables.CustodyTable,
            ),
            Related(
                _("Repairs"),
                lambda i: (
                    VoucherLine.objects.filter(
                        item=i, voucher__kind__in=REPAIR_KINDS, voucher__status=VoucherStatus.POSTED
                    )
                    .select_related("voucher__supplier")
                    .order_by("voucher__date", "id")
                ),
                tables.RepairTable,
            ),
            Related(
                _("Yearly wear"),
                lambda i: i.wear.select_related("item__item_type").order_by("year"),
                tables.WearEntryTable,
            ),
        ]

    @classmethod
    def detail_links(cls, item, user):
        return [(_("QR label"), reverse("assets:item_label", args=[item.pk]), "qr-code")]

    @classmethod
    def list_links(cls, user):
        """Items arrive by receipt vouchers: the way to one starts here."""
        if not user.has_perm("assets.add_voucher"):
            return []
        url = reverse("assets:voucher_add") + f"?kind={VoucherKind.RECEIPT}"
        return [(VoucherKind.RECEIPT.label, url, "box-arrow-in-down")]


class VoucherViews(ObjectViews):
    model = Voucher
    filterset = filtersets.VoucherFilterSet
    table = tables.VoucherTable
    form = forms.VoucherForm
    create_service = services.voucher_create
    update_service = services.voucher_update
    save_label = gettext_lazy("Save draft")
    status_colors = tables.STATUS_COLORS
    submit_buttons = (
        SubmitButton(
            name="_post",
            label=gettext_lazy("Save and post"),
            service_kwargs={"post": True},
            permission="post",
            confirm=gettext_lazy(
                "Post this voucher? The goods move at once; a posted voucher is corrected only by a reversing voucher."
            ),
            icon="journal-check",
        ),
    )
    description = gettext_lazy(
        "Receipts, issues, transfers, returns, consumption, repairs, loss write-offs and disposals. Posting writes "
        "the ledger; posted vouchers are final."
    )
    steps = (VOUCHER_POST, VOUCHER_REVERSE)
    # The minutes' number is shown on the link to the minutes (detail_links), not as its three parts.
    detail_hidden = frozenset({"minutes_unit", "minutes_year", "minutes_sequence"})

    @classmethod
    def get_queryset(cls):
        return Voucher.objects.select_related(
            "from_unit",
            "to_unit",
            "to_person",
            "supplier",
            "programme",
            "spending",
            "posted_by",
            "reverses",
            "minutes_unit",
        )

    @classmethod
    def initial(cls, request):
        """Today, the kind asked for, and the user's unit on the side the kind has: the unit the goods
        leave, or for a receipt (which comes from outside the force) the unit receiving them."""
        kind = request.GET.get("kind")
        if kind not in VoucherKind.values:
            kind = VoucherKind.ISSUE
        needs_from, _needs_to = VOUCHER_SIDES[kind]
        side = "from_unit" if needs_from else "to_unit"
        return {"date": timezone.localdate(), "kind": kind, side: request.user.unit_id}

    @classmethod
    def related(cls, voucher, user):
        return [
            Related(_("Lines"), lambda v: v.lines.select_related("item_type", "item"), tables.VoucherLineTable),
            Related(
                _("Representatives"), lambda v: v.representatives.order_by("id"), tables.VoucherRepresentativeTable
            ),
            Related(
                _("Ledger movements"),
                lambda v: v.movements.select_related("voucher", "unit", "person", "item_type", "item"),
                tables.MovementTable,
            ),
            Related(
                _("Reversed by"),
                lambda v: Voucher.objects.filter(reverses=v).select_related("from_unit", "to_unit", "programme"),
                tables.VoucherTable,
            ),
        ]

    @classmethod
    def detail_links(cls, voucher, user):
        if voucher.status != VoucherStatus.POSTED or voucher.kind not in MINUTES_KINDS:
            return []
        url = reverse("assets:voucher_minutes", args=[voucher.pk])
        if voucher.minutes_sequence is None:
            return [(_("Handover minutes (PDF)"), url, "file-earmark-pdf")]
        label = _("Handover minutes no. %(number)s (PDF)") % {"number": voucher.minutes_number}
        return [(label, url, "file-earmark-pdf")]


class MovementViews(ObjectViews):
    model = Movement
    filterset = filtersets.MovementFilterSet
    table = tables.MovementTable
    delete_service = None
    description = gettext_lazy(
        "The ledger: every movement written by a posted voucher. It is never changed or deleted."
    )

    @classmethod
    def get_queryset(cls):
        # An item without a name of its own is named by its type.
        return Movement.objects.select_related("voucher", "unit", "person", "item_type", "item__item_type")

    @classmethod
    def urls(cls):
        return [pattern for pattern in super().urls() if pattern.name in (cls.name("list"), cls.name("export"))]


class HoldingViews(ObjectViews):
    model = Holding
    filterset = filtersets.HoldingFilterSet
    table = tables.HoldingTable
    delete_service = None
    description = gettext_lazy("What each unit holds now, by item type — kept in step with the ledger.")

    @classmethod
    def get_queryset(cls):
        return Holding.objects.select_related("unit", "item_type__category")

    @classmethod
    def urls(cls):
        return [pattern for pattern in super().urls() if pattern.name in (cls.name("list"), cls.name("export"))]


class StocktakeViews(ObjectViews):
    model = Stocktake
    filterset = filtersets.StocktakeFilterSet
    table = tables.StocktakeTable
    form = forms.StocktakeForm
    create_service = services.stocktake_open
    update_service = None
    status_colors = tables.STATUS_COLORS
    description = gettext_lazy(
        "Counts of what units hold, compared with the ledger; posting writes the adjustment voucher."
    )
    steps = (STOCKTAKE_COUNT, STOCKTAKE_POST)

    @classmethod
    def get_queryset(cls):
        return Stocktake.objects.select_related("unit", "adjustment")

    @classmethod
    def initial(cls, request):
        return {"unit": request.user.unit_id, "date": timezone.localdate()}

    @classmethod
    def step_view(cls, step):
        if step is STOCKTAKE_COUNT:
            return stocktake_count
        return super().step_view(step)

    @classmethod
    def related(cls, stocktake, user):
        return [
            Related(_("Counted by type"), lambda s: s.lines.select_related("item_type"), tables.StocktakeLineTable),
            Related(
                _("Items"), lambda s: s.items.select_related("item__item_type", "item_type"), tables.StocktakeItemTable
            ),
        ]


class WearEntryViews(ObjectViews):
    model = WearEntry
    filterset = filtersets.WearEntryFilterSet
    table = tables.WearEntryTable
    delete_service = None
    description = gettext_lazy("Yearly wear (hao mòn) of fixed assets: cost × rate, the last year taking what remains.")

    @classmethod
    def get_queryset(cls):
        return WearEntry.objects.select_related("item__item_type")

    @classmethod
    def urls(cls):
        return [pattern for pattern in super().urls() if pattern.name in (cls.name("list"), cls.name("export"))]


def _object_in_scope(request, model, pk, action="view"):
    obj = get_object_or_404(restrict(model.objects.all(), request.user, "view"), pk=pk)
    if action != "view" and not can(request.user, action, obj):
        raise PermissionDenied
    return obj


def letterhead(unit) -> tuple[str, str]:
    """The two lines above a document's title: the issuing unit's direct superior (the Ministry
    above a provincial force) and the unit itself, upper case."""
    superior = unit.parent.name.upper() if unit.parent_id else _("MINISTRY OF PUBLIC SECURITY")
    return superior, unit.name.upper()


@login_required
def voucher_minutes(request, pk):
    """Biên bản bàn giao, tiếp nhận tài sản of a posted voucher, as a print-ready A4 PDF."""
    # Deferred: WeasyPrint takes seconds to import, which every process would pay at start-up.
    from weasyprint import HTML

    voucher = _object_in_scope(request, Voucher, pk)
    if voucher.kind not in MINUTES_KINDS:
        raise Http404
    if voucher.status != VoucherStatus.POSTED:
        raise PermissionDenied
    # A voucher posted before the minutes were numbered is numbered now, once.
    voucher = services.voucher_minutes_number(actor=request.user, voucher=voucher)
    voucher = Voucher.objects.select_related("from_unit__parent", "to_unit__parent", "to_person", "supplier").get(
        pk=voucher.pk
    )
    rows = selectors.handover_rows(voucher)
    representatives = list(voucher.representatives.order_by("id"))
    issuing_unit = services.minutes_unit_of(voucher)
    superior, unit_name = letterhead(issuing_unit)
    html = render_to_string(
        "assets/handover_minutes.html",
        {
            "voucher": voucher,
            "rows": rows,
            "total": sum(row.value for row in rows),
            "has_wear": any(row.wear is not None for row in rows),
            "split": any(row.continued for row in rows),
            "superior": superior,
            "unit_name": unit_name,
            "place": settings.DOCUMENT_PLACE,
            "handing": [r for r in representatives if r.side == RepresentativeSide.HANDING],
            "receiving": [r for r in representatives if r.side == RepresentativeSide.RECEIVING],
            "font_regular": _font_uri("DejaVuSans.ttf"),
            "font_bold": _font_uri("DejaVuSans-Bold.ttf"),
        },
        request=request,
    )
    pdf = HTML(string=html).write_pdf()

    ExportLog.objects.create(
        user=request.user,
        source="assets.voucher.minutes",
        source_label=_("Handover minutes"),
        format="pdf",
        channel="web",
        filters={"voucher": voucher.number},
        row_count=len(rows),
        finished_at=timezone.now(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-{voucher.number}.pdf"'
    return response


@login_required
def item_label(request, pk):
    """A printable label with a QR code that opens the item's page."""
    item = _object_in_scope(request, Item, pk)
    url = absolute_url(item.get_absolute_url(), request)
    if request.GET.get("format") == "svg":
        buffer = io.BytesIO()
        segno.make(url, error="m").save(buffer, kind="svg", scale=6, border=2)
        return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    return TemplateResponse(request, "assets/item_label.html", {"item": item, "url": url, "title": _("QR label")})


@login_required
def stocktake_count(request, pk):
    """Enter what was counted: quantities by type, the expected items not found, surplus found."""
    stocktake = _object_in_scope(request, Stocktake, pk, STOCKTAKE_COUNT.permission)
    reasons = STOCKTAKE_COUNT.reasons_against(stocktake)
    if reasons:
        for reason in reasons:
            messages.error(request, reason)
        return redirect(stocktake.get_absolute_url())
    lines = list(stocktake.lines.select_related("item_type").order_by("item_type__name"))
    items = list(stocktake.items.filter(item__isnull=False).select_related("item__item_type"))
    form = forms.StocktakeCountForm(request.POST or None, lines=lines, items=items, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            STOCKTAKE_COUNT.run(
                actor=request.user,
                record=stocktake,
                counts=form.counts(),
                missing_items=form.missing_items(),
                surplus=form.cleaned_data["surplus"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The count is saved. Post the differences when it is complete."))
            return redirect(stocktake.get_absolute_url())
    context = {
        "title": _("Count: %(stocktake)s") % {"stocktake": stocktake},
        "object": stocktake,
        "form": form,
        "count_rows": [(line, form[f"count_{line.pk}"]) for line in lines],
        "item_rows": [(entry, form[f"found_{entry.pk}"]) for entry in items],
    }
    return TemplateResponse(
        request, "assets/stocktake_count.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
def wear(request):
    """Compute a year's wear of the fixed assets of a unit subtree (done in December)."""
    if not request.user.has_perm("assets.add_wearentry"):
        raise PermissionDenied
    form = forms.WearForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        # A run over the whole force takes long: a worker does it, the page shows its progress.
        unit = form.cleaned_data.get("unit")
        job = job_start(
            actor=request.user,
            kind=WEAR,
            parameters={"year": form.cleaned_data["year"], "unit": unit.pk if unit else None},
        )
        return redirect(job.get_absolute_url())
    return TemplateResponse(
        request,
        "assets/wear.html",
        {"title": _("Compute yearly wear"), "form": form},
        status=400 if form.errors else 200,
    )
