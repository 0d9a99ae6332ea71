"""Events in the admin."""

from django.contrib import admin

from ayni.core.admin import RecordAdmin, record_list_display, record_list_filter, related_filter
from ayni.events.models import Event


@admin.register(Event)
class EventAdmin(RecordAdmin):
    list_display = record_list_display("event_type", "mode", "start", "country")
    list_filter = record_list_filter("event_type", "mode", related_filter("country"))
    list_select_related = ("country",)
    search_fields = ("uid", "city", "meeting")
    search_text_fields = ("title", "description")
    autocomplete_fields = ("country", "organizers", "languages", "subjects", "materials")
    country_lookups = ("country",)
