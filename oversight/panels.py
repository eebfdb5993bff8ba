"""Sections oversight adds to detail pages (see ``logistics.panels``).

- On the page of any record a finding may cite (a budget allocation, a vehicle, a construction
  project, a unit, an officer…): which findings cite it, and by which inspection — only the
  findings the reader may see. A reader outside every citing finding's scope sees nothing at all.
- On a finding's page: the records it cites, each named only if the reader may see it.
"""

from django.utils.translation import gettext_lazy as _

from logistics.panels import Panel
from oversight import selectors
from oversight.forms import record_key
from oversight.models import Finding


def cited_by_findings(record, user):
    model = type(record)
    if not selectors.is_citable(model):
        return None
    if not user.has_perm("oversight.view_findinglink"):
        return None
    links = list(selectors.citations_of(record, user))
    can_cite = user.has_perm("oversight.add_findinglink")
    if not links and not can_cite:
        return None

    return Panel(
        title=_("Party oversight: cited by findings"),
        template="oversight/panels/cited_by.html",
        context={"links": links, "can_cite": can_cite, "record_key": record_key(record)},
    )


def finding_citations(record, user):
    if not isinstance(record, Finding):
        return None

    cited = selectors.cited_records(record, user)
    return Panel(
        title=_("Records cited"),
        template="oversight/panels/finding_citations.html",
        shown=[entry.record for entry in cited if entry.record is not None],
        context={
            "cited": cited,
            "can_add": not record.is_locked and user.has_perm("oversight.add_findinglink"),
            "can_remove": not record.is_locked and user.has_perm("oversight.delete_findinglink"),
        },
    )
