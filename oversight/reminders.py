"""What oversight reminds of: recommendations by their due date (``logistics.reminders``)."""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from logistics.formatting import day_text
from logistics.reminders import Due, ReminderKind
from oversight.choices import FINISHED_STATUSES
from oversight.models import Recommendation


def recommendations_due(first, last, today):
    """Issued recommendations (of concluded inspections) not yet done, due between ``first`` and ``last``."""
    rows = (
        Recommendation.objects.issued()
        .exclude(status__in=FINISHED_STATUSES)
        .filter(due_date__range=(first, last))
        .values_list("pk", "due_date", "content", "responsible_unit__name")
    )
    for pk, due_date, content, unit_name in rows:
        yield Due(
            record_id=pk,
            due_date=due_date,
            title=gettext("Recommendation due on %(date)s: %(content)s")
            % {"date": day_text(due_date), "content": Truncator(content).chars(80)},
            body=gettext("Responsible unit: %(unit)s.") % {"unit": unit_name},
            link=reverse(Recommendation.url_name("detail"), kwargs={"pk": pk}),
        )


RECOMMENDATION_DUE = ReminderKind(
    key="oversight.recommendation_due",
    label=_("Recommendations due"),
    model=Recommendation,
    due=recommendations_due,
    days_before=(30, 7, 1),
    days_after=(1, 7, 30),
)
