"""Pages that span every area: the dashboard, the report centre, search (the annual report is
declared in ``logistics.report_centre``)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from logistics import dashboard
from logistics.filtersets import TEXT_ERROR_MESSAGES, TEXT_FILTER_MAX_LENGTH
from logistics.global_search import search_everything
from logistics.replica import reads_from_replica
from logistics.report_centre import reports_for
from logistics.report_parameters import UnitPeriodForm


@reads_from_replica
@login_required
def home(request):
    form = UnitPeriodForm(request.GET, user=request.user)
    arguments = form.selector_arguments()
    unit, period = arguments["unit"], arguments["period"]
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


@reads_from_replica
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


@reads_from_replica
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
