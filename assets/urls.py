from django.urls import path

from assets import views
from assets.reports import REPORTS
from logistics.registry import registry
from logistics.report_declarations import report_urls

app_name = "assets"

urlpatterns = [
    *registry.page_urls("assets"),
    path("voucher/<int:pk>/minutes/", views.voucher_minutes, name="voucher_minutes"),
    path("item/<int:pk>/label/", views.item_label, name="item_label"),
    path("wear/compute/", views.wear, name="wear_compute"),
    *report_urls(REPORTS),
]
