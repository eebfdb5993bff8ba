"""What the budget reminds of: advances open too long, and the year close (``logistics.reminders``)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budget.choices import SpendingKind
from budget.models import Allocation, FiscalYear, Spending, YearClosure
from logistics.formatting import day_text, vnd
from logistics.models.documents import DocumentStatus
from logistics.reminders import Due, ReminderKind
from logistics.selectors import rollup_unit_ids

#: An advance is due to be cleared this many days after it was paid out.
ADVANCE_CLEAR_DAYS = 60


def advances_due(first, last, today):
    """Posted advances with something still to clear, whose clearing falls due between ``first`` and
    ``last`` (``ADVANCE_CLEAR_DAYS`` after the advance)."""
    delay = datetime.timedelta(days=ADVANCE_CLEAR_DAYS)
    rows = Spending.objects.filter(
        kind=SpendingKind.ADVANCE,
        status=DocumentStatus.POSTED,
        open_amount__gt=0,
        date__range=(first - delay, last - delay),
    ).values_list("pk", "date", "voucher_number", "open_amount")
    for pk, date, number, open_amount in rows:
        yield Due(
            record_id=pk,
            due_date=date + delay,
            title=gettext("Advance %(number)s of %(date)s still open: %(amount)s")
            % {"number": number, "date": day_text(date), "amount": vnd(open_amount)},
            body=gettext("Clear it with payments or a refund."),
            link=reverse(Spending.url_name("detail"), kwargs={"pk": pk}),
        )


def year_close_due(first, last, today):
    """Fiscal years ended (the due date is their 31 December) and not yet closed for a unit that was
    allocated money in them: one reminder for that unit's people who may close a year."""
    for year in range(first.year - 1, last.year + 1):
        end = datetime.date(year, 12, 31)
        if not first <= end <= last:
            continue
        closed = set()
        for closure in YearClosure.objects.filter(fiscal_year_id=year).select_related("unit"):
            closed |= rollup_unit_ids(closure.unit)
        units = (
            Allocation.objects.filter(fiscal_year_id=year)
            .exclude(unit_id__in=closed)
            .values_list("unit_id", flat=True)
            .distinct()
        )
        for unit_id in units:
            yield Due(
                record_id=year,
                due_date=end,
                title=gettext("The books of %(year)s are not closed yet") % {"year": year},
                body=gettext("Close the year (khóa sổ) once every advance of it is cleared."),
                link=reverse(FiscalYear.url_name("detail"), kwargs={"pk": year}),
                unit_id=unit_id,
            )


ADVANCE_OPEN = ReminderKind(
    key="budget.advance_open",
    label=_("Advances open too long"),
    model=Spending,
    due=advances_due,
    days_after=(0, 30),
)

YEAR_CLOSE = ReminderKind(
    key="budget.year_close",
    label=_("Year close due"),
    model=FiscalYear,
    due=year_close_due,
    days_after=(1, 7, 30),
    permission="budget.close_fiscalyear",
)
