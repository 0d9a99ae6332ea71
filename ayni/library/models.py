"""The library: references and web links."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ayni.core.fields import (
    aichi_targets_field,
    codes_field,
    gbf_targets_field,
    languages_field,
    subjects_field,
    text_field,
)
from ayni.core.models import Record
from ayni.library.choices import LinkStatus, ResourceType


class Resource(Record):
    """A reference or a web link: a publication, guidance, toolkit, dataset, video, ..."""

    record_type = "resource"
    uid_prefix = "res"

    title = text_field(_("title"))
    summary = text_field(_("summary"))
    resource_type = models.CharField(
        _("resource type"), max_length=16, choices=ResourceType.choices, blank=True
    )
    authors = models.TextField(_("authors"), blank=True, help_text=_("Names as written."))
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    publication_date = models.CharField(
        _("publication date"),
        max_length=10,
        blank=True,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD."),
    )
    url = models.URLField(_("web address"), max_length=2000, blank=True)
    subjects = subjects_field()
    gbf_targets = gbf_targets_field()
    aichi_targets = aichi_targets_field()
    countries = codes_field("vocabularies.Country", _("countries"))
    languages = languages_field()
    link_status = models.CharField(
        _("link status"),
        max_length=16,
        choices=LinkStatus.choices,
        default=LinkStatus.UNCHECKED,
        db_index=True,
    )
    link_checked_at = models.DateTimeField(_("link checked at"), null=True, blank=True)
    link_http_status = models.PositiveSmallIntegerField(
        _("HTTP status of the last check"), null=True, blank=True
    )
    link_final_url = models.URLField(_("address after redirects"), max_length=2000, blank=True)
    link_problem = models.CharField(_("link problem"), max_length=300, blank=True)
    link_failures = models.PositiveSmallIntegerField(
        _("failed checks in a row"),
        default=0,
        help_text=_("A link is shown as broken only after two failed checks in a row."),
    )

    class Meta(Record.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(resource_type="") | Q(resource_type__in=ResourceType.values),
                name="library_resource_type_valid",
                violation_error_message=_("The resource type is not a known type."),
            ),
            models.CheckConstraint(
                condition=Q(link_status__in=LinkStatus.values),
                name="library_resource_link_status_valid",
                violation_error_message=_("The link status is not a known status."),
            ),
        ]

    def country_codes(self) -> set[str]:
        return {c.code for c in self.countries.all()}
