"""Every page of every declaration, as the administrator, as an officer of the branch the record is
in (a role the permission matrix gives the action), and as a user of another branch (404).

Generated from the page declarations (``declarations.page_declarations``) and the sample builders
(``samples.py``): a new declaration gets these tests by getting a sample builder.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import messages
from django.utils import timezone

from logistics.search import search_terms
from tests.generated.conftest import (
    as_csv,
    csv_rows,
    export_row,
    fresh,
    texts_of,
    web,
    xlsx_rows,
)
from tests.generated.declarations import has_page, label_of, page_declarations, page_url, steps_of
from tests.generated.samples import DRAFTS, SAMPLES, STEP_READY
from tests.scope_walk import _is_scoped

pytestmark = pytest.mark.django_db

DECLARATIONS = {label_of(declaration.model): declaration for declaration in page_declarations()}
LABELS = sorted(DECLARATIONS)
REFUSED = {403, 404}


def having(view: str) -> list[str]:
    return [label for label in LABELS if DECLARATIONS[label].has_view(view)]


STEPS = [(label, step.name) for label in LABELS for step in steps_of(DECLARATIONS[label])]
SEARCHABLE = [label for label in LABELS if any(f.name == "search_text" for f in DECLARATIONS[label].model._meta.fields)]


def is_final(record) -> bool:
    return getattr(record, "is_locked", False)


def step_named(label: str, name: str):
    return next(step for step in steps_of(DECLARATIONS[label]) if step.name == name)


def listed(response, record) -> bool:
    """Whether the list page's filtered rows (all pages) hold ``record``."""
    assert response.status_code == 200, response.status_code
    return response.context["table"].data.data.filter(pk=record.pk).exists()


def test_every_declaration_has_a_sample_builder():
    assert not [label for label in LABELS if label not in SAMPLES], "add a builder to tests/generated/samples.py"
    assert not [pair for pair in STEPS if pair not in STEP_READY], "add a STEP_READY builder to samples.py"


def test_every_final_sample_that_has_edit_or_delete_pages_has_a_draft(world):
    missing = []
    for label, (sample, _outside) in world.samples.items():
        declaration = DECLARATIONS[label]
        has_pages = declaration.has_view("edit") or declaration.has_view("delete")
        if is_final(sample) and has_pages and label not in DRAFTS:
            missing.append(label)
    assert not missing, f"add a DRAFTS builder (or None: every record is final) to samples.py: {missing}"


@pytest.mark.parametrize("label", LABELS)
def test_list(world, label):
    declaration = DECLARATIONS[label]
    model = declaration.model
    sample = world.sample(model)
    assert listed(web(world.admin).get(declaration.url("list")), sample)
    reader = world.reader(model, "view", sample)
    assert reader is not None, f"no role of the matrix reads {label} in its branch"
    assert listed(web(reader).get(declaration.url("list")), sample)
    outside = web(world.outsider(model)).get(declaration.url("list"))
    assert listed(outside, sample) is not _is_scoped(model)


@pytest.mark.parametrize("label", SEARCHABLE)
def test_search_finds_the_sample_by_a_word_of_its_text(world, label):
    declaration = DECLARATIONS[label]
    sample = world.sample(declaration.model)
    text = type(sample).objects.values_list("search_text", flat=True).get(pk=sample.pk)
    word = max(search_terms(text), key=len)
    reader = world.reader(declaration.model, "view", sample)
    assert listed(web(reader).get(declaration.url("list"), {"q": word}), sample), word
    assert not listed(web(reader).get(declaration.url("list"), {"q": f"{word}khongco"}), sample)


def filter_value(record, filter_):
    """The value of ``filter_`` that selects ``record`` (its own value along the filter's path),
    as a form would send it; None where the path does not lead to one value."""
    value = record
    for attr in filter_.field_name.split("__"):
        value = getattr(value, attr, None)
        if value is None or callable(value) or hasattr(value, "all"):
            return None
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("label", LABELS)
def test_every_filter_is_answered_and_finds_the_sample(world, label):
    """Every filter set to the sample's own value: the filters that only narrow by a field all at
    once (each holds for the sample, so together they still list it), those with a method of their
    own together (they need only be answered); one by one only when a page goes wrong, to name the
    filter."""
    declaration = DECLARATIONS[label]
    sample = world.sample(declaration.model)
    client = web(world.admin)

    def problems(values: dict, must_list: bool) -> list[str]:
        response = client.get(declaration.url("list"), values)
        errors = response.context["filterset"].form.errors if response.status_code == 200 else None
        if response.status_code != 200 or errors:
            return [f"{values}: {response.status_code} {errors}"]
        if must_list and not listed(response, sample):
            return [f"{values}: the sample is not listed"]
        return []

    wrong = []
    for by_method in (False, True):
        values = {
            name: value
            for name, filter_ in declaration.filterset.base_filters.items()
            if name != "q"
            and bool(filter_.method) == by_method
            and (value := filter_value(sample, filter_)) is not None
        }
        if values and problems(values, must_list=not by_method):
            wrong += [problem for name, value in values.items() for problem in problems({name: value}, not by_method)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("label", [label for label in LABELS if has_page(DECLARATIONS[label], "detail")])
def test_detail(world, label):
    declaration = DECLARATIONS[label]
    model = declaration.model
    sample = world.sample(model)
    url = page_url(declaration, "detail", sample)
    assert web(world.admin).get(url).status_code == 200
    assert web(world.reader(model, "view", sample)).get(url).status_code == 200
    assert web(world.outsider(model)).get(url).status_code == (404 if _is_scoped(model) else 200)


@pytest.mark.parametrize("label", LABELS)
def test_csv_and_xlsx_exports_hold_the_rows_in_scope(world, label):
    declaration = DECLARATIONS[label]
    model = declaration.model
    sample = world.sample(model)
    reader = world.reader(model, "view", sample)
    outsider = world.outsider(model)
    url = declaration.url("export")
    row = export_row(sample, declaration, reader)
    assert as_csv(row) in csv_rows(web(reader).get(url, {"format": "csv"}))
    spreadsheet = xlsx_rows(web(reader).get(url, {"format": "xlsx"}))
    assert any(set(texts_of(row)) <= set(texts_of(line)) for line in spreadsheet), texts_of(row)
    outside_rows = csv_rows(web(outsider).get(url, {"format": "csv"}))
    if _is_scoped(model):
        assert export_row(sample, declaration, outsider) is None
        assert as_csv(row) not in outside_rows
    else:
        assert as_csv(export_row(sample, declaration, outsider)) in outside_rows


@pytest.mark.parametrize("label", having("add"))
def test_add_form(world, label):
    declaration = DECLARATIONS[label]
    model = declaration.model
    url = declaration.url("add")
    assert web(world.admin).get(url).status_code == 200
    adder = world.reader(model, "add")
    if adder is not None:
        assert web(adder).get(url).status_code == 200
    refused = world.refused(model, "add")
    if refused is not None:
        assert web(refused).get(url).status_code in REFUSED


def editable(world, label):
    """A record of ``label`` in the inside branch that is not final, or None (every record is final)."""
    sample = world.sample(DECLARATIONS[label].model)
    return sample if not is_final(sample) else world.drafts.get(label)


@pytest.mark.parametrize("label", having("edit"))
def test_edit_form_of_a_draft_and_refusal_of_a_final_record(world, label):
    declaration = DECLARATIONS[label]
    model = declaration.model
    record = editable(world, label)
    if record is not None:
        url = page_url(declaration, "edit", record)
        assert web(world.admin).get(url).status_code == 200
        editor = world.reader(model, "change", record)
        if editor is not None:
            assert web(editor).get(url).status_code == 200
        if _is_scoped(model):
            assert web(world.outsider(model, "change")).get(url).status_code == 404
    sample = world.sample(model)
    if is_final(sample):
        response = web(world.admin).get(page_url(declaration, "edit", sample))
        assert response.status_code == 302 and response.url == sample.get_absolute_url()


@pytest.mark.parametrize("label", having("delete"))
def test_delete_of_a_draft_through_the_service_and_refusal_of_a_final_record(world, label, monkeypatch):
    declaration = DECLARATIONS[label]
    model = declaration.model
    called = []
    service = declaration.delete_service

    def spy(**kwargs):
        called.append(kwargs["record"].pk)
        return service(**kwargs)

    monkeypatch.setattr(declaration, "delete_service", spy)
    record = editable(world, label)
    if record is not None:
        url = page_url(declaration, "delete", record)
        if _is_scoped(model):
            assert web(world.outsider(model, "delete")).post(url).status_code == 404
        deleter = world.reader(model, "delete", record) or fresh(world.admin)
        assert web(deleter).get(url).status_code == 200
        response = web(deleter).post(url)
        assert response.status_code == 302 and response.url == declaration.url("list")
        assert called == [record.pk] and not model._default_manager.filter(pk=record.pk).exists()
    sample = world.sample(model)
    if is_final(sample):
        response = web(world.admin).post(page_url(declaration, "delete", sample))
        assert response.status_code == 302 and response.url == sample.get_absolute_url()
        assert model._default_manager.filter(pk=sample.pk).exists()


def succeeded(response) -> bool:
    return any(message.level == messages.SUCCESS for message in messages.get_messages(response.wsgi_request))


@pytest.mark.parametrize(("label", "name"), STEPS)
def test_step_page_and_post(world, label, name):
    declaration = DECLARATIONS[label]
    model = declaration.model
    step = step_named(label, name)
    record, data = world.steps[(label, name)]
    assert step.reasons_against(record) == []
    url = page_url(declaration, name, record)
    doer = world.reader(model, step.permission, record) or fresh(world.admin)
    assert web(world.admin).get(url).status_code == 200
    if _is_scoped(model):
        assert web(world.outsider(model, step.permission)).get(url).status_code == 404
    refused = world.refused(model, step.permission, record)
    if refused is not None:
        assert web(refused).get(url).status_code in REFUSED
        assert web(refused).post(url, data or {}).status_code in REFUSED
    client = web(doer)
    assert client.get(url).status_code == 200
    response = client.post(url, data or {})
    errors = response.context["form"].errors if response.status_code != 302 and response.context else None
    assert response.status_code == 302 and succeeded(response), errors
    assert response.url == record.get_absolute_url()
