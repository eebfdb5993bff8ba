"""Every list's table body, drawn by the project's one-pass renderer (``logistics.tables.CellPlan``
and ``logistics/templatetags/tablerows.py``), is the markup django-tables2's own template draws for
the same rows and reader: the administrator, and a reader of the inside branch, whose rows name
records of other branches (hidden or named by the scope rule, ``logistics.scope``)."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from logistics.scope import restrict
from tests.generated.conftest import fresh
from tests.generated.declarations import label_of, page_declarations

pytestmark = pytest.mark.django_db

DECLARATIONS = {label_of(declaration.model): declaration for declaration in page_declarations()}


def body(html: str) -> str:
    found = re.search(r"<tbody.*?</tbody>", html, re.S).group(0)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", found)).replace("<tbody >", "<tbody>")


def drawn(declaration, user, template: str) -> str:
    request = RequestFactory().get("/", {"per_page": 500})
    request.user = user
    rows = restrict(declaration.get_queryset(), user, "view")
    # A table of its own for each drawing: rows are told odd from even by a count kept on the table.
    table = declaration.table(rows, request=request)
    return body(render_to_string(template, {"table": table, "request": request}))


@pytest.mark.parametrize("label", sorted(DECLARATIONS))
def test_the_body_is_django_tables2s_markup(world, label):
    declaration = DECLARATIONS[label]
    readers = [fresh(world.admin)]
    reader = world.reader(declaration.model)
    if reader is not None:
        readers.append(reader)
    for user in readers:
        ours = drawn(declaration, user, "generic/table.html")
        theirs = drawn(declaration, user, "django_tables2/bootstrap5-responsive.html")
        assert ours == theirs
        assert "<td" in ours
