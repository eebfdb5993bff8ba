from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from logistics.registry import registry
from logistics.report_centre import CORE_REPORTS
from logistics.report_declarations import report_urls
from logistics.views import core, jobs, notifications, overview
from logistics.views.permission_matrix import permission_matrix_page

core_patterns = [
    *registry.page_urls("logistics"),
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
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path("notifications/read-all/", notifications.notification_read_all, name="notification_read_all"),
    path("notifications/mute/", notifications.notification_mute, name="notification_mute"),
    path("notifications/rules/", notifications.reminder_rules, name="reminder_rules"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("lookup/<str:app_label>/<str:model>/", core.lookup, name="lookup"),
    path("core/", include((core_patterns, "logistics"))),
    # Each area's pages live under /<app>/, and its API under /api/<app>/ (logistics.api.urls).
    path("budget/", include("budget.urls")),
    path("assets/", include("assets.urls")),
    path("construction/", include("construction.urls")),
    path("medical/", include("medical.urls")),
    path("oversight/", include("oversight.urls")),
    path("api/", include(("logistics.api.urls", "api"))),
    path("admin/", admin.site.urls),
]

# JSON under /api/, the app's own pages elsewhere; 503 with Retry-After while the database is unreachable.
handler400 = "logistics.views.errors.bad_request"
handler403 = "logistics.views.errors.permission_denied"
handler404 = "logistics.views.errors.page_not_found"
handler500 = "logistics.views.errors.server_error"
