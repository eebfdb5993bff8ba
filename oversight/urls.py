from django.urls import path

from logistics.report_declarations import report_urls
from oversight import views
from oversight.reports import REPORTS

app_name = "oversight"

urlpatterns = [
    path("", views.overview, name="overview"),
    *report_urls(REPORTS),
    path("citations/lookup/", views.citable_lookup, name="citable_lookup"),
    *views.ProgrammeViews.urls(),
    *views.InspectionViews.urls(),
    *views.TeamMemberViews.urls(),
    *views.FindingViews.urls(),
    *views.FindingLinkViews.urls(),
    *views.RecommendationViews.urls(),
    *views.ProgressReportViews.urls(),
    *views.DisciplineDecisionViews.urls(),
]
