"""Reports: small aggregate tables shown as a page and exported as CSV, XLSX and a print-ready PDF.

An app's selector builds a :class:`Report` (sections of rows with typed columns, optional links
from a figure to the records behind it); :func:`report_response` serves it as the page or, with
``?format=csv|xlsx|pdf``, as a file, and writes the export log. :meth:`Report.as_data` is the
same report for the API.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from logistics.exports import export_filename
from logistics.formatting import day_text, number, vnd
from logistics.models import ExportLog

REPORT_FORMATS = ("csv", "xlsx", "pdf")


@dataclass
class Column:
    key: str
    label: str
    kind: str = "text"  # text, int, money, percent

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "money", "percent")


@dataclass
class Section:
    title: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    totals: dict | None = None
    note: str = ""

    def cell(self, row: dict, column: Column) -> str:
        return format_value(row.get(column.key), column.kind)

    def link(self, row: dict, column: Column) -> str | None:
        return (row.get("_links") or {}).get(column.key)


@dataclass
class Report:
    slug: str
    title: str
    sections: list[Section]
    subtitle: str = ""
    issuer: str = ""
    parameters: dict = field(default_factory=dict)

    @property
    def row_count(self) -> int:
        return sum(len(section.rows) for section in self.sections)

    def as_data(self) -> dict:
        """The report for the API: typed values, links included."""

        def clean(row):
            return {key: value for key, value in row.items() if key != "_level"}

        return {
            "report": self.slug,
            "title": self.title,
            "subtitle": self.subtitle,
            "parameters": self.parameters,
            "sections": [
                {
                    "title": section.title,
                    "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in section.columns],
                    "rows": [clean(row) for row in section.rows],
                    "totals": section.totals,
                }
                for section in self.sections
            ],
        }


def list_url(name: str, **params) -> str:
    """The list page ``name`` filtered by ``params``: where a figure links to. Empty values are left
    out; a list value repeats its key."""
    query = urlencode({key: value for key, value in params.items() if value not in (None, "", [])}, doseq=True)
    return reverse(name) + (f"?{query}" if query else "")


def percent(part, whole) -> float | None:
    """``part / whole`` as a percentage rounded to one decimal, or None when whole is zero."""
    if not whole:
        return None
    return round(part * 100 / whole, 1)


def format_value(value, kind: str) -> str:
    if value is None or value == "":
        return "—" if kind != "text" else ""
    if kind == "money":
        return vnd(value)
    if kind == "int":
        return number(value)
    if kind == "percent":
        return f"{value:.1f}".replace(".", ",") + " %"
    if isinstance(value, datetime.date):
        return day_text(value)
    return str(value)


def _log(user, report: Report, fmt: str, channel: str) -> None:
    ExportLog.objects.create(
        user=user,
        source=f"report:{report.slug}",
        source_label=report.title,
        format=fmt,
        channel=channel,
        filters=report.parameters,
        row_count=report.row_count,
        finished_at=timezone.now(),
    )


def report_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([report.title])
    if report.subtitle:
        writer.writerow([report.subtitle])
    for section in report.sections:
        writer.writerow([])
        writer.writerow([section.title])
        writer.writerow([column.label for column in section.columns])
        for row in [*section.rows, *([section.totals] if section.totals else [])]:
            writer.writerow([_plain(row.get(column.key)) for column in section.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return day_text(value)
    return value


def _sheet_name(title: str) -> str:
    """Excel refuses []:*?/\\ in a sheet name and more than 31 characters."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in str(title)).strip()
    return cleaned[:31] or "Report"


def report_xlsx(report: Report) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(_sheet_name(report.title))
    title = workbook.add_format({"bold": True, "font_size": 14})
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    formats = {
        "money": workbook.add_format({"num_format": "#,##0"}),
        "int": workbook.add_format({"num_format": "#,##0"}),
        "percent": workbook.add_format({"num_format": "0.0"}),
    }
    total_formats = {
        kind: workbook.add_format({"num_format": fmt.num_format, "bold": True, "top": 1})
        for kind, fmt in formats.items()
    }
    total_text = workbook.add_format({"bold": True, "top": 1})
    row_index = 0
    sheet.write(row_index, 0, report.title, title)
    if report.subtitle:
        row_index += 1
        sheet.write(row_index, 0, report.subtitle)
    widest = max((len(section.columns) for section in report.sections), default=1)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, widest, 18)
    for section in report.sections:
        row_index += 2
        sheet.write(row_index, 0, section.title, bold)
        row_index += 1
        sheet.write_row(row_index, 0, [column.label for column in section.columns], header)
        lines = [(row, False) for row in section.rows]
        if section.totals:
            lines.append((section.totals, True))
        for row, is_total in lines:
            row_index += 1
            for column_index, column in enumerate(section.columns):
                value = row.get(column.key)
                if column.numeric and isinstance(value, (int, float)):
                    chosen = (total_formats if is_total else formats)[column.kind]
                    sheet.write_number(row_index, column_index, value, chosen)
                elif value is not None:
                    sheet.write_string(row_index, column_index, str(_plain(value)), total_text if is_total else None)
    workbook.close()
    return buffer.getvalue()


def _font_uri(name: str) -> str:
    found = finders.find(f"vendor/fonts/{name}")
    return Path(found).as_uri() if found else ""


def report_pdf(report: Report, *, request=None, template: str = "reports/report_pdf.html") -> bytes:
    return report_document(report, request=request, template=template).write_pdf()


def report_document(report: Report, *, request=None, template: str = "reports/report_pdf.html"):
    """The report laid out on A4 pages (a WeasyPrint document), before it is written as a PDF."""
    # Deferred: WeasyPrint takes seconds to import, which every process would pay at start-up.
    from weasyprint import HTML

    widest = max((len(section.columns) for section in report.sections), default=1)
    html = render_to_string(
        template,
        {
            "report": report,
            "landscape": widest > 6,
            "font_regular": _font_uri("DejaVuSans.ttf"),
            "font_bold": _font_uri("DejaVuSans-Bold.ttf"),
            "today": timezone.localdate(),
        },
        request=request,
    )
    return HTML(string=html, base_url=str(Path(__file__).resolve().parent)).render()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def report_file(request, report: Report, fmt: str, *, channel: str | None = None, pdf_template: str | None = None):
    if fmt == "csv":
        content = report_csv(report)
    elif fmt == "xlsx":
        content = report_xlsx(report)
    else:
        content = report_pdf(report, request=request, **({"template": pdf_template} if pdf_template else {}))
    _log(request.user, report, fmt, channel or getattr(request, "export_channel", "web"))
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    filename = export_filename(report.slug.replace(".", "-"), fmt)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def report_response(request, report: Report, *, form=None, template: str = "reports/report.html", extra=None):
    """The report page, or the report as a file when ``?format=`` names one."""
    fmt = request.GET.get("format")
    if fmt in REPORT_FORMATS:
        return report_file(request, report, fmt)
    context = {"report": report, "form": form, "title": report.title, "formats": REPORT_FORMATS, **(extra or {})}
    return TemplateResponse(request, template, context)


__all__ = ["Column", "Report", "Section", "format_value", "percent", "report_file", "report_response", "_"]
