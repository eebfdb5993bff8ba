from django.urls import path

from budget import views
from logistics.registry import registry

app_name = "budget"

urlpatterns = [
    *registry.page_urls("budget"),
    path("execution/", views.execution, name="execution"),
]
