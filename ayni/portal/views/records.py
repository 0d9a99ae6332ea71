"""The portal's pages."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import override
from django.views import View

from ayni.core.permissions import can_edit
from ayni.federation.formats.jsonld import dump_script_body, record_to_jsonld
from ayni.portal.forms import RECORD_FORMS  # the types a portal form edits
from ayni.portal.selectors import (
    PORTAL_TYPES,
    event_list_upcoming,
    portal_record_get,
    record_counts_published,
    record_list_latest,
    record_page,
    record_url,
)
from ayni.portal.selectors_browse import need_list_open, record_links

#: Records in each list of the home page.
HOME_LIST_SIZE = 6


def home(request: HttpRequest) -> HttpResponse:
    """What Ayni is, a search box, the latest records, open needs, upcoming events, counts."""
    context = {
        "counts": record_counts_published(),
        "latest": record_links(record_list_latest(PORTAL_TYPES, limit=HOME_LIST_SIZE)),
        "open_needs": record_links(need_list_open(limit=HOME_LIST_SIZE)),
        "events": record_links(event_list_upcoming(limit=HOME_LIST_SIZE)),
    }
    return render(request, "portal/home.html", context)


class RecordDetailView(View):
    """One record's page, in the reader's language; 404 unless the reader may open it."""

    def get(self, request: HttpRequest, record_type: str, uid: str) -> HttpResponse:
        record = portal_record_get(record_type=record_type, uid=uid, actor=request.user)
        if record is None:
            raise Http404(uid)
        page = record_page(record=record, actor=request.user)
        url = request.build_absolute_uri(record_url(record_type, uid))
        references = {
            uid: ref.__class__(ref.record_type, request.build_absolute_uri(ref.url), ref.name)
            for uid, ref in page.references.items()
        }
        jsonld = record_to_jsonld(
            page.data,
            url=url,
            language=page.language,
            names=page.names,
            references=references,
            name=page.heading.text,
        )
        context: dict[str, Any] = {
            "page": page,
            "jsonld": format_html(
                '<script type="application/ld+json">{}</script>',
                mark_safe(dump_script_body(jsonld)),  # noqa: S308 (<, > and & are escaped)
            ),
            "type_feed_url": reverse("portal:record_feed", kwargs={"record_type": record_type}),
        }
        versions = []
        for code, _name in settings.LANGUAGES:
            with override(code):
                versions.append((code, record_url(record_type, uid)))
        context["language_versions"] = versions
        context["can_edit"] = record_type in RECORD_FORMS and can_edit(request.user, record)
        if record_type == "event":
            context["event_calendar_url"] = reverse("portal:event_calendar", kwargs={"uid": uid})
        return render(request, "portal/record_detail.html", context)
