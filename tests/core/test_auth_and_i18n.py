from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import logged_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"


def test_login_with_the_right_password(client, officer):
    response = client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_repeated_failures_lock_the_account(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": officer.username, "password": "sai"})
    response = client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_pages_are_vietnamese_by_default_and_english_on_request(officer):
    client = logged_in(officer)
    assert "Đơn vị" in client.get(reverse("logistics:unit_list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Units" in client.get(reverse("logistics:unit_list")).content.decode()


def test_the_vietnamese_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(CATALOGUE / "django.mo"))}
    for entry in po.translated_entries():
        if not entry.msgid_plural:
            assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, f"django.mo is stale: {entry.msgid!r}"


def test_no_page_loads_anything_from_outside(officer):
    page = logged_in(officer).get(reverse("logistics:personnel_list")).content.decode()
    for marker in ("http://", "https://", "//cdn", "googleapis"):
        assert marker not in page.replace("http://testserver", "")
    docs = logged_in(officer).get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "https://" not in docs


def test_a_write_without_the_forms_csrf_token_is_refused(officer, tree):
    """A page posted from another site (no CSRF token) saves nothing, on the web and in the API
    when it relies on the session; a token-authenticated API client needs no CSRF token."""
    from django.test import Client
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from logistics.models import Supplier

    data = {"name": "Công ty Giả Mạo", "kind": "supplier", "tax_code": "0101234567", "is_active": "on"}
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    assert browser.post(reverse("logistics:supplier_add"), data).status_code == 403
    session_api = APIClient(enforce_csrf_checks=True)
    session_api.force_login(officer)
    assert session_api.post("/api/suppliers/", data, format="json").status_code == 403
    assert not Supplier.objects.exists()
    token_api = APIClient()
    token_api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer).key}")
    assert token_api.post("/api/suppliers/", data, format="json").status_code == 201
