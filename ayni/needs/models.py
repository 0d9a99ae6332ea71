"""Needs of countries, offers of capability, and the partnerships born of their matches."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ayni.core.fields import (
    aichi_targets_field,
    assistance_types_field,
    codes_field,
    country_field,
    date_order_constraint,
    gbf_targets_field,
    languages_field,
    subjects_field,
    text_field,
)
from ayni.core.models import Record
from ayni.needs.choices import NeedProgress, PartnerScope, PartnershipProgress


class Need(Record):
    """A country's request for cooperation."""

    record_type = "need"
    uid_prefix = "need"

    country = country_field(_("requesting country"), required=True)
    institution = models.ForeignKey(
        "roster.Organization",
        verbose_name=_("requesting institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
    )
    institution_name = models.CharField(
        _("requesting institution (name)"),
        max_length=300,
        blank=True,
        help_text=_("When the institution is not an organization on Ayni."),
    )
    title = text_field(_("title"))
    description = text_field(_("description"))
    subjects = subjects_field()
    gbf_targets = gbf_targets_field()
    aichi_targets = aichi_targets_field()
    assistance_types = assistance_types_field()
    languages = languages_field()
    partner_scope = models.CharField(
        _("partner scope"), max_length=16, choices=PartnerScope.choices, blank=True
    )
    timeframe_start = models.DateField(_("timeframe start"), null=True, blank=True)
    timeframe_end = models.DateField(_("timeframe end"), null=True, blank=True)
    co_financing = text_field(_("co-financing"))
    offers_in_return = text_field(_("what it can offer in return"))
    progress = models.CharField(
        _("progress"), max_length=16, choices=NeedProgress.choices, default=NeedProgress.OPEN
    )

    class Meta(Record.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(progress__in=NeedProgress.values),
                name="needs_need_progress_valid",
                violation_error_message=_("The progress is not a known step."),
            ),
            models.CheckConstraint(
                condition=Q(partner_scope="") | Q(partner_scope__in=PartnerScope.values),
                name="needs_need_partner_scope_valid",
                violation_error_message=_("The partner scope is not a known scope."),
            ),
            models.CheckConstraint(
                condition=Q(institution__isnull=True) | Q(institution_name=""),
                name="needs_need_one_institution",
                violation_error_message=_(
                    "Give the institution either as an organization or as a name, not both."
                ),
            ),
            date_order_constraint("needs_need", "timeframe_start", "timeframe_end"),
        ]

    def country_codes(self) -> set[str]:
        return {self.country_id}


class Offer(Record):
    """A capability, technology, best practice or funding offered."""

    record_type = "offer"
    uid_prefix = "offer"

    title = text_field(_("title"))
    description = text_field(_("description"))
    provider_organization = models.ForeignKey(
        "roster.Organization",
        verbose_name=_("provider (organization)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    provider_expert = models.ForeignKey(
        "roster.Expert",
        verbose_name=_("provider (expert)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    provider_country = country_field(_("provider country"), required=False)
    subjects = subjects_field()
    gbf_targets = gbf_targets_field()
    assistance_types = assistance_types_field()
    languages = languages_field()
    regions_covered = codes_field("vocabularies.Region", _("regions covered"))
    eligibility = text_field(_("eligibility"))
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(provider_organization__isnull=True) | Q(provider_expert__isnull=True),
                name="needs_offer_one_provider",
                violation_error_message=_(
                    "An offer has one provider: an organization or an expert."
                ),
            ),
            date_order_constraint("needs_offer", "available_from", "available_until"),
        ]

    @property
    def provider(self) -> models.Model | None:
        return self.provider_organization or self.provider_expert

    def country_codes(self) -> set[str]:
        codes = {self.provider_country_id} if self.provider_country_id else set()
        provider = self.provider
        if provider is not None:
            codes.add(provider.country_id)  # type: ignore[attr-defined]
        return codes


class Partnership(Record):
    """An agreed cooperation born of a match; on completion it drafts a case study."""

    record_type = "partnership"
    uid_prefix = "partnership"

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.PROTECT, related_name="partnerships"
    )
    provider_organizations = models.ManyToManyField(
        "roster.Organization",
        verbose_name=_("providers (organizations)"),
        blank=True,
        related_name="partnerships_provided",
    )
    provider_experts = models.ManyToManyField(
        "roster.Expert",
        verbose_name=_("providers (experts)"),
        blank=True,
        related_name="partnerships_provided",
    )
    funders = models.ManyToManyField(
        "roster.Organization",
        verbose_name=_("funders"),
        blank=True,
        related_name="partnerships_funded",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    outcome = text_field(_("outcome"))
    progress = models.CharField(
        _("progress"),
        max_length=16,
        choices=PartnershipProgress.choices,
        default=PartnershipProgress.PROPOSED,
    )

    class Meta(Record.Meta):
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(progress__in=PartnershipProgress.values),
                name="needs_partnership_progress_valid",
                violation_error_message=_("The progress is not a known step."),
            ),
            date_order_constraint("needs_partnership", "start_date", "end_date"),
        ]

    def country_codes(self) -> set[str]:
        return {self.need.country_id}
