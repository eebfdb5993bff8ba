"""Walk every door of the system as one user and note what it shows of records outside their scope.

Used by tests/core/test_demo_scope_every_door.py on the full demo data. What is out of scope is computed
from the data, not written down: the "canaries" are units that no record the user may see concerns
(their names and codes must appear nowhere), officers the user may not see (with names distinctive
enough to search for), and amounts of allocations the user may not see (distinctive enough too).
Every link to a record's page in every page must open, and every id of another record in an API
body must be one the user may see, a unit the record itself concerns, or null (hidden).
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from rest_framework import serializers
from rest_framework.test import APIClient

from logistics.registry import LOOKUP, registry
from logistics.report_centre import all_reports
from logistics.scope import restrict
from tests.api_walk import api_lists

#: The demo's years: the dashboard and every report are asked for all of them.
PERIOD = {"date_from": "01/01/2015", "date_to": "31/12/2025", "year_from": "2015", "year_to": "2025"}
API_PERIOD = {"date_from": "2015-01-01", "date_to": "2025-12-31"}
DETAILS_PER_MODEL = 3
_MONEY = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d,]|\.\d)|(?<![\d.,])\d{7,}(?![\d.,])")
_HREF = re.compile(r'href="([^"#]+)')


def text_of(response) -> str:
    """The body of a page, a file being streamed or an API answer, as text."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def links_that_do_not_open(client, page: str) -> list[str]:
    """The links to a record's page in ``page`` that answer 404 to the reader of ``client``."""
    broken = []
    for href in set(re.findall(r'href="(/[^"#?]*)', page)):
        try:
            match = resolve(href)
        except Resolver404:
            continue
        if "pk" in match.kwargs and client.get(href).status_code == 404:
            broken.append(href)
    return broken


def _is_scoped(model) -> bool:
    """Whether records of ``model`` belong to units (``scope_units`` paths or their own scope filter)."""
    return bool(getattr(model, "scope_units", None) or getattr(model, "scope_filter", None))


def scoped_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if _is_scoped(model)]


def visible_ids(model, user) -> set:
    return set(restrict(model._default_manager.all(), user, "view").values_list("pk", flat=True))


def units_named_by(model, pk) -> set[int]:
    """The units a record concerns (its scope paths): those it may name, even outside the reader's scope."""
    paths = ["parent" if path == "pk" else path for path in (getattr(model, "scope_units", None) or ())]
    if not paths:
        return set()
    row = model._default_manager.filter(pk=pk).values_list(*paths).first() or ()
    return {value for value in row if value is not None}


def _text_of(queryset) -> list[str]:
    names = [
        f.name
        for f in queryset.model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField)) and f.name != "search_text"
    ]
    texts = []
    for row in queryset.values_list(*names):
        texts.extend(str(value) for value in row if value)
    return texts


def _units_in_history(user) -> set[int]:
    """Units that records the user may see named before a change (a commune's former district):
    their pages show them in the change history."""
    units = set()
    for model in scoped_models():
        try:
            events = apps.get_model(model._meta.app_label, f"{model.__name__}Event")
        except LookupError:
            continue
        columns = [
            "parent_id" if path == "pk" else f"{path}_id" for path in model.scope_units or () if "__" not in path
        ]
        columns = [c for c in columns if any(f.attname == c for f in events._meta.concrete_fields)]
        if not columns:
            continue
        shown = restrict(model._default_manager.all(), user, "view").values("pk")
        for row in events.objects.filter(pgh_obj_id__in=shown).values_list(*columns):
            units.update(value for value in row if value is not None)
    return units


@dataclass
class Canaries:
    #: text → what it is ("unit name", "officer") for the report.
    texts: dict[str, str]
    #: amount in đồng → what it is.
    amounts: dict[int, str]
    concerned_units: set[int]


def canaries_for(user) -> Canaries:
    from budget.models import Allocation
    from logistics.models import Personnel, Unit, User

    concerned: set[int] = set()
    visible_text: list[str] = []
    visible_numbers: set[int] = set()
    for model in apps.get_models():
        paths = getattr(model, "scope_units", ())
        if paths is None or (not paths and not getattr(model, "scope_filter", None)):
            # Shared reference data: shown to everyone.
            if paths is None:
                visible_text.extend(_text_of(model._default_manager.all()))
            continue
        shown = restrict(model._default_manager.all(), user, "view")
        for path in paths or ():
            column = "parent" if path == "pk" else path
            concerned.update(pk for pk in shown.values_list(column, flat=True) if pk is not None)
        visible_text.extend(_text_of(shown))
        numbers = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.IntegerField,))]
        if numbers and not model._meta.label_lower.startswith("medical."):
            for row in shown.values_list(*numbers):
                visible_numbers.update(value for value in row if isinstance(value, int))
    from logistics.scope import scoped_unit_ids

    concerned |= set(scoped_unit_ids(user) or ()) | _units_in_history(user)
    visible_text.extend(name for name in User.objects.values_list("full_name", flat=True) if name)
    blob = "\n".join(visible_text)
    concerned_texts = [text for unit in Unit.objects.filter(pk__in=concerned) for text in (unit.name, unit.code)]

    texts: dict[str, str] = {}
    for unit in Unit.objects.exclude(pk__in=concerned):
        for text, what in ((unit.name, "unit name"), (unit.code, "unit code")):
            if len(text) < 4 or text in blob or any(text in other for other in concerned_texts):
                continue
            texts[text] = f"{what} of {unit.name} (out of scope)"
    personnel_names = list(Personnel.objects.values_list("full_name", flat=True))
    shown_people = set(restrict(Personnel.objects.all(), user, "view").values_list("full_name", flat=True))
    for name in set(personnel_names) - shown_people:
        if (
            len(name.split()) >= 3
            and name not in blob
            and sum(name in other for other in personnel_names) == 1
            and not any(name in other for other in concerned_texts)
        ):
            texts[name] = "officer out of scope"

    amounts: dict[int, str] = {}
    hidden_allocations = Allocation.objects.exclude(pk__in=visible_ids(Allocation, user))
    for pk, amount, available in hidden_allocations.values_list("pk", "amount", "available"):
        for value, what in ((amount, "amount"), (available, "available")):
            # Round figures (100.000.000 ₫) recur everywhere; only distinctive ones are searched for.
            if value >= 1_000_000 and value % 100_000 and value not in visible_numbers:
                amounts[value] = f"{what} of allocation #{pk} (out of scope)"
    return Canaries(texts, amounts, concerned)


@dataclass
class Walk:
    """One user's walk through every door; ``problems`` lists what it found."""

    user: object
    canaries: Canaries
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0
    #: path → status of every record page a response linked to.
    opened: dict[str, int] = field(default_factory=dict)
    #: href → the first page that showed it.
    links: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self.web = Client()
        self.web.force_login(self.user)
        # Signed in by session, as in production: a fresh user object per request.
        self.api = APIClient()
        self.api.force_login(self.user)
        self._visible: dict = {}

    # --- requests -------------------------------------------------------------------------------

    def get(self, url: str, *, api: bool = False, **params):
        started = time.monotonic()
        response = (self.api if api else self.web).get(url, params or None)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        self.seconds += time.monotonic() - started
        self.requests += 1
        if response.status_code >= 500:
            self.problems.append(f"{url}: answered {response.status_code}")
        return response, body.decode("utf-8", errors="replace")

    def look(self, url: str, *, api: bool = False, **params):
        """GET ``url`` and check what it shows; returns (response, text)."""
        response, text = self.get(url, api=api, **params)
        if response.status_code == 200:
            self.check_text(url, text)
            for href in _HREF.findall(text):
                self.links.setdefault(html.unescape(href), url)
        return response, text

    # --- what a response may not show ------------------------------------------------------------

    def check_text(self, url: str, text: str) -> None:
        if text.startswith("{") or text.startswith("["):
            # Escaped non-ASCII in JSON would hide names from a plain search.
            with contextlib.suppress(ValueError):
                text = json.dumps(json.loads(text), ensure_ascii=False)
        for canary, what in self.canaries.texts.items():
            if canary in text:
                self.problems.append(f"{url}: shows “{canary}” — {what}")
        for match in _MONEY.findall(text):
            value = int(match.replace(".", ""))
            if value in self.canaries.amounts:
                self.problems.append(f"{url}: shows {match} — {self.canaries.amounts[value]}")

    def visible(self, model, pk) -> bool:
        if model not in self._visible:
            self._visible[model] = visible_ids(model, self.user)
        return pk in self._visible[model]

    def check_ids(self, url: str, serializer, model, body) -> None:
        """Every id of another record in ``body`` (as ``serializer`` writes it) is one the user may
        see, a unit the record itself concerns, or null."""
        if isinstance(body, list):
            for item in body:
                self.check_ids(url, serializer, model, item)
            return
        if not isinstance(body, dict):
            return
        pk_name = model._meta.pk.name if model is not None else "id"
        record_pk = body.get("id", body.get(pk_name))
        for name, (target, nested, nested_model) in related_fields(serializer).items():
            value = body.get(name)
            if nested is not None:
                for item in value if isinstance(value, list) else [value]:
                    pk = item.get("id") if isinstance(item, dict) else None
                    nested_hidden = (
                        pk is not None
                        and nested_model is not None
                        and _is_scoped(nested_model)
                        and not self.visible(nested_model, pk)
                    )
                    if nested_hidden and pk not in units_named_by(model, record_pk):
                        self.problems.append(f"{url}: {name} nests {nested_model._meta.label} #{pk}, out of scope")
                self.check_ids(url, nested, nested_model, value)
                continue
            values = value if isinstance(value, list) else [value]
            for pk in values:
                if pk is None or target is None or getattr(target, "scope_units", ()) is None:
                    continue
                if not _is_scoped(target):
                    # Reached only through the record that shows it (a file): its download must open.
                    if target._meta.label_lower == "logistics.attachment":
                        self.links.setdefault(reverse("logistics:attachment_download", kwargs={"pk": pk}), url)
                    continue
                if self.visible(target, pk):
                    continue
                if model is not None and record_pk is not None and pk in units_named_by(model, record_pk):
                    continue
                if target._meta.label_lower == "logistics.user":
                    continue  # who did it: shown with the record's history too
                self.problems.append(f"{url}: {name}={pk} is a {target._meta.label} the user may not see")

    # --- the doors ------------------------------------------------------------------------------

    def web_lists_and_exports(self) -> None:
        for declaration in registry.pages():
            response, _text = self.look(declaration.url("list"), per_page=100)
            if response.status_code == 200:
                self.look(declaration.url("export"), format="csv")

    def details(self) -> None:
        for declaration in registry.pages():
            if _page_url(declaration, "detail") is None:
                continue
            for record in sample_records(declaration.get_queryset(), self.user):
                self.look(declaration.url("detail", record))

    def api_doors(self) -> None:
        for route in api_lists():
            model = route.model
            response, text = self.look(route.url(), api=True, page_size=100)
            if response.status_code != 200:
                continue
            serializer = route.viewset.serializer_class(context={"request": None})
            body = json.loads(text)
            self.check_ids(route.url(), serializer, model, body.get("results", body))
            self.look(route.url(), api=True, export="csv")
            if model is None:
                continue
            detail = route.pattern + "{pk}/"
            for record in sample_records(route.viewset.queryset, self.user):
                url = detail.replace("{pk}", str(record.pk))
                response, text = self.look(url, api=True)
                if response.status_code == 200:
                    self.check_ids(url, serializer, model, json.loads(text))

    def overviews(self) -> None:
        self.look("/", **PERIOD)
        self.look("/api/dashboard/", api=True, **API_PERIOD)
        self.look("/api/reports/annual/", api=True, **API_PERIOD)
        self.look(reverse("report_centre"))
        for entry in all_reports():
            self.look(reverse(entry.url_name), **PERIOD)
            self.look(reverse(entry.url_name), format="csv", **PERIOD)

    def forms_lookups_and_search(self) -> None:
        """Entry forms offer only records in scope; look-ups and the global search find only those."""
        for declaration in registry.pages():
            model = declaration.model
            if declaration.has_view("add") and self.user.has_perm(
                f"{model._meta.app_label}.add_{model._meta.model_name}"
            ):
                self.look(declaration.url("add"))
        for looked_up in registry.models_with(LOOKUP):
            app_label, model_name = looked_up._meta.app_label, looked_up._meta.model_name
            for query in ("", "a", "công an"):
                self.look(reverse("lookup", kwargs={"app_label": app_label, "model": model_name}), q=query)
        for query in ("công an", "nguyễn", "2020"):
            self.look(reverse("search"), q=query)

    def record_links(self) -> None:
        """Every link to a record's page that any response showed opens for the user."""
        for href, shown_on in sorted(self.links.items()):
            path = href.split("?", 1)[0]
            if not path.startswith("/") or path.startswith("//"):
                continue
            if path.startswith(settings.STATIC_URL):
                continue
            try:
                match = resolve(path)
            except Resolver404:
                self.problems.append(f"{shown_on}: links to {href}, which does not exist")
                continue
            if "pk" not in match.kwargs or path in self.opened:
                continue
            response, _text = self.get(path)
            self.opened[path] = response.status_code
            if response.status_code == 404:
                self.problems.append(f"{shown_on}: links to {path}, which answers 404 to the user")

    def everything(self) -> Walk:
        self.web_lists_and_exports()
        self.details()
        self.api_doors()
        self.overviews()
        self.forms_lookups_and_search()
        self.record_links()
        return self


def _page_url(declaration, view: str):
    try:
        return declaration.url(view, declaration.model(pk=1))
    except NoReverseMatch:
        return None


def sample_records(queryset, user) -> list:
    """Up to ``DETAILS_PER_MODEL`` records the user may see, first those that point at a record the
    user may not see (where leaks happen), then the newest."""
    shown = restrict(queryset, user, "view")
    model = shown.model
    chosen: dict = {}
    for model_field in model._meta.concrete_fields:
        if len(chosen) >= DETAILS_PER_MODEL:
            break
        target = model_field.related_model if model_field.many_to_one or model_field.one_to_one else None
        if target is None or target is model or not _is_scoped(target):
            continue
        hidden = shown.exclude(**{f"{model_field.name}__isnull": True}).exclude(
            **{f"{model_field.name}__in": restrict(target._default_manager.all(), user, "view")}
        )
        record = hidden.exclude(pk__in=list(chosen)).order_by("-pk").first()
        if record is not None:
            chosen[record.pk] = record
    for record in shown.exclude(pk__in=list(chosen)).order_by("-pk")[: DETAILS_PER_MODEL - len(chosen)]:
        chosen[record.pk] = record
    return list(chosen.values())


def related_fields(serializer) -> dict:
    """name → (model of the record whose id the field gives, nested serializer, its model) for every
    field of ``serializer`` that names another record."""
    result = {}
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    for name, item in serializer.fields.items():
        if item.write_only:
            continue
        annotated = getattr(item, "_spectacular_annotation", None)
        nested = item
        if isinstance(annotated, serializers.BaseSerializer):
            nested = annotated
        if isinstance(nested, serializers.ListSerializer):
            nested = nested.child
        if isinstance(nested, serializers.BaseSerializer):
            result[name] = (None, nested, getattr(getattr(nested, "Meta", None), "model", None))
            continue
        if isinstance(item, serializers.ManyRelatedField):
            item = item.child_relation
        target = None
        if isinstance(item, serializers.RelatedField) and item.queryset is not None:
            target = item.queryset.model
        elif model is not None and item.source != "*":
            target = _target_along(model, item.source.split("."))
        if target is not None:
            result[name] = (target, None, None)
    return result


def _target_along(model, attrs):
    for position, attr in enumerate(attrs):
        fields = {f.name: f for f in model._meta.get_fields()}
        fields.update({f.attname: f for f in model._meta.concrete_fields if f.is_relation})
        model_field = fields.get(attr)
        if model_field is None or not model_field.is_relation or model_field.related_model is None:
            return None
        last = position == len(attrs) - 1
        if last and (
            attr == getattr(model_field, "attname", None) or model_field.many_to_one or model_field.one_to_one
        ):
            return model_field.related_model
        model = model_field.related_model
    return None


def summary(walks: list[Walk]) -> str:
    lines = []
    for walk in walks:
        lines.append(
            f"{walk.user.username}: {walk.requests} requests, {walk.seconds:.1f} s, {len(walk.problems)} problems"
        )
        lines.extend(f"  {problem}" for problem in walk.problems[:400])
    return "\n".join(lines)
