"""The parts every record shares: identifier, status, provenance, timestamps and history."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ayni.core.choices import RecordStatus, RevisionAction


def pick_language(text: dict[str, str] | None, language: str | None = None) -> tuple[str, str]:
    """The text of a language map in the reader's language, else English, else any: (lang, text)."""
    if not text:
        return "", ""
    wanted = (language or get_language() or "en").split("-")[0].lower()
    for code in (wanted, "en"):
        if text.get(code):
            return code, text[code]
    code = sorted(text)[0]
    return code, text[code]


class Record(models.Model):
    """Abstract base of every record type of the exchange format (need, expert, event, ...)."""

    #: The record's ``type`` in the exchange format.
    record_type: ClassVar[str] = ""
    #: The first part of the local identifiers made here (``ayni:<prefix>-<token>``).
    uid_prefix: ClassVar[str] = ""

    uid = models.CharField(
        _("identifier"),
        max_length=255,
        unique=True,
        help_text=_("Stable identifier 'namespace:local', e.g. ayni:cs-42 or cbd:1767A775."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecordStatus.choices,
        default=RecordStatus.DRAFT,
        db_index=True,
    )
    source = models.CharField(
        _("source clearing-house"),
        max_length=100,
        blank=True,
        help_text=_("The clearing-house the record comes from; empty when made here."),
    )
    source_id = models.CharField(_("source identifier"), max_length=300, blank=True)
    harvested_at = models.DateTimeField(_("harvested at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated = models.DateTimeField(_("updated"), default=timezone.now, db_index=True)
    datestamp = models.DateTimeField(
        _("changed here at"),
        auto_now=True,
        db_index=True,
        help_text=_(
            "When this copy last changed in this Ayni (an import or harvest included); the "
            "datestamp harvesters ask for. 'updated' is the record's own date, kept on import."
        ),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_note = models.TextField(
        _("moderation note"),
        blank=True,
        help_text=_("The reason given when the record was rejected."),
    )

    class Meta:
        abstract = True
        ordering = ["-updated"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RecordStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
                violation_error_message=_("The status is not one of the known statuses."),
            ),
            models.CheckConstraint(
                condition=Q(uid__contains=":") & ~Q(uid__startswith=":") & ~Q(uid__endswith=":"),
                name="%(app_label)s_%(class)s_uid_namespaced",
                violation_error_message=_("The identifier must read 'namespace:local'."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_title} ({self.uid})"

    @property
    def display_title(self) -> str:
        """The record's title in the reader's language (or its name)."""
        for attribute in ("title", "name"):
            value = getattr(self, attribute, None)
            if isinstance(value, dict):
                return pick_language(value)[1]
            if isinstance(value, str) and value:
                return value
        return self.uid

    def country_codes(self) -> set[str]:
        """The countries the record belongs to (for a focal point's scope); none by default."""
        return set()

    @property
    def is_published(self) -> bool:
        return self.status == RecordStatus.PUBLISHED


class Revision(models.Model):
    """One change in a record's history, with the full record after the change.

    ``data`` is the record in the exchange format (private fields included), so the history
    is complete, survives the record's deletion and needs no per-model history tables.
    """

    record_type = models.CharField(_("record type"), max_length=32)
    record_uid = models.CharField(_("record identifier"), max_length=255)
    action = models.CharField(_("action"), max_length=16, choices=RevisionAction.choices)
    data = models.JSONField(_("record after the change"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
    )
    note = models.TextField(_("note"), blank=True)
    created = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["record_type", "record_uid", "created", "id"]
        indexes = [
            models.Index(
                fields=["record_type", "record_uid", "created"], name="core_revision_record"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=RevisionAction.values),
                name="core_revision_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_uid} {self.action} {self.created:%Y-%m-%d %H:%M}"
