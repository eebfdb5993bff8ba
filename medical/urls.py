from django.urls import path

from logistics.report_declarations import report_urls
from medical import views
from medical.reports import REPORTS

app_name = "medical"

urlpatterns = [
    *views.PatientViews.urls(),
    *views.EncounterViews.urls(),
    *views.ExposureViews.urls(),
    *views.AccessLogViews.urls(),
    *report_urls(REPORTS),
    path("officers/lookup/", views.officer_lookup, name="officer_lookup"),
]
