from django.urls import path

from logistics.registry import registry
from oversight import views
from oversight.selectors import REPORTS

app_name = "oversight"

urlpatterns = [
    path("", views.overview, name="overview"),
    *[path(f"reports/{slug}/", views.report, {"slug": slug}, name=f"report_{slug}") for slug in REPORTS],
    path("citations/lookup/", views.citable_lookup, name="citable_lookup"),
    *registry.page_urls("oversight"),
]
