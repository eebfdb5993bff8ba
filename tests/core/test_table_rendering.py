"""Lists draw their table body in Python (``logistics/templatetags/tablerows.py``) and django-tables2
reads each render function's parameters once (``logistics.tables.remember_signatures``): the same
markup as django-tables2's own template, in less time."""

import re

import django_tables2.utils
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from logistics import tables
from logistics.models import Unit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _body(html: str) -> str:
    body = re.search(r"<tbody.*?</tbody>", html, re.S).group(0)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", body)).replace("<tbody >", "<tbody>")


@pytest.mark.parametrize("rows", [True, False], ids=["rows", "empty"])
def test_the_body_is_the_markup_django_tables2_draws(tree, rows):
    request = RequestFactory().get("/core/unit/")
    request.user = UserFactory(unit=tree.province)
    units = Unit.objects.order_by("path") if rows else Unit.objects.none()
    # A table of its own for each drawing: rows are told odd from even by a count kept on the table.
    ours = render_to_string(
        "generic/table.html", {"table": tables.UnitTable(units, request=request), "request": request}
    )
    theirs = render_to_string(
        "django_tables2/bootstrap5-responsive.html",
        {"table": tables.UnitTable(units, request=request), "request": request},
    )
    assert _body(ours) == _body(theirs)
    assert ("Công an tỉnh" in _body(ours)) is rows


class Column:
    def render(self, value, record):
        return value

    def value(self, **kwargs):
        return kwargs


def test_parameters_are_read_once_per_function_and_the_same_as_before():
    assert django_tables2.utils.signature is tables._remembered_signature

    def free(value, *args, record=None):
        return value

    first, second = Column(), Column()
    for function in (free, first.render, second.render, first.value, lambda: None, Column):
        assert tables._remembered_signature(function) == tables._read_signature(function)
    assert tables._signatures_of_methods[Column.render] == (("value", "record"), None)
    assert tables._signatures_of_functions[free] == (("value", "record"), None)
    assert django_tables2.utils.call_with_appropriate(second.value, {"value": 1}) == {"value": 1}
