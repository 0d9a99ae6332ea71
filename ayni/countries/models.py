"""Country profiles: a country's South-South standing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ayni.core.fields import codes_field, text_field
from ayni.core.models import Record


class CountryProfile(Record):
    """A country's enabling environment for South-South cooperation; one per country."""

    record_type = "country-profile"
    uid_prefix = "country"

    country = models.OneToOneField(
        "vocabularies.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="profile",
    )
    ssc_policy = models.BooleanField(_("has a South-South cooperation policy"), null=True)
    ssc_policy_in_development_plan = models.BooleanField(
        _("policy linked to national development planning"), null=True
    )
    ssc_policy_url = models.URLField(_("policy web address"), max_length=2000, blank=True)
    focal_points = models.JSONField(
        _("focal points"), default=list, blank=True, help_text=_("A list of {name, role}.")
    )
    budget_earmarked = models.BooleanField(_("budget earmarked"), null=True)
    triangular_partner_organizations = models.ManyToManyField(
        "roster.Organization",
        verbose_name=_("triangular partners (organizations)"),
        blank=True,
        related_name="triangular_partner_of",
    )
    triangular_partner_countries = codes_field(
        "vocabularies.Country", _("triangular partners (countries)")
    )
    nbsap_url = models.URLField(_("NBSAP web address"), max_length=2000, blank=True)
    summary = text_field(_("summary"))

    class Meta(Record.Meta):
        verbose_name = _("country profile")
        verbose_name_plural = _("country profiles")

    def country_codes(self) -> set[str]:
        return {self.country_id}
