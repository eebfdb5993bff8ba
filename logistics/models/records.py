import os

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from logistics.history import tracked


def attachment_path(instance: "Attachment", filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()
    folder = f"attachments/{instance.content_type.app_label}/{instance.content_type.model}/{instance.object_id}"
    return f"{folder}/{instance.checksum[:16]}{extension}"


@tracked()
class Attachment(models.Model):
    """A file attached to any record (Tệp đính kèm). Downloaded only through a view that checks
    the record's scope; files never sit under a public URL."""

    #: Reached only through the record they belong to, never listed on their own.
    scope_units: tuple[str, ...] = ()

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    checksum = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    PDF = "pdf", "PDF"


class ExportLog(models.Model):
    """Who exported which list, with which filters, how many rows, and when (the auditors' log)."""

    scope_units = ("user__unit",)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="exports",
    )
    source = models.CharField(_("list"), max_length=100)
    source_label = models.CharField(_("list name"), max_length=200)
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    channel = models.CharField(_("channel"), max_length=10, default="web")
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("export log")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["-started_at"])]
        triggers = [pgtrigger.Protect(name="export_log_keep", operation=pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.source_label} ({self.get_format_display()})"

    def save(self, *args, **kwargs):
        # The filters are the query as sent; PostgreSQL refuses a NUL byte in text and JSON, and an
        # export of a list that ignored such a parameter is still logged.
        self.filters = {
            str(key).replace("\x00", "\ufffd"): value.replace("\x00", "\ufffd") if isinstance(value, str) else value
            for key, value in (self.filters or {}).items()
        }
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("logistics:exportlog_list")
