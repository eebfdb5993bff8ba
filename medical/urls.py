from django.urls import path

from logistics.registry import registry
from medical import views

app_name = "medical"

urlpatterns = [
    *registry.page_urls("medical"),
    path("caseload/", views.caseload, name="caseload"),
    path("epidemic/", views.epidemic, name="epidemic"),
    path("officers/lookup/", views.officer_lookup, name="officer_lookup"),
]
