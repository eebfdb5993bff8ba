from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from logistics.views import core

core_patterns = [
    *core.UnitViews.urls(),
    *core.PersonnelViews.urls(),
    *core.SupplierViews.urls(),
    *core.ExportLogViews.urls(),
    path("attachments/<int:content_type_id>/<int:object_id>/add/", core.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", core.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", core.attachment_delete, name="attachment_delete"),
]

urlpatterns = [
    path("", core.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("lookup/<str:app_label>/<str:model>/", core.lookup, name="lookup"),
    path("core/", include((core_patterns, "logistics"))),
    path("api/", include(("logistics.api.urls", "api"))),
    path("admin/", admin.site.urls),
]
