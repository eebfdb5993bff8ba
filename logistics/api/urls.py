from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from logistics.api import views
from logistics.api.notifications import NotificationViewSet
from logistics.api.routers import router_for
from logistics.report_centre import CORE_REPORTS
from logistics.report_declarations import report_api_urls

router = router_for("logistics")
router.register("jobs", views.JobViewSet, basename="job")
# A person's own notifications: not a registered model's endpoint (no role reads them; each reads their own).
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    *report_api_urls(CORE_REPORTS),
    path("auth/token/", obtain_auth_token, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Each area's endpoints live under /api/<app>/.
    path("budget/", include("budget.api.urls")),
    path("assets/", include("assets.api.urls")),
    path("construction/", include("construction.api.urls")),
    path("medical/", include("medical.api.urls")),
    path("oversight/", include("oversight.api.urls")),
    path("", include(router.urls)),
]
