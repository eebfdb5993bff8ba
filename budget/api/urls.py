from django.urls import include, path

from budget.api import views
from logistics.api.routers import router_for

app_name = "budget"

router = router_for("budget")

urlpatterns = [
    path("execution/", views.ExecutionView.as_view(), name="execution"),
    path("", include(router.urls)),
]
