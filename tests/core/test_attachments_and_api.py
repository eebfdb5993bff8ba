import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from logistics.models import Attachment
from tests.conftest import api_for, logged_in
from tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db


def upload(client, record, name="quyet-dinh.pdf", content=b"%PDF-1.4 test", description="Quyết định"):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(record)
    return client.post(
        reverse("logistics:attachment_add", args=[content_type.pk, record.pk]),
        {"file": SimpleUploadedFile(name, content), "description": description},
    )


def test_attach_download_and_remove_a_file(officer):
    supplier = SupplierFactory()
    client = logged_in(officer)
    assert upload(client, supplier).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "quyet-dinh.pdf" and attachment.size == 13
    download = client.get(reverse("logistics:attachment_download", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert "quyet-dinh.pdf" in client.get(supplier.get_absolute_url()).content.decode()
    assert client.post(reverse("logistics:attachment_delete", args=[attachment.pk])).status_code == 302
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("virus.exe", b"MZ", "Không chấp nhận tệp định dạng .exe"), ("rong.pdf", b"", "rỗng")],
)
def test_bad_files_are_refused_with_a_reason(officer, name, content, message):
    supplier = SupplierFactory()
    response = upload(logged_in(officer), supplier, name=name, content=content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_files_over_the_limit_are_refused(officer, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    response = upload(logged_in(officer), SupplierFactory(), content=b"x" * 11)
    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_attachments_of_records_outside_scope_are_unreachable(tree, officer, commune_commander, personnel_factory):
    far = personnel_factory(unit=tree.commune_b1)
    upload(logged_in(officer), far)
    attachment = Attachment.objects.get()
    client = logged_in(commune_commander)
    assert client.get(reverse("logistics:attachment_download", args=[attachment.pk])).status_code == 404
    assert upload(client, far).status_code == 404


def test_me_and_token_authentication(officer, client):
    body = api_for(officer).get("/api/me/").json()
    assert body["username"] == officer.username
    assert body["roles"] == ["logistics_officer"]
    assert body["unit"]["code"] == "P"
    from tests.factories import PASSWORD

    token = client.post("/api/auth/token/", {"username": officer.username, "password": PASSWORD}).json()["token"]
    response = client.get("/api/units/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200 and response.json()["count"] == 7


def test_openapi_schema_generates_without_warnings(capsys):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    assert "Warning" not in capsys.readouterr().err


def test_unit_dissolve_via_api(admin_user, tree):
    response = api_for(admin_user).post(
        f"/api/units/{tree.district_b.pk}/dissolve/",
        {"successor": tree.province.pk, "effective_date": "2025-03-01"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["valid_to"] == "2025-02-28"
    refused = api_for(admin_user).post(
        f"/api/units/{tree.district_b.pk}/dissolve/",
        {"successor": tree.province.pk, "effective_date": "2025-04-01"},
        format="json",
    )
    assert refused.status_code == 400
