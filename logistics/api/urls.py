from importlib.util import find_spec

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from logistics.api import changes, views
from logistics.report_centre import CORE_REPORTS
from logistics.report_declarations import report_api_urls

router = DefaultRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("personnel", views.PersonnelViewSet, basename="personnel")
router.register("suppliers", views.SupplierViewSet, basename="supplier")
router.register("changes", changes.ChangeViewSet, basename="change")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    *report_api_urls(CORE_REPORTS),
    path("auth/token/", obtain_auth_token, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]

# Each area's endpoints live under /api/<app>/ when the app has an ``api/urls.py``.
for _app in ("budget", "assets", "construction", "medical", "oversight"):
    if find_spec(f"{_app}.api") is not None and find_spec(f"{_app}.api.urls") is not None:
        urlpatterns.insert(-1, path(f"{_app}/", include(f"{_app}.api.urls")))
