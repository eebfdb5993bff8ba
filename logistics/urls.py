from importlib.util import find_spec

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from logistics.report_centre import CORE_REPORTS
from logistics.report_declarations import report_urls
from logistics.views import changes, core, overview
from logistics.views.permission_matrix import permission_matrix_page

#: Each area's pages live under /<app>/ and its API under /api/<app>/, when the app has them.
AREA_APPS = ("budget", "assets", "construction", "medical", "oversight")


def _area_patterns() -> list:
    patterns = []
    for app in AREA_APPS:
        if find_spec(f"{app}.urls") is not None:
            patterns.append(path(f"{app}/", include(f"{app}.urls")))
    return patterns


core_patterns = [
    *core.UnitViews.urls(),
    *core.PersonnelViews.urls(),
    *core.SupplierViews.urls(),
    *core.ExportLogViews.urls(),
    *changes.ChangeViews.urls(),
    path("attachments/<int:content_type_id>/<int:object_id>/add/", core.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", core.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", core.attachment_delete, name="attachment_delete"),
    path("permissions/", permission_matrix_page, name="permission_matrix"),
]

urlpatterns = [
    path("", overview.home, name="home"),
    path("reports/", overview.report_centre, name="report_centre"),
    *report_urls(CORE_REPORTS),
    path("search/", overview.search, name="search"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("lookup/<str:app_label>/<str:model>/", core.lookup, name="lookup"),
    path("core/", include((core_patterns, "logistics"))),
    *_area_patterns(),
    path("api/", include(("logistics.api.urls", "api"))),
    path("admin/", admin.site.urls),
]

# JSON under /api/, the app's own pages elsewhere; 503 with Retry-After while the database is unreachable.
handler400 = "logistics.views.errors.bad_request"
handler403 = "logistics.views.errors.permission_denied"
handler404 = "logistics.views.errors.page_not_found"
handler500 = "logistics.views.errors.server_error"
