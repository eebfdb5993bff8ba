"""The admin of units reads as the tree and edits through the services; its words are the project's."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from logistics import services
from logistics.models import Unit
from tests.conftest import logged_in
from tests.factories import PersonnelFactory


def _rows(html: str) -> list[str]:
    return re.findall(r'<span style="margin-left:([\d.]+)em">([^<]+)</span>', html)


def test_the_unit_list_is_the_tree_in_tree_order(admin_user, tree):
    page = logged_in(admin_user).get("/admin/logistics/unit/")
    assert page.status_code == 200
    rows = _rows(page.content.decode())
    # Each unit right under its parent, indented one step deeper.
    assert rows == [(f"{(unit.depth - 1) * 1.5:.1f}", unit.name) for unit in Unit.objects.order_by("path")]
    assert {indent for indent, _name in rows} == {"0.0", "1.5", "3.0"}
    # A column header sorts nothing: sorted otherwise the rows would no longer read as a tree.
    assert "?o=" not in page.content.decode()


def test_a_unit_opens_and_moves_through_the_admin_form(admin_user, tree):
    client = logged_in(admin_user)
    url = f"/admin/logistics/unit/{tree.commune_a1.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "code": "P-TH-TH",
        "name": "Công an xã Thanh Hồng",
        "kind": tree.commune_a1.kind,
        "parent": tree.district_b.pk,
        "valid_from": "01/01/2000",
        "_save": "Lưu",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    moved = Unit.objects.get(pk=tree.commune_a1.pk)
    assert moved.parent_id == tree.district_b.pk and moved.path.startswith(tree.district_b.path)
    assert client.get("/admin/logistics/unit/add/").status_code == 200


def test_admin_lists_have_no_untranslatable_words(admin_user, tree):
    services.attachment_add(
        actor=admin_user,
        record=tree.commune_a1,
        uploaded_file=SimpleUploadedFile("so-do.pdf", b"%PDF-1.4 so do"),
        description="Sơ đồ",
    )
    client = logged_in(admin_user)
    for url in ("/admin/logistics/unit/", "/admin/logistics/personnel/", "/admin/logistics/attachment/"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        assert "Show counts" not in html and "_facets" not in html, url
    attachments = client.get("/admin/logistics/attachment/").content.decode()
    assert "Content type" not in attachments and "Object id" not in attachments
    assert "đơn vị" in attachments.lower()  # the kind of record, by its own name


def test_the_bulk_delete_reads_right_and_the_unscoped_event_admin_is_gone(admin_user, tree):
    PersonnelFactory(unit=tree.commune_a1)
    client = logged_in(admin_user)
    html = client.get("/admin/logistics/personnel/").content.decode()
    assert "Xóa các hồ sơ đã chọn" in html and "các các" not in html
    # Every change is read through the change log, which goes through the scope function; the
    # pghistory admin listed every event of every table unscoped (and took half a minute to).
    assert client.get("/admin/pghistory/events/").status_code == 404
