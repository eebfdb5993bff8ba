from django.urls import path

from logistics.registry import registry
from logistics.report_declarations import report_urls
from medical import views
from medical.reports import REPORTS

app_name = "medical"

urlpatterns = [
    *registry.page_urls("medical"),
    *report_urls(REPORTS),
    path("officers/lookup/", views.officer_lookup, name="officer_lookup"),
]
