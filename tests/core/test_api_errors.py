"""Every API error is JSON in the one error format (unknown URLs, methods not allowed, failures of
the server); a database that cannot be reached answers 503 with Retry-After — JSON under /api/, the
app's own page elsewhere."""

import socket
import threading

import pytest
from django.db import connections
from django.test import Client
from rest_framework.test import APIClient

from logistics.api.views import UnitViewSet

pytestmark = pytest.mark.django_db


def json_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code and body["detail"]
    return body


def test_an_unknown_api_address_answers_json_404(officer):
    client = APIClient()
    client.force_authenticate(officer)
    json_error(client.get("/api/no-such-list/"), 404, "not_found")
    json_error(client.get("/api/budget/no-such-list/42/"), 404, "not_found")
    # Outside the API, the app's own page.
    page = Client()
    page.force_login(officer)
    response = page.get("/no-such-page/")
    assert response.status_code == 404 and "404.html" in [t.name for t in response.templates]


def test_a_method_the_endpoint_does_not_take_answers_json_405(admin_user, tree):
    client = APIClient()
    client.force_authenticate(admin_user)
    body = json_error(client.delete(f"/api/units/{tree.commune_a1.pk}/"), 405, "method_not_allowed")
    assert "DELETE" in body["detail"]


def test_a_failure_of_the_server_answers_json_500(officer, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug in a view")

    monkeypatch.setattr(UnitViewSet, "list", broken)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(officer)
    body = json_error(client.get("/api/units/"), 500, "error")
    assert "a bug" not in body["detail"]


def closed_port() -> int:
    """A port on this machine that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def without_database(request):
    """Send ``request()`` from a thread whose database connection points at a closed port, as when
    the database server is stopped or out of reach (the test's own connection stays as it is)."""
    answer = {}

    def run():
        connection = connections["default"]
        connection.settings_dict = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": closed_port()}
        try:
            answer["response"] = request()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return answer["response"]


def test_an_unreachable_database_answers_503_with_retry_after(officer):
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(officer)
    assert api.get("/api/units/").status_code == 200  # the database answers here

    response = without_database(lambda: api.get("/api/units/"))
    json_error(response, 503, "service_unavailable")
    assert int(response["Retry-After"]) > 0

    web = Client(raise_request_exception=False)
    web.force_login(officer)
    response = without_database(lambda: web.get("/"))
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "503.html" in [template.name for template in response.templates]
    assert "Traceback" not in response.content.decode()
