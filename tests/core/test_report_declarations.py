"""Every declared report, through every door its declaration builds: the page, the CSV and XLSX
files and the API endpoint answer an authorised reader with the same figures and refuse everyone
else; a period whose end comes before its start is said in one message on the page and in the API."""

import csv
import html
import io

import openpyxl
import pytest
from django import forms
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from logistics.models import ExportLog
from logistics.report_centre import all_reports
from logistics.report_parameters import END_BEFORE_START
from logistics.roles import Role
from tests.conftest import api_for, logged_in
from tests.factories import UserFactory
from tests.fixtures.everything import build_everything

pytestmark = pytest.mark.django_db

REPORTS = all_reports()
IDS = [declaration.url_name for declaration in REPORTS]


def api_path(declaration) -> str:
    return reverse(f"api:{declaration.url_name}")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One record of every kind, an administrator and a user without a role, built once for the
    module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_everything()
        administrator = UserFactory(unit=built.tree.province, roles=[Role.ADMINISTRATOR], is_staff=True)
        outsider = UserFactory(unit=built.tree.commune_a1, roles=[])
        yield administrator, outsider
        transaction.set_rollback(True)


@pytest.fixture
def administrator(world, db):
    return world[0]


@pytest.fixture
def outsider(world, db):
    return world[1]


def test_every_report_is_declared_once_with_its_own_address():
    assert len(REPORTS) >= 15
    assert len({declaration.url_name for declaration in REPORTS}) == len(REPORTS)
    for declaration in REPORTS:
        assert reverse(f"api:{declaration.url_name}") == "/api" + reverse(declaration.url_name)


@pytest.mark.parametrize("declaration", REPORTS, ids=IDS)
def test_page_files_and_api_give_an_authorised_reader_the_same_report(declaration, administrator):
    client = logged_in(administrator)
    url = reverse(declaration.url_name)

    page = client.get(url)
    assert page.status_code == 200
    report = page.context["report"]
    assert report.sections and page.context["form"].is_valid()
    assert html.escape(report.title) in page.content.decode()

    data = api_for(administrator).get(api_path(declaration)).json()
    assert data["report"] == report.slug
    assert [section["title"] for section in data["sections"]] == [section.title for section in report.sections]
    assert [len(section["rows"]) for section in data["sections"]] == [len(section.rows) for section in report.sections]

    text = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [report.title]
    for section in report.sections:
        assert [column.label for column in section.columns] in rows

    workbook = client.get(url, {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    assert sheet.cell(1, 1).value == report.title
    assert ExportLog.objects.filter(user=administrator, source=f"report:{report.slug}").count() == 2


@pytest.mark.parametrize("declaration", REPORTS, ids=IDS)
def test_a_reader_the_declaration_does_not_allow_is_refused_at_every_door(declaration, outsider):
    client = logged_in(outsider)
    url = reverse(declaration.url_name)
    for fmt in ("", "csv", "xlsx", "pdf"):
        assert client.get(url, {"format": fmt} if fmt else {}).status_code == 403, fmt
    assert api_for(outsider).get(api_path(declaration)).status_code == 403
    assert not ExportLog.objects.filter(user=outsider).exists()


RANGED = [declaration for declaration in REPORTS if declaration.form.range_fields]


def inverted(declaration, *, api: bool) -> dict:
    start, end = declaration.form.range_fields
    if isinstance(declaration.form.base_fields[start], forms.DateField):
        return {start: "2024-12-31", end: "2024-01-01"} if api else {start: "31/12/2024", end: "01/01/2024"}
    return {start: 2024, end: 2023}


@pytest.mark.parametrize("declaration", RANGED, ids=[declaration.url_name for declaration in RANGED])
def test_an_end_before_the_start_is_said_in_one_message_on_the_page_and_in_the_api(declaration, administrator):
    with translation.override(settings.LANGUAGE_CODE):
        message = str(END_BEFORE_START)
    _start, end = declaration.form.range_fields
    client = logged_in(administrator)
    url = reverse(declaration.url_name)

    page = client.get(url, inverted(declaration, api=False))
    assert page.status_code == 200
    assert page.context["form"].errors == {end: [message]}
    assert f'<div class="invalid-feedback d-block">{html.escape(message)}</div>' in page.content.decode()
    assert page.context["report"].sections  # the figures of the default period stand in

    # A file is not made of parameters the page refuses: back to the page, which says why.
    download = client.get(url, {**inverted(declaration, api=False), "format": "csv"})
    assert download.status_code == 302 and download["Location"].startswith(url + "?")

    response = api_for(administrator).get(api_path(declaration), inverted(declaration, api=True))
    assert response.status_code == 400
    assert response.json()["errors"] == {end: [message]}
