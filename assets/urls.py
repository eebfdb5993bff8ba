from django.urls import path

from assets import views
from logistics.registry import registry

app_name = "assets"

urlpatterns = [
    *registry.page_urls("assets"),
    path("voucher/<int:pk>/minutes/", views.voucher_minutes, name="voucher_minutes"),
    path("item/<int:pk>/label/", views.item_label, name="item_label"),
    path("wear/compute/", views.wear, name="wear_compute"),
    path("reports/holdings/", views.holdings_report, name="report_holdings"),
    path("reports/issuance/", views.issuance_report, name="report_issuance"),
    path("reports/register/", views.register_report, name="report_register"),
]
