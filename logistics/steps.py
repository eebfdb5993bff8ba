"""The workflow steps of the shared core, each offered on its page and in the API."""

from django.utils.translation import gettext_lazy

from logistics import forms, services
from logistics.api import serializers
from logistics.workflow import Step

UNIT_DISSOLVE = Step(
    name="dissolve",
    label=gettext_lazy("Dissolve into a successor"),
    service=services.unit_dissolve,
    form=forms.UnitDissolveForm,
    serializer=serializers.UnitDissolveSerializer,
    confirm=gettext_lazy(
        "The unit keeps its records and history; they count under the successor from now on, "
        "and the units still under it move under the successor."
    ),
    style="danger",
    icon="diagram-2",
    summary="Dissolve the unit into a successor from the given date (its records stay with it).",
)
