"""What construction reminds of: works past their planned completion (``logistics.reminders``)."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from construction.choices import CAN_BE_OVERDUE
from construction.models import Project
from logistics.formatting import day_text
from logistics.reminders import Due, ReminderKind


def works_due(first, last, today):
    """Works approved or under way whose planned completion lies between ``first`` and ``last``:
    on and after that day they are overdue (``construction.models.overdue_condition``)."""
    rows = Project.objects.filter(status__in=CAN_BE_OVERDUE, planned_end__range=(first, last)).values_list(
        "pk", "planned_end", "code", "name"
    )
    for pk, planned_end, code, name in rows:
        yield Due(
            record_id=pk,
            due_date=planned_end,
            title=gettext("Work %(code)s · %(name)s: planned completion %(date)s")
            % {"code": code, "name": name, "date": day_text(planned_end)},
            body=gettext("The work is not accepted yet; record its acceptance or its progress."),
            link=reverse(Project.url_name("detail"), kwargs={"pk": pk}),
        )


WORK_OVERDUE = ReminderKind(
    key="construction.work_overdue",
    label=_("Works overdue"),
    model=Project,
    due=works_due,
    days_before=(7,),
    days_after=(1, 30),
)
