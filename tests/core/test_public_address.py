"""Printed QR labels (and emailed links) carry the public address, not the printing browser's."""

import io

import pytest
import segno
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from assets.models import Item
from logistics.links import absolute_url
from logistics.settings import public_base_url
from tests.conftest import logged_in

PUBLIC = "https://haucan.catinh.vn"


def qr_svg(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=6, border=2)
    return buffer.getvalue()


def test_the_qr_label_encodes_the_public_address(settings, officer, receive):
    settings.PUBLIC_BASE_URL = PUBLIC
    receive(cars=[("34A-050.50", 700_000_000)])
    item = Item.objects.get(plate_number="34A-050.50")
    client = logged_in(officer)
    label = reverse("assets:item_label", args=[item.pk])
    expected = PUBLIC + item.get_absolute_url()
    # Printed from the machine itself, as a newcomer would after `make run`.
    page = client.get(label, HTTP_HOST="127.0.0.1:8000").content.decode()
    assert expected in page and "127.0.0.1" not in page
    svg = client.get(label + "?format=svg", HTTP_HOST="127.0.0.1:8000")
    assert svg.content == qr_svg(expected)


def test_without_a_public_address_the_label_uses_the_request_host(settings, officer, receive):
    settings.PUBLIC_BASE_URL = ""
    receive(cars=[("34A-060.60", 700_000_000)])
    item = Item.objects.get(plate_number="34A-060.60")
    svg = logged_in(officer).get(reverse("assets:item_label", args=[item.pk]) + "?format=svg")
    assert svg.content == qr_svg("http://testserver" + item.get_absolute_url())


def test_absolute_url(settings):
    request = RequestFactory().get("/", HTTP_HOST="localhost:8000")
    settings.PUBLIC_BASE_URL = PUBLIC + "/haucan"
    assert absolute_url("/assets/item/7/", request) == PUBLIC + "/haucan/assets/item/7/"
    assert absolute_url("/assets/item/7/") == PUBLIC + "/haucan/assets/item/7/"  # no request: an emailed link
    settings.PUBLIC_BASE_URL = ""
    assert absolute_url("/assets/item/7/", request) == "http://localhost:8000/assets/item/7/"
    with pytest.raises(ImproperlyConfigured, match="DJANGO_PUBLIC_BASE_URL"):
        absolute_url("/assets/item/7/")


def test_the_public_address_setting_is_checked():
    assert public_base_url(" https://haucan.catinh.vn/ ") == PUBLIC
    assert public_base_url("") == ""
    for wrong in ("haucan.catinh.vn", "ftp://haucan.catinh.vn", "https://", "https://haucan.catinh.vn/?a=1"):
        with pytest.raises(ImproperlyConfigured):
            public_base_url(wrong)
