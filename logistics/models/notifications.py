"""Reminders and notifications: what is due, told to the people it concerns (``logistics.reminders``).

A :class:`ReminderRule` says, for one kind of reminder, how many days before and after the due date
people are reminded; a :class:`Notification` is one reminder to one person, never made twice (its
``dedupe_key`` is unique per recipient); a :class:`NotificationMute` silences a kind for a person.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from logistics.history import tracked

#: The furthest a reminder may come before or after its due date.
MAX_OFFSET_DAYS = 366


def offsets_field(verbose_name, help_text):
    return ArrayField(
        models.PositiveSmallIntegerField(validators=[MaxValueValidator(MAX_OFFSET_DAYS)]),
        verbose_name=verbose_name,
        default=list,
        blank=True,
        help_text=help_text,
    )


@tracked()
class ReminderRule(models.Model):
    """When one kind of reminder is sent: days before and after the due date (administrators edit)."""

    #: Reference data: every signed-in user may read the rules; administrators change them.
    scope_units = None

    kind = models.CharField(_("kind"), max_length=40, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    days_before = offsets_field(_("days before"), _("Days before the due date, separated by commas (e.g. 30,7,1)."))
    days_after = offsets_field(_("days after"), _("Days after the due date, separated by commas (e.g. 1,7,30)."))

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.kind

    def offsets(self) -> list[int]:
        """Signed offsets from the due date, in order: −30, −7, −1, 1, 7, 30."""
        return sorted({-day for day in self.days_before} | set(self.days_after))


class Notification(models.Model):
    """One reminder to one person, with a link to the record it is about."""

    scope_units = ("recipient__unit",)

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    due_date = models.DateField(_("due date"), null=True, blank=True)
    #: What makes this reminder this one: kind, record, due date and offset. Unique per recipient.
    dedupe_key = models.CharField(max_length=200, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_once_per_recipient"),
        ]
        indexes = [
            # The bell: a person's unread notifications, counted on every page.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_new"),
            models.Index(fields=["created_at"], condition=Q(emailed_at__isnull=True), name="notification_to_email"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


@tracked()
class NotificationMute(models.Model):
    """A person does not want reminders of one kind."""

    scope_units = ("user__unit",)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notification_mutes"
    )
    kind = models.CharField(_("kind"), max_length=40)

    class Meta:
        verbose_name = _("muted reminder kind")
        verbose_name_plural = _("muted reminder kinds")
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_mute_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"
