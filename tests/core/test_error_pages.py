"""What `make run` serves: DEBUG off, the app's own Vietnamese error pages, collected static files."""

import importlib
import sys

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse

from logistics.urls import urlpatterns as site_urlpatterns
from tests.conftest import logged_in
from tests.factories import PersonnelFactory

DJANGO_TECHNICAL_PAGES = ("DEBUG = True", "Using the URLconf", "Traceback", "Page not found")


def failing_view(request):
    raise RuntimeError("a bug in a view")


# ``pytest.mark.urls`` points here: the site, plus a page that fails.
urlpatterns = [*site_urlpatterns, path("failing-page/", failing_view)]


@override_settings(DEBUG=False)
def test_an_out_of_scope_record_answers_the_apps_vietnamese_404(commune_commander, tree):
    elsewhere = PersonnelFactory(unit=tree.commune_b1)
    response = logged_in(commune_commander).get(reverse("logistics:personnel_detail", args=[elsewhere.pk]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "Trang này không tồn tại hoặc nằm ngoài phạm vi quản lý của đơn vị bạn." in page
    assert "Quay lại trang tổng quan" in page and 'data-testid="user-menu"' in page  # the app's layout
    assert elsewhere.full_name not in page
    assert not any(marker in page for marker in DJANGO_TECHNICAL_PAGES)


@pytest.mark.urls("tests.core.test_error_pages")
@override_settings(DEBUG=False)
def test_a_failing_page_answers_the_apps_500(officer):
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    response = client.get("/failing-page/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "500.html" in [template.name for template in response.templates]
    assert "Hệ thống đã gặp lỗi. Dữ liệu chưa được lưu; vui lòng thử lại." in page
    assert "a bug in a view" not in page and not any(marker in page for marker in DJANGO_TECHNICAL_PAGES)


@override_settings(DEBUG=False)
def test_a_bad_request_answers_the_apps_400(db):
    response = Client().get("/accounts/login/", HTTP_HOST="not-this-site.example")
    assert response.status_code == 400
    assert "400.html" in [template.name for template in response.templates]
    assert "Bad Request (400)" not in response.content.decode()


@pytest.fixture
def run_settings(monkeypatch):
    """The settings module `make run` uses, imported afresh (it is a plain module of names)."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "k" * 60)
    monkeypatch.delenv("DJANGO_ALLOWED_HOSTS", raising=False)
    for name in ("logistics.settings_local", "logistics.settings_production"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    yield importlib.import_module("logistics.settings_local")
    for name in ("logistics.settings_local", "logistics.settings_production"):
        sys.modules.pop(name, None)


def test_make_run_serves_production_over_plain_http(run_settings):
    assert run_settings.DEBUG is False
    assert run_settings.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert run_settings.WHITENOISE_USE_FINDERS is False
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in run_settings.MIDDLEWARE
    # http://127.0.0.1:8000 has no certificate: cookies that a browser would drop over HTTP are off.
    assert not run_settings.SESSION_COOKIE_SECURE and not run_settings.CSRF_COOKIE_SECURE
    assert not run_settings.SECURE_SSL_REDIRECT and run_settings.SECURE_HSTS_SECONDS == 0
    assert "127.0.0.1" in run_settings.ALLOWED_HOSTS
