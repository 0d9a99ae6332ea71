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
