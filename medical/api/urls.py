from django.urls import include, path
from rest_framework.routers import DefaultRouter

from logistics.report_declarations import report_api_urls
from medical.api import views
from medical.reports import REPORTS

app_name = "medical"

router = DefaultRouter()
router.register("patients", views.PatientViewSet, basename="patient")
router.register("encounters", views.EncounterViewSet, basename="encounter")
router.register("exposures", views.ExposureViewSet, basename="exposure")

urlpatterns = [
    *report_api_urls(REPORTS),
    path("", include(router.urls)),
]
