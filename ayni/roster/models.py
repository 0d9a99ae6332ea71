"""The roster of expertise: organizations (centres of excellence) and experts."""

from django.conf import settings
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
from ayni.roster.choices import OrganizationType


class Organization(Record):
    """An institution; a centre of excellence when designated."""

    record_type = "organization"
    uid_prefix = "org"

    name = text_field(_("name"))
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    country = country_field(_("country"), required=True)
    organization_type = models.CharField(
        _("organization type"), max_length=20, choices=OrganizationType.choices
    )
    subjects = subjects_field()
    gbf_targets = gbf_targets_field()
    aichi_targets = aichi_targets_field()
    assistance_types = assistance_types_field()
    languages = languages_field()
    regions_served = codes_field("vocabularies.Region", _("regions served"))
    description = text_field(_("description"))
    website = models.URLField(_("website"), max_length=2000, blank=True)
    centre_of_excellence = models.BooleanField(_("centre of excellence"), default=False)

    class Meta(Record.Meta):
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(organization_type__in=OrganizationType.values),
                name="roster_organization_type_valid",
                violation_error_message=_("The organization type is not a known type."),
            ),
        ]

    def country_codes(self) -> set[str]:
        return {self.country_id}


class Expert(Record):
    """A person on the roster of expertise. The e-mail address is never published."""

    record_type = "expert"
    uid_prefix = "expert"

    name = models.CharField(_("name"), max_length=200)
    country = country_field(_("country of residence"), required=True)
    nationality = country_field(_("nationality"), required=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
    )
    subjects = subjects_field()
    gbf_targets = gbf_targets_field()
    assistance_types = assistance_types_field()
    languages = languages_field()
    regions_of_experience = codes_field("vocabularies.Region", _("regions of experience"))
    bio = text_field(_("biography"))
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    consent_public = models.BooleanField(
        _("consents to be listed publicly"),
        default=False,
        help_text=_("Without consent the expert is matched but never shown to the public."),
    )
    email = models.EmailField(_("e-mail (never published)"), blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endorsed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    endorsed_at = models.DateTimeField(_("endorsed at"), null=True, blank=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        constraints = [
            *Record.Meta.constraints,
            date_order_constraint("roster_expert", "available_from", "available_until"),
        ]

    def country_codes(self) -> set[str]:
        return {self.country_id}
