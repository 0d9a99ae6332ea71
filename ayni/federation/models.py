"""Partner clearing-houses that Ayni federates with."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ayni.core.models import Record
from ayni.federation.choices import Protocol, Schedule


class ClearingHouse(Record):
    """A partner clearing-house: where and how to harvest it, and how the last harvest went."""

    record_type = "clearing-house"
    uid_prefix = "chm"

    name = models.CharField(_("name"), max_length=300)
    url = models.URLField(_("web address"), max_length=2000, blank=True)
    protocol = models.CharField(_("protocol"), max_length=16, choices=Protocol.choices)
    endpoint = models.URLField(_("endpoint"), max_length=2000)
    schedule = models.CharField(
        _("harvest schedule"), max_length=16, choices=Schedule.choices, default=Schedule.MANUAL
    )
    last_harvested_at = models.DateTimeField(_("last harvested at"), null=True, blank=True)
    last_harvest_report = models.JSONField(_("last harvest report"), default=dict, blank=True)
    namespace = models.CharField(
        _("namespace"),
        max_length=60,
        blank=True,
        help_text=_(
            "The namespace of the identifiers made for its records that carry no "
            "'namespace:local' id of their own; empty: made from the name."
        ),
    )

    class Meta(Record.Meta):
        verbose_name = _("clearing-house")
        verbose_name_plural = _("clearing-houses")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(protocol__in=Protocol.values),
                name="federation_clearinghouse_protocol_valid",
                violation_error_message=_("The protocol is not a known protocol."),
            ),
            models.CheckConstraint(
                condition=Q(schedule__in=Schedule.values),
                name="federation_clearinghouse_schedule_valid",
                violation_error_message=_("The schedule is not a known schedule."),
            ),
        ]

    def country_codes(self) -> set[str]:
        return set()


class HarvestRunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")


class HarvestRun(models.Model):
    """One harvest of a clearing-house: where it got to (to resume) and what it did (report).

    ``state`` holds the progress a crashed or failed run resumes from (the OAI-PMH resumption
    token, the metadata prefix, the ``from`` asked); ``report`` the counts and rejections.
    """

    clearing_house = models.ForeignKey(
        ClearingHouse,
        verbose_name=_("clearing-house"),
        on_delete=models.CASCADE,
        related_name="harvest_runs",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=HarvestRunStatus.choices,
        default=HarvestRunStatus.RUNNING,
    )
    full = models.BooleanField(_("full harvest"), default=False)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    heartbeat_at = models.DateTimeField(_("last progress at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    harvest_from = models.DateTimeField(
        _("harvested from"),
        null=True,
        blank=True,
        help_text=_("The datestamp the harvest started from; empty for a full harvest."),
    )
    next_from = models.DateTimeField(
        _("next harvest from"),
        null=True,
        blank=True,
        help_text=_("Where the next incremental harvest starts (the peer's first responseDate)."),
    )
    state = models.JSONField(_("progress"), default=dict, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=HarvestRunStatus.values),
                name="federation_harvestrun_status_valid",
                violation_error_message=_("The status is not a known harvest status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clearing_house.name} {self.started_at:%Y-%m-%d %H:%M} {self.status}"


class DuplicateLink(models.Model):
    """A harvested record that is the same as a record already held: linked, not copied.

    The record held first wins (``record_uid``); the source's record (``source``,
    ``source_id``) points at it instead of becoming a second record.
    """

    record_type = models.CharField(_("record type"), max_length=32)
    record_uid = models.CharField(_("record kept"), max_length=255, db_index=True)
    source = models.CharField(_("source clearing-house"), max_length=100)
    source_id = models.CharField(_("source identifier"), max_length=300)
    duplicate_uid = models.CharField(_("identifier it would have had"), max_length=255)
    reason = models.CharField(_("reason"), max_length=300)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("duplicate link")
        verbose_name_plural = _("duplicate links")
        ordering = ["source", "source_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                name="federation_duplicatelink_one_per_source_id",
                violation_error_message=_("A source's record is linked to one record only."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id} → {self.record_uid}"


class OaiFragment(models.Model):
    """A record as OAI-PMH shows it, rendered once per version, so a list page is concatenation.

    Fresh while ``datestamp`` is the record's own datestamp (every write changes it), so no
    write needs to know about it: a stale row is rendered again when it is next asked for.
    ``facts`` hold what the record's sets are made of (subjects, countries, a partnership's
    need), so that the sets follow the vocabularies and the need without a new rendering.
    ``sets`` are the header's ``setSpec`` elements made from the facts with the M49 areas
    whose digest is ``places``: used while the areas are the same (never for a partnership,
    whose countries are its need's, read at each page).
    """

    record_type = models.CharField(_("record type"), max_length=32)
    record_pk = models.BigIntegerField(_("record key"))
    datestamp = models.DateTimeField(_("datestamp of the record rendered"))
    facts = models.JSONField(_("what the sets are made of"), default=dict)
    sets = models.TextField(_("setSpec elements"), blank=True, default="")
    places = models.CharField(_("digest of the M49 areas"), max_length=32, blank=True, default="")
    oai_dc = models.TextField(_("oai_dc metadata"))
    ayni = models.TextField(_("ayni metadata"))

    class Meta:
        verbose_name = _("OAI-PMH fragment")
        verbose_name_plural = _("OAI-PMH fragments")
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_pk"],
                name="federation_oaifragment_one_per_record",
                violation_error_message=_("A record has one stored OAI-PMH rendering."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_pk} @ {self.datestamp:%Y-%m-%d %H:%M:%S}"
