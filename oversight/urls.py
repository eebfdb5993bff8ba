from django.urls import path

from logistics.registry import registry
from logistics.report_declarations import report_urls
from oversight import views
from oversight.reports import REPORTS

app_name = "oversight"

urlpatterns = [
    path("", views.overview, name="overview"),
    *report_urls(REPORTS),
    path("citations/lookup/", views.citable_lookup, name="citable_lookup"),
    *registry.page_urls("oversight"),
]
