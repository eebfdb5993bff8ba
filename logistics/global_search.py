"""Search across every area from the top bar: accent-insensitive, and only what the user may see.

Every model registered as searched (it has a page and a search column) is searched through :func:`logistics.scope.restrict`,
so clinic records appear only for clinic staff and records outside the user's units never appear.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.urls import NoReverseMatch

from logistics import reads
from logistics.registry import registry
from logistics.scope import permission_name, restrict
from logistics.search import filter_by_search, search_terms

PER_KIND = 5
#: Records holding the typed words side by side come first among this many matches of each area.
RANK_AMONG = 500


@dataclass
class Group:
    title: str
    model_label: str
    results: list
    more: bool
    list_url: str


def _top_matches(queryset, terms: list[str], limit: int) -> list:
    """The first ``limit`` matches, those holding the typed words side by side in the order typed
    first, each part in the list's own order, without ranking every match:

    - one word: every match holds it, so the list's first page is the answer (the index that gives
      the list's order stops the read there);
    - more words: the phrase is ranked among the first :data:`RANK_AMONG` matches in the list's
      order only, so a common pair of words costs a page of them, not all of them. Below that many
      matches the result is the one of ranking them all."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering or ["pk"]
    if len(terms) == 1:
        return list(queryset.order_by(*ordering)[:limit])
    rank = Case(
        When(search_text__contains=" ".join(terms), then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    # The ranking reads ids and the columns of the order only; the page's records are read after.
    first = queryset.order_by(*ordering).values("pk")[:RANK_AMONG]
    top = (
        queryset.model._base_manager.filter(pk__in=first)
        .annotate(_rank=rank)
        .order_by("_rank", *ordering)
        .values("pk")[:limit]
    )
    return list(queryset.filter(pk__in=top).annotate(_rank=rank).order_by("_rank", *ordering))


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
        matches = _top_matches(queryset, search_terms(query), per_kind + 1)
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
