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
