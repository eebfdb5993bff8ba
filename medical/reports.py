"""The clinic's figures, each declared once (see ``logistics.report_declarations``): counts only,
open to whoever may count encounters or open them."""

from django.utils.translation import gettext_lazy as _

from logistics.report_declarations import ReportDeclaration
from medical import selectors
from medical.charts import caseload_chart
from medical.forms import CountsForm, EpidemicCountsForm


def caseload(*, user, date_from, date_to, unit):
    """The caseload report alone (the page draws its chart from the figures, see below)."""
    report, _figures = selectors.caseload_report(user, date_from=date_from, date_to=date_to, unit=unit)
    return report


def caseload_page(declaration, user, values) -> dict:
    figures = selectors.caseload_figures(
        user, date_from=values["date_from"], date_to=values["date_to"], unit=values["unit"]
    )
    return {"chart": caseload_chart(figures)}


REPORTS = [
    ReportDeclaration(
        url_name="medical:caseload",
        path="caseload/",
        title=_("Clinic caseload"),
        description=_("Encounters by service, month by month (counts only)."),
        permission=selectors.CASELOAD_PERMISSION,
        form=CountsForm,
        selector=caseload,
        template="medical/caseload.html",
        page_context=caseload_page,
        allowed=selectors.may_see_counts,
    ),
    ReportDeclaration(
        url_name="medical:epidemic",
        path="epidemic/",
        title=_("Epidemic figures"),
        description=_("People in isolation on a day and people identified month by month (counts only)."),
        permission=selectors.CASELOAD_PERMISSION,
        form=EpidemicCountsForm,
        selector=selectors.epidemic_report,
        allowed=selectors.may_see_counts,
    ),
]
