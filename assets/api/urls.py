from django.urls import include, path

from logistics.api.routers import router_for

app_name = "assets"

router = router_for("assets")

urlpatterns = [path("", include(router.urls))]
