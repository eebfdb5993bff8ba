"""Every list's filter panel is drawn in Python (``logistics.widgets.draw_without_templates``) and
reads as Django's widget templates write it: unfilled, and filled with a choice of every select and
a search that tries to break out of its attribute."""

from __future__ import annotations

import pytest
from django import forms
from django.test import RequestFactory

from logistics.scope import restrict
from tests.generated.conftest import fresh
from tests.generated.declarations import label_of, page_declarations

pytestmark = pytest.mark.django_db

DECLARATIONS = {label_of(declaration.model): declaration for declaration in page_declarations()}
HOSTILE = '"><script>alert(1)</script>'


def panel(declaration, user, query: dict):
    request = RequestFactory().get("/", query)
    request.user = user
    rows = restrict(declaration.get_queryset(), user, "view")
    return declaration.filterset(request.GET or None, queryset=rows, request=request).form


def filled(form) -> dict:
    """A choice of every select (its last one) and a hostile search."""
    query = {"q": HOSTILE}
    for name, field in form.fields.items():
        choices = [value for value, _label in getattr(field, "choices", ()) if value not in ("", None)]
        if isinstance(field, forms.ChoiceField) and choices:
            value = choices[-1]
            query[name] = str(getattr(value, "value", value))
    return query


@pytest.mark.parametrize("label", sorted(DECLARATIONS))
def test_the_panel_is_the_markup_djangos_templates_write(world, label):
    declaration = DECLARATIONS[label]
    user = fresh(world.admin)
    for query in ({}, filled(panel(declaration, user, {}))):
        form = panel(declaration, user, query)
        for field in form:
            ours = str(field)
            widget = field.field.widget
            assert "_render" in vars(widget), f"{field.name} is drawn by templates"
            del widget._render
            assert ours == str(field), field.name
        if query:
            assert "<script>" not in "".join(str(field) for field in form)
