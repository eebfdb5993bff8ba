from django.urls import include, path
from rest_framework.routers import DefaultRouter

from medical.api import views

app_name = "medical"

router = DefaultRouter()
router.register("patients", views.PatientViewSet, basename="patient")
router.register("encounters", views.EncounterViewSet, basename="encounter")
router.register("exposures", views.ExposureViewSet, basename="exposure")

urlpatterns = [
    path("caseload/", views.CaseloadView.as_view(), name="caseload"),
    path("epidemic/", views.EpidemicView.as_view(), name="epidemic"),
    path("", include(router.urls)),
]
