"""The voucher form as an officer meets it: defaults that follow the kind, the rule of which units
each kind names beside the fields, a way to a receipt from the items list, labelled line inputs."""

from html.parser import HTMLParser

from django.urls import reverse
from django.utils.translation import gettext as _

from assets.choices import VoucherKind
from assets.models import Voucher
from logistics.roles import Role
from tests.conftest import logged_in


class FormValues(HTMLParser):
    """What a browser would send for the page's main form as it comes, and the labels it carries."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.labels: set[str] = set()
        self._select: str | None = None
        self._in_template = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self._in_template += 1
        if self._in_template:
            return
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        elif tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "checkbox", "file"):
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self.values.setdefault(self._select, "")
        elif tag == "option" and self._select is not None and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self.values[attrs["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template -= 1
        elif tag == "select":
            self._select = None


def form_as_it_comes(response) -> FormValues:
    parser = FormValues()
    parser.feed(response.content.decode())
    return parser


def test_a_receipt_saves_as_the_form_comes(officer, catalogue):
    """The receipt form comes with no sending unit (a receipt comes from outside the force) and the
    officer's unit receiving; the officer adds what is received and where it comes from."""
    client = logged_in(officer)
    page = client.get(reverse("assets:voucher_add") + "?kind=receipt")
    assert page.status_code == 200
    data = form_as_it_comes(page).values
    assert data["kind"] == VoucherKind.RECEIPT
    assert data["from_unit"] == ""
    assert data["to_unit"] == str(officer.unit_id)
    # The empty choice reads “—” in every list, not Django's “---------”.
    assert "---------" not in page.content.decode()

    data.update(
        {
            "origin": "purchase",
            "lines-0-item_type": str(catalogue["cabinet"].pk),
            "lines-0-quantity": "4",
            "lines-0-unit_value": "3.500.000",
            "_save": "1",
        }
    )
    response = client.post(reverse("assets:voucher_add"), data)
    assert response.status_code == 302, response.context["form"].errors
    voucher = Voucher.objects.get(kind=VoucherKind.RECEIPT)
    assert (voucher.from_unit, voucher.to_unit, voucher.status) == (None, officer.unit, "draft")
    assert voucher.lines.get().quantity == 4


def test_an_issue_comes_leaving_the_officers_unit(officer):
    data = form_as_it_comes(logged_in(officer).get(reverse("assets:voucher_add") + "?kind=issue")).values
    assert (data["from_unit"], data["to_unit"]) == (str(officer.unit_id), "")
    # An unknown kind is an issue, not an error.
    data = form_as_it_comes(logged_in(officer).get(reverse("assets:voucher_add") + "?kind=nonsense")).values
    assert (data["kind"], data["from_unit"]) == ("issue", str(officer.unit_id))


def _receipt_with_a_sending_unit(officer, catalogue, tree):
    return {
        "kind": "receipt",
        "date": "01/03/2024",
        "from_unit": str(tree.district_a.pk),
        "to_unit": str(tree.province.pk),
        "origin": "purchase",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-item_type": str(catalogue["cabinet"].pk),
        "lines-0-quantity": "1",
        "lines-0-unit_value": "1.000.000",
        "_save": "1",
    }


def test_the_units_a_kind_names_are_checked_beside_the_fields_in_vietnamese(officer, catalogue, tree):
    """A page sent without the script (which hides the sending unit of a receipt) is told beside the
    field — never Django's raw “Constraint “voucher_sides_match_kind” is violated” at the top."""
    client = logged_in(officer)
    response = client.post(reverse("assets:voucher_add"), _receipt_with_a_sending_unit(officer, catalogue, tree))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {
        "from_unit": [_("A voucher of this kind takes goods from no unit of the force; leave the sending unit empty.")]
    }
    html = response.content.decode()
    assert "voucher_sides_match_kind" not in html
    assert not Voucher.objects.exists()

    data = _receipt_with_a_sending_unit(officer, catalogue, tree) | {"kind": "disposal", "from_unit": ""}
    form = client.post(reverse("assets:voucher_add"), data).context["form"]
    assert set(form.errors) == {"from_unit", "to_unit"}


def test_the_service_says_the_same_to_the_api(officer, catalogue, tree):
    from tests.conftest import api_for

    response = api_for(officer).post(
        "/api/assets/vouchers/",
        {
            "kind": "receipt",
            "date": "2024-03-01",
            "from_unit": tree.district_a.pk,
            "to_unit": tree.province.pk,
            "origin": "purchase",
            "lines": [{"item_type": catalogue["cabinet"].pk, "quantity": 1, "unit_value": 1_000_000}],
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert list(body.get("errors", body)) == ["from_unit"]


def test_the_items_list_leads_to_a_new_receipt(officer, make_user, tree):
    receipt_url = reverse("assets:voucher_add") + "?kind=receipt"
    page = logged_in(officer).get(reverse("assets:item_list")).content.decode()
    assert f'href="{receipt_url}"' in page
    auditor = make_user(Role.AUDITOR, tree.province)
    assert receipt_url not in logged_in(auditor).get(reverse("assets:item_list")).content.decode()


def test_every_line_input_has_a_label(officer):
    page = logged_in(officer).get(reverse("assets:voucher_add") + "?kind=receipt")
    parser = form_as_it_comes(page)
    line_inputs = [name for name in parser.values if name.startswith("lines-0-")]
    assert len(line_inputs) >= 8
    for name in line_inputs:
        assert f"id_{name}" in parser.labels, name
