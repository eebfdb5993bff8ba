"""What the clinic reminds of: isolation ends (``logistics.reminders``). The name of the person is
given only to readers who may see patients; the others read the date and the clinic only."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from logistics.formatting import day_text
from logistics.reminders import Due, ReminderKind
from medical.models import Exposure


def isolation_ends(first, last, today):
    rows = Exposure.objects.filter(isolation_end__range=(first, last)).values_list(
        "pk", "isolation_end", "patient__full_name", "clinic__name"
    )
    for pk, end, name, clinic in rows:
        values = {"name": name, "date": day_text(end), "clinic": clinic}
        yield Due(
            record_id=pk,
            due_date=end,
            title=gettext("Isolation of %(name)s ends on %(date)s") % values,
            anonymous_title=gettext("An isolation recorded by %(clinic)s ends on %(date)s") % values,
            link=reverse(Exposure.url_name("detail"), kwargs={"pk": pk}),
        )


ISOLATION_END = ReminderKind(
    key="medical.isolation_end",
    label=_("Isolation ends"),
    model=Exposure,
    due=isolation_ends,
    days_before=(1,),
    days_after=(0,),
    names_permission="medical.view_patient",
)
