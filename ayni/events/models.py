"""Events: conferences, seminars, workshops, webinars, trainings and side events."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ayni.core.fields import country_field, languages_field, subjects_field, text_field
from ayni.core.models import Record
from ayni.events.choices import EventMode, EventType


class Event(Record):
    """An event in person, virtual or hybrid, with its time zone."""

    record_type = "event"
    uid_prefix = "event"

    title = text_field(_("title"))
    description = text_field(_("description"))
    event_type = models.CharField(
        _("event type"), max_length=16, choices=EventType.choices, blank=True
    )
    mode = models.CharField(_("mode"), max_length=16, choices=EventMode.choices, blank=True)
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    timezone = models.CharField(_("time zone (IANA)"), max_length=64)
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = country_field(_("country"), required=False)
    online_url = models.URLField(_("online link"), max_length=2000, blank=True)
    organizers = models.ManyToManyField(
        "roster.Organization", verbose_name=_("organizers"), blank=True, related_name="events"
    )
    languages = languages_field()
    subjects = subjects_field()
    meeting = models.CharField(
        _("linked meeting"), max_length=200, blank=True, help_text=_("For example COP-16.")
    )
    registration_url = models.URLField(_("registration link"), max_length=2000, blank=True)
    materials = models.ManyToManyField(
        "library.Resource", verbose_name=_("materials"), blank=True, related_name="events"
    )

    class Meta(Record.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(event_type="") | Q(event_type__in=EventType.values),
                name="events_event_type_valid",
                violation_error_message=_("The event type is not a known type."),
            ),
            models.CheckConstraint(
                condition=Q(mode="") | Q(mode__in=EventMode.values),
                name="events_event_mode_valid",
                violation_error_message=_("The mode is not a known mode."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="events_event_end_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
        ]

    def country_codes(self) -> set[str]:
        return {self.country_id} if self.country_id else set()
