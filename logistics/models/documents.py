"""A postable document: a record typed as a draft and then posted (ghi sổ), after which it is final and
corrected only by a reversing document linked to it. Vouchers of goods and spending entries are two.

The four fields are made by :func:`posting_fields` inside each document's class body rather than
declared on the abstract class, so that they keep their place among the document's own fields (an
abstract parent's fields would come first on every detail page, form and export).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logistics.models.base import DomainModel


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    POSTED = "posted", _("Posted")


def posting_fields():
    """``status, posted_by, posted_at, reverses = posting_fields()`` in a document's class body."""
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT, editable=False
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True, editable=False)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="reversal",
    )
    return status, posted_by, posted_at, reverses


class PostableDocument(DomainModel):
    """Behaviour and constraints shared by postable documents; each names, in ``final_message``, what
    a user is told when they try to change one that is posted."""

    final_message = _("This record is final and cannot be changed.")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status=DocumentStatus.POSTED, posted_at__isnull=False)
                | Q(status=DocumentStatus.DRAFT, posted_at__isnull=True),
                name="%(class)s_posted_has_a_time",
                violation_error_message=_("A posted record has the time it was posted; a draft has none."),
            ),
        ]

    @property
    def is_locked(self) -> bool:
        return self.status == DocumentStatus.POSTED

    @property
    def is_reversed(self) -> bool:
        return hasattr(self, "reversal")

    def refuse_if_final(self) -> None:
        """Raise the document's own refusal when it is posted (called by its update services)."""
        if self.is_locked:
            raise ValidationError(self.final_message)

    def mark_posted(self, actor) -> None:
        """Post the document (the caller has checked and locked it, and saves it)."""
        self.status = DocumentStatus.POSTED
        self.posted_by = actor
        self.posted_at = timezone.now()

    #: The fields :meth:`mark_posted` changes, for ``save(update_fields=…)``.
    POSTING_FIELDS = ("status", "posted_by", "posted_at", "updated_at")
