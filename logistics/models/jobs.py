"""A piece of long work run by a background worker (logistics/jobs.py): who started it, what it is,
how far it has got, and the file it made. A user sees their own jobs; administrators every job."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from logistics.history import tracked


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


#: kind → what users read; each kind is declared with its work (``logistics.jobs.job_kind``).
KIND_LABELS: dict[str, str] = {}


def job_file_path(instance: "Job", filename: str) -> str:
    return f"jobs/{instance.started_by_id}/{instance.pk}/{filename}"


# Progress is written many times a second by the running worker: it is not history.
@tracked(exclude=("progress_done", "progress_total", "updated_at"))
class Job(models.Model):
    #: Jobs are their starters' own (:meth:`scope_filter`), not a unit's.
    scope_units: tuple[str, ...] = ()

    kind = models.CharField(_("kind"), max_length=40)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="jobs"
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    file = models.FileField(_("file"), upload_to=job_file_path, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    #: The job's row in Procrastinate's queue (procrastinate_jobs.id).
    queue_job_id = models.BigIntegerField(_("queue job"), null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["started_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total")) | models.Q(progress_total=0),
                name="job_progress_within_total",
                violation_error_message=_("Progress cannot pass the total."),
            ),
            models.CheckConstraint(
                condition=~models.Q(state="done") | models.Q(finished_at__isnull=False),
                name="job_done_has_finish_time",
                violation_error_message=_("A finished job has the time it finished."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} #{self.pk}"

    @staticmethod
    def scope_filter(queryset, *, user, unit_ids, action):
        """Administrators reach every job (``unit_ids`` is None for them); anyone else their own."""
        if unit_ids is None:
            return queryset
        return queryset.filter(started_by=user)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    def get_absolute_url(self) -> str:
        return reverse("job_detail", args=[self.pk])

    def download_url(self) -> str:
        return reverse("job_download", args=[self.pk]) if self.state == JobState.DONE and self.file else ""
