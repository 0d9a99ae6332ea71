"""Case studies: South-South (or triangular) cooperation that happened."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ayni.casestudies.choices import Modality
from ayni.core.fields import (
    aichi_targets_field,
    codes_field,
    date_order_constraint,
    gbf_targets_field,
    subjects_field,
    text_field,
)
from ayni.core.models import Record


class CaseStudy(Record):
    """A cooperation that happened: who helped whom, how, with what results and lessons."""

    record_type = "case-study"
    uid_prefix = "cs"

    title = text_field(_("title"))
    summary = text_field(_("summary"))
    description = text_field(_("description"))
    provider_countries = codes_field("vocabularies.Country", _("provider countries"))
    beneficiary_countries = codes_field("vocabularies.Country", _("beneficiary countries"))
    modality = models.CharField(_("modality"), max_length=16, choices=Modality.choices, blank=True)
    organizations = models.ManyToManyField(
        "roster.Organization",
        verbose_name=_("partner organizations"),
        blank=True,
        related_name="case_studies",
    )
    funders = models.ManyToManyField(
        "roster.Organization",
        verbose_name=_("funders"),
        blank=True,
        related_name="case_studies_funded",
    )
    subjects = subjects_field()
    gbf_targets = gbf_targets_field()
    aichi_targets = aichi_targets_field()
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    results = text_field(_("results"))
    lessons = text_field(_("lessons learned"))
    building_blocks = models.JSONField(
        _("building blocks"),
        default=list,
        blank=True,
        help_text=_("Reusable parts of the solution, each a language map."),
    )
    links = models.JSONField(
        _("links"), default=list, blank=True, help_text=_("A list of {url, name}.")
    )

    class Meta(Record.Meta):
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(modality="") | Q(modality__in=Modality.values),
                name="casestudies_casestudy_modality_valid",
                violation_error_message=_("The modality is not a known modality."),
            ),
            date_order_constraint("casestudies_casestudy", "start_date", "end_date"),
        ]

    def country_codes(self) -> set[str]:
        return {c.code for c in self.provider_countries.all()} | {
            c.code for c in self.beneficiary_countries.all()
        }
