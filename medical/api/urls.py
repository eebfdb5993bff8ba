from django.urls import include, path

from logistics.api.routers import router_for
from medical.api import views

app_name = "medical"

router = router_for("medical")

urlpatterns = [
    path("caseload/", views.CaseloadView.as_view(), name="caseload"),
    path("epidemic/", views.EpidemicView.as_view(), name="epidemic"),
    path("", include(router.urls)),
]
