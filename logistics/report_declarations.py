"""A report declared once: who may open it, its parameter form and the selector that computes it.

From one :class:`ReportDeclaration` are built the page (with the form and its errors beside the
fields), the CSV, XLSX and PDF files (``?format=``, each written to the export log) and the API
endpoint, all at the same path: ``<app>/<path>`` and ``api/<app>/<path>``. An app lists its
declarations in ``<app>/reports.py`` as ``REPORTS``; the report centre and the monthly command read
them there.

Parameters are handled one way everywhere: the page answers 200 with each refused parameter said
beside its field and the figures computed with its default (as a list does with a filter it cannot
read); a file asked for with a refused parameter is not produced: the request goes back to the page,
which says why; the API answers 400 with the errors by field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path as url_path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from logistics.jobs import REPORT_FILE, job_start
from logistics.replica import reads_from_replica
from logistics.report_parameters import ReportParametersForm
from logistics.reports import REPORT_FORMATS, Report, report_response


class ReportColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()


class ReportSectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    columns = ReportColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.DictField())
    totals = serializers.DictField(allow_null=True)


class ReportSerializer(serializers.Serializer):
    """A report as data (``logistics.reports.Report.as_data``)."""

    report = serializers.CharField()
    title = serializers.CharField()
    subtitle = serializers.CharField()
    parameters = serializers.DictField()
    sections = ReportSectionSerializer(many=True)


@dataclass(frozen=True)
class ReportDeclaration:
    #: The name of the page ("construction:report_works"); the API endpoint has the same name under "api:".
    url_name: str
    #: Where the page lives under its app's pages, and the endpoint under its app's API ("reports/works/").
    path: str
    title: str
    description: str
    #: The permission that opens the report, on every door.
    permission: str
    form: type[ReportParametersForm]
    #: ``selector(user=…, **form.selector_arguments())`` → the :class:`~logistics.reports.Report`.
    selector: Callable[..., Report]
    #: The page's template; a report with a layout of its own extends ``reports/report.html``.
    template: str = "reports/report.html"
    #: ``page_context(declaration, user, values)`` → what that template needs besides the report.
    page_context: Callable[..., dict] | None = None
    #: Who may open it when the permission alone does not say (e.g. either of two permissions).
    allowed: Callable[..., bool] | None = None

    @property
    def name(self) -> str:
        return self.url_name.rpartition(":")[2]

    def allows(self, user) -> bool:
        if self.allowed is not None:
            return self.allowed(user)
        return user.has_perm(self.permission)

    def build(self, user, form: ReportParametersForm) -> Report:
        return self.selector(user=user, **form.selector_arguments())

    # --- the page and its files -----------------------------------------------------------------

    def page(self, request):
        if not self.allows(request.user):
            raise PermissionDenied
        form = self.form(request.GET, user=request.user)
        if request.GET.get("format") in REPORT_FORMATS and not form.is_valid():
            query = request.GET.copy()
            query.pop("format")
            return redirect(f"{request.path}?{query.urlencode()}")
        report = self.build(request.user, form)
        fmt = request.GET.get("format")
        if fmt in REPORT_FORMATS and self._in_background(request, report):
            query = {key: value for key, value in request.GET.items() if key != "format"}
            job = job_start(
                actor=request.user,
                kind=REPORT_FILE,
                parameters={"report": self.url_name, "query": query, "format": fmt},
            )
            return redirect(job.get_absolute_url())
        extra = self.page_context(self, request.user, form.values()) if self.page_context else None
        return report_response(request, report, form=form, template=self.template, extra=extra)

    @staticmethod
    def _in_background(request, report: Report) -> bool:
        """A file asked for on the page with more rows than ``JOBS_REPORT_ROWS_THRESHOLD`` is made
        by a worker (the page shows its progress); the worker's own request is served here."""
        return (
            getattr(request, "export_channel", "web") == "web"
            and report.row_count > settings.JOBS_REPORT_ROWS_THRESHOLD
        )

    def page_url(self):
        return url_path(self.path, reads_from_replica(login_required(self.page)), name=self.name)

    # --- the API --------------------------------------------------------------------------------

    def api_url(self):
        declaration = self

        class ReportEndpoint(APIView):
            reads_from_replica = True  # logistics/replica.py

            @extend_schema(
                summary=declaration.title,
                description=declaration.description,
                parameters=declaration.form.openapi_parameters(),
                responses=ReportSerializer,
            )
            def get(self, request):
                if not declaration.allows(request.user):
                    raise PermissionDenied
                form = declaration.form(request.query_params, user=request.user)
                if not form.is_valid():
                    raise ValidationError(form.errors)
                return Response(declaration.build(request.user, form).as_data())

        # The browsable API titles its page with the view's name: one per report, not "Report Endpoint".
        ReportEndpoint.__name__ = f"{self.name.title().replace('_', '')}Endpoint"
        return url_path(self.path, ReportEndpoint.as_view(), name=self.name)


def report_urls(declarations) -> list:
    """The pages of ``declarations`` (for an app's ``urls.py``)."""
    return [declaration.page_url() for declaration in declarations]


def report_api_urls(declarations) -> list:
    """The API endpoints of ``declarations`` (for an app's ``api/urls.py``)."""
    return [declaration.api_url() for declaration in declarations]
