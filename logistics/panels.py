"""Extra sections any app can add to every record's detail page.

An app registers a provider from its ``AppConfig.ready()``::

    app.register_panel(cited_by_findings)

A provider takes ``(record, user)`` and returns ``None`` (nothing to show for this record) or a
:class:`Panel` whose template is rendered with ``panel`` in its context. Providers must apply
scope themselves (``logistics.scope.restrict``) to whatever they list.
"""

from dataclasses import dataclass, field

from logistics.registry import registry


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    #: The records of other models the panel names, so that reads that must be logged are noted
    #: with the page's (``logistics.reads``).
    shown: list = field(default_factory=list)


def panels_for(record, user) -> list[Panel]:
    panels = []
    for provider in registry.panels():
        panel = provider(record, user)
        if panel is not None:
            panels.append(panel)
    return panels
