from django.urls import path
from rest_framework.routers import DefaultRouter

from oversight.api import views

app_name = "oversight"

router = DefaultRouter()
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("discipline", views.DisciplineDecisionViewSet, basename="disciplinedecision")

urlpatterns = [
    path("reports/<slug:slug>/", views.ReportView.as_view(), name="report"),
    *router.urls,
]
