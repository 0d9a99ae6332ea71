"""Partner clearing-houses that Ayni federates with."""

from django.db import models
from django.db.models import Q
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
