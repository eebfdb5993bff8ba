"""Search across every area from the top bar: accent-insensitive, and only what the user may see.

Every model registered as searched (it has a page and a search column) is searched through :func:`logistics.scope.restrict`,
so clinic records appear only for clinic staff and records outside the user's units never appear.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch

from logistics import reads
from logistics.registry import registry
from logistics.scope import permission_name, restrict
from logistics.search import filter_by_search, search_terms

PER_KIND = 5


@dataclass
class Group:
    title: str
    model_label: str
    results: list
    more: bool
    list_url: str


def _top_matches(queryset, phrase: str, limit: int) -> list:
    """The first ``limit`` matches, those holding the words side by side in the order typed first,
    each part in the list's own order. Each part stops at ``limit`` rows in the database (no rank is
    computed over every match, so a common word costs no more than a rare one); the second part is
    asked only when the first falls short."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering or ["pk"]
    phrase_first = list(queryset.filter(search_text__contains=phrase).order_by(*ordering)[:limit])
    if len(phrase_first) >= limit:
        return phrase_first
    rest = queryset.exclude(search_text__contains=phrase).order_by(*ordering)[: limit - len(phrase_first)]
    return phrase_first + list(rest)


def search_everything(request, query: str, per_kind: int = PER_KIND) -> list[Group]:
    """The groups of results ``request.user`` may see; results of models whose reads are logged
    are noted as read (they name patients)."""
    user = request.user
    if not search_terms(query):
        return []
    groups = []
    for declaration in sorted(
        registry.searched(), key=lambda d: (d.model._meta.app_label, str(d.model._meta.verbose_name_plural))
    ):
        model = declaration.model
        if not user.has_perm(permission_name(model, "view")):
            continue
        queryset = filter_by_search(restrict(declaration.get_queryset(), user, "view"), query)
        matches = _top_matches(queryset, " ".join(search_terms(query)), per_kind + 1)
        if not matches:
            continue
        try:
            list_url = declaration.url("list") + "?q=" + query
        except NoReverseMatch:
            list_url = ""
        groups.append(
            Group(
                title=str(model._meta.verbose_name_plural).capitalize(),
                model_label=model._meta.label_lower,
                results=matches[:per_kind],
                more=len(matches) > per_kind,
                list_url=list_url,
            )
        )
    reads.note_read(request, reads.Door.SEARCH, [record for group in groups for record in group.results])
    return groups
