from django.urls import path

from medical import views

app_name = "medical"

urlpatterns = [
    *views.PatientViews.urls(),
    *views.EncounterViews.urls(),
    *views.ExposureViews.urls(),
    *views.AccessLogViews.urls(),
    path("caseload/", views.caseload, name="caseload"),
    path("epidemic/", views.epidemic, name="epidemic"),
    path("officers/lookup/", views.officer_lookup, name="officer_lookup"),
]
