"""Pages that span every area: the dashboard, the annual report, the report centre, search."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics import dashboard
from logistics.annual import annual_report
from logistics.filtersets import TEXT_ERROR_MESSAGES, TEXT_FILTER_MAX_LENGTH, within_filter_dates
from logistics.forms import ScopedForm
from logistics.global_search import search_everything
from logistics.models import Unit
from logistics.report_centre import reports_for
from logistics.reports import report_response


class PeriodForm(ScopedForm):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.all(), required=False)
    date_from = forms.DateField(label=gettext_lazy("From"), validators=[within_filter_dates])
    date_to = forms.DateField(label=gettext_lazy("To"), validators=[within_filter_dates])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end comes before the start."))
        return cleaned


def period_from(request, default_from: datetime.date | None = None):
    """The unit and period asked for (the user's unit and this year by default), and the form."""
    today = timezone.localdate()
    defaults = {
        "unit": request.user.unit_id,
        "date_from": (default_from or today.replace(month=1, day=1)).strftime("%d/%m/%Y"),
        "date_to": today.strftime("%d/%m/%Y"),
    }
    data = {**defaults, **{key: value for key, value in request.GET.items() if key in defaults}}
    form = PeriodForm(data, user=request.user)
    form.is_valid()
    # Whatever was given right is kept; a wrong value falls back to its default (and says so).
    cleaned = form.cleaned_data
    unit = cleaned.get("unit", request.user.unit if request.user.unit_id else None)
    date_from = cleaned.get("date_from") or today.replace(month=1, day=1)
    date_to = cleaned.get("date_to") or today
    if date_from > date_to:
        date_from, date_to = today.replace(month=1, day=1), today
    return form, unit, dashboard.Period(date_from, date_to)


@login_required
def home(request):
    form, unit, period = period_from(request)
    query = urlencode({"unit": unit.pk if unit else "", **period.params()})
    context = {
        "title": _("Logistics at a glance"),
        "form": form,
        "unit": unit,
        "period": period,
        "sections": dashboard.build(request.user, unit, period),
        "query": query,
    }
    return TemplateResponse(request, "dashboard.html", context)


@login_required
def annual(request):
    form, unit, period = period_from(request)
    report = annual_report(user=request.user, unit=unit, period=period)
    return report_response(request, report, form=form)


@login_required
def report_centre(request):
    context = {
        "title": _("Report centre"),
        "groups": reports_for(request.user),
        "can_see_exports": request.user.has_perm("logistics.view_exportlog"),
    }
    return TemplateResponse(request, "report_centre.html", context)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, error_messages=TEXT_ERROR_MESSAGES)


@login_required
def search(request):
    form = SearchForm(request.GET)
    # The query is cut to the length a filter takes; a NUL byte (which the database refuses in
    # text) is said beside the box, with nothing searched.
    query = form.cleaned_data["q"][:TEXT_FILTER_MAX_LENGTH] if form.is_valid() else ""
    context = {
        "title": _("Search"),
        "query": query,
        "error": " ".join(form.errors.get("q", [])),
        "groups": search_everything(request, query) if query else [],
    }
    return TemplateResponse(request, "search.html", context, status=400 if form.errors else 200)
