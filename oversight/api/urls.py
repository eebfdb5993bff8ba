from rest_framework.routers import DefaultRouter

from logistics.report_declarations import report_api_urls
from oversight.api import views
from oversight.reports import REPORTS

app_name = "oversight"

router = DefaultRouter()
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("discipline", views.DisciplineDecisionViewSet, basename="disciplinedecision")

urlpatterns = [
    *report_api_urls(REPORTS),
    *router.urls,
]
