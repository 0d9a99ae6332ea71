"""What matching keeps in the database: the text vectors of the providers.

Encoding a text with the multilingual model takes tens of milliseconds, so each provider's
vector is computed once per version of the record (its ``datestamp``) and per encoder, and
stored here; the in-memory index is rebuilt from these rows (see ``ayni.matching.services``).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PROVIDER_RECORD_TYPES = ("expert", "organization", "offer", "case-study")


class ProviderVector(models.Model):
    """The encoded text of one provider record (expert, organization, offer or case study).

    ``vector`` holds float32 values (little-endian). A dense vector has ``dim`` values and no
    ``indices``; a sparse one (the e5 latent terms) has as many int32 ``indices`` as values.
    The row is fresh while ``datestamp`` equals the record's own datestamp.
    """

    record_type = models.CharField(_("record type"), max_length=32)
    record_pk = models.BigIntegerField(_("record key"))
    uid = models.CharField(_("record identifier"), max_length=255)
    encoder = models.CharField(_("encoder"), max_length=100)
    encoder_version = models.CharField(_("encoder version"), max_length=100)
    datestamp = models.DateTimeField(
        _("datestamp of the record encoded"),
        help_text=_("The record's datestamp when its text was encoded."),
    )
    dim = models.PositiveIntegerField(_("dimensions"))
    vector = models.BinaryField(_("values (float32)"))
    indices = models.BinaryField(_("indices of a sparse vector (int32)"), blank=True, default=b"")
    computed = models.DateTimeField(_("computed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("provider vector")
        verbose_name_plural = _("provider vectors")
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_pk", "encoder"],
                name="matching_providervector_one_per_encoder",
                violation_error_message=_("A record has one vector per encoder."),
            ),
            models.CheckConstraint(
                condition=Q(record_type__in=PROVIDER_RECORD_TYPES),
                name="matching_providervector_record_type_valid",
                violation_error_message=_("Only providers' texts are stored as vectors."),
            ),
        ]
        indexes = [models.Index(fields=["encoder", "record_type"], name="matching_pv_encoder")]

    def __str__(self) -> str:
        return f"{self.uid} ({self.encoder})"


NEED_RECORD_TYPE = "need"


class NeedVector(models.Model):
    """The encoded text of one need, as ``ProviderVector`` for providers.

    A need's matches read this row instead of encoding the need's text again. The row is fresh
    while ``text_hash`` (SHA-256 of the text the engine reads) equals the hash of the need's
    text now; ``datestamp`` records the version encoded.
    """

    need_pk = models.BigIntegerField(_("need key"))
    uid = models.CharField(_("record identifier"), max_length=255)
    encoder = models.CharField(_("encoder"), max_length=100)
    encoder_version = models.CharField(_("encoder version"), max_length=100)
    datestamp = models.DateTimeField(
        _("datestamp of the need encoded"),
        help_text=_("The need's datestamp when its text was encoded."),
    )
    text_hash = models.CharField(_("SHA-256 of the text encoded"), max_length=64)
    dim = models.PositiveIntegerField(_("dimensions"))
    vector = models.BinaryField(_("values (float32)"))
    indices = models.BinaryField(_("indices of a sparse vector (int32)"), blank=True, default=b"")
    computed = models.DateTimeField(_("computed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("need vector")
        verbose_name_plural = _("need vectors")
        constraints = [
            models.UniqueConstraint(
                fields=["need_pk", "encoder"],
                name="matching_needvector_one_per_encoder",
                violation_error_message=_("A need has one vector per encoder."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.uid} ({self.encoder})"


# --- the cross-tabulation's counts --------------------------------------------------------------

#: "No end" of availability in the counts (a date, not NULL, so that keys stay unique).
NO_END = "9999-12-31"


class CrossTabContribution(models.Model):
    """What one record adds to the cross-tabulation: one row per (country, code) it counts in.

    Kept so that a change of the record (its country, codes, status, availability) can take back
    exactly what it added before. ``until`` is the end of an expert's or offer's availability
    (9999-12-31 when it has none, and for the other kinds).
    """

    kind = models.CharField(_("kind"), max_length=16)
    record_pk = models.BigIntegerField(_("record key"))
    country = models.CharField(_("country"), max_length=8)
    column_kind = models.CharField(_("column kind"), max_length=8)
    column = models.CharField(_("column"), max_length=64)
    until = models.DateField(_("available until"))

    class Meta:
        verbose_name = _("cross-tabulation contribution")
        verbose_name_plural = _("cross-tabulation contributions")
        indexes = [models.Index(fields=["kind", "record_pk"], name="matching_xtc_record")]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_pk}: {self.country} × {self.column}"


class CrossTabCount(models.Model):
    """How many records of a kind count in one (row, column), by end of availability.

    Needs, experts, organizations and offers are counted by country (``row_kind`` "country")
    and rolled up into regions and groupings when read; case studies, which may name several
    provider countries, are counted for every row kind (distinct per row).
    """

    kind = models.CharField(_("kind"), max_length=16)
    row_kind = models.CharField(_("row kind"), max_length=16)
    row = models.CharField(_("row"), max_length=16)
    column_kind = models.CharField(_("column kind"), max_length=8)
    column = models.CharField(_("column"), max_length=64)
    until = models.DateField(_("available until"))
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("cross-tabulation count")
        verbose_name_plural = _("cross-tabulation counts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "row_kind", "row", "column_kind", "column", "until"],
                name="matching_crosstabcount_one_per_key",
                violation_error_message=_("One count per kind, row, column and end."),
            ),
        ]
        indexes = [models.Index(fields=["column_kind", "row_kind"], name="matching_xtn_read")]

    def __str__(self) -> str:
        return f"{self.kind} {self.row} × {self.column}: {self.count}"


class CrossTabCountsState(models.Model):
    """Whether the counts are built (one row, or none): without it the cross-tabulation counts
    from the records themselves, and writes do not maintain the counts."""

    built = models.DateTimeField(_("built at"))
    records = models.PositiveIntegerField(_("records counted"), default=0)

    class Meta:
        verbose_name = _("cross-tabulation counts state")
        verbose_name_plural = _("cross-tabulation counts states")

    def __str__(self) -> str:
        return f"built {self.built:%Y-%m-%d %H:%M}"
