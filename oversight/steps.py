"""The workflow steps of Party oversight, each offered on its page and in the API."""

from django.utils.translation import gettext_lazy

from logistics.workflow import Step
from oversight import forms, services
from oversight.api import serializers

INSPECTION_START = Step(
    name="start",
    label=gettext_lazy("Start"),
    service=services.inspection_start,
    form=forms.InspectionStartForm,
    serializer=serializers.InspectionStartSerializer,
    confirm=gettext_lazy("The inspection starts: the team goes to work on the date given."),
    icon="play-circle",
    summary="Start a planned inspection (its team must have a head).",
)

INSPECTION_CONCLUDE = Step(
    name="conclude",
    label=gettext_lazy("Conclude"),
    service=services.inspection_conclude,
    form=forms.InspectionConcludeForm,
    serializer=serializers.InspectionConcludeSerializer,
    confirm=gettext_lazy(
        "Concluding is final: the conclusion, the team, the findings and the recommendations can no "
        "longer be changed. The inspected unit and the units responsible for recommendations will see "
        "them and report progress."
    ),
    style="success",
    icon="patch-check",
    summary="Conclude an inspection in progress: it becomes final and visible to the inspected unit.",
)

RECOMMENDATION_REPORT_PROGRESS = Step(
    name="report",
    api_name="report_progress",
    label=gettext_lazy("Report progress"),
    service=services.recommendation_report_progress,
    permission="report_progress",
    form=forms.ProgressReportForm,
    serializer=serializers.RecommendationProgressSerializer,
    confirm=gettext_lazy(
        "Say what has been done. When you report it done, attach the evidence: an inspector then verifies it."
    ),
    icon="flag",
    summary="The responsible unit reports progress, or that the recommendation is done (with evidence).",
)

RECOMMENDATION_VERIFY = Step(
    name="verify",
    label=gettext_lazy("Verify"),
    service=services.recommendation_verify,
    permission="verify",
    form=forms.VerifyForm,
    serializer=serializers.RecommendationVerifySerializer,
    confirm=gettext_lazy("Verifying confirms, after checking the evidence, that the recommendation is done."),
    style="success",
    icon="patch-check",
    summary="An inspector confirms that a recommendation reported done has been carried out.",
)

RECOMMENDATION_SEND_BACK = Step(
    name="send_back",
    label=gettext_lazy("Send back"),
    service=services.recommendation_send_back,
    permission="verify",
    form=forms.SendBackForm,
    serializer=serializers.RecommendationSendBackSerializer,
    confirm=gettext_lazy("The recommendation goes back to “in progress”; say what is still missing."),
    style="warning",
    icon="arrow-counterclockwise",
    summary="An inspector sends a recommendation reported done back to “in progress”.",
)
