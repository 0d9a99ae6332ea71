"""Ayni's admin site: Django's, with the moderation queue of every record type.

Installed through ``ayni.core.admin_apps.AyniAdminConfig`` (in place of
``django.contrib.admin``), so ``admin.site`` is this site and every app registers its
admins on it as usual.
"""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.translation import gettext_lazy as _

from ayni.core.choices import RecordStatus
from ayni.core.registry import record_models


class AyniAdminSite(admin.AdminSite):
    """The curators' back office."""

    site_header = _("Ayni back office")
    site_title = _("Ayni back office")
    index_title = _("Curation")
    index_template = "admin/ayni/index.html"

    def get_urls(self) -> list[URLPattern | URLResolver]:
        return [
            path("moderation/", self.admin_view(self.moderation_queue), name="moderation_queue"),
            *super().get_urls(),
        ]

    def moderation_queue(self, request: HttpRequest) -> HttpResponse:
        """Every submitted record the person may see, oldest first."""
        rows, counts = self.moderation_queue_rows(request)
        context = {
            **self.each_context(request),
            "title": _("Moderation queue"),
            "subtitle": None,
            "rows": rows,
            "counts": counts,
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/ayni/moderation_queue.html", context)

    def moderation_queue_rows(
        self, request: HttpRequest
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Every submitted record the person may see, oldest first, and the count per type."""
        rows: list[dict[str, Any]] = []
        counts: list[dict[str, Any]] = []
        for model in record_models():
            model_admin = self._registry.get(model)
            if model_admin is None or not model_admin.has_view_permission(request):
                continue
            opts = model._meta
            records = list(
                model_admin.get_queryset(request)
                .filter(status=RecordStatus.SUBMITTED)
                .select_related("submitted_by")
                .order_by("updated", "pk")
            )
            changelist = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=self.name
            )
            counts.append(
                {
                    "label": opts.verbose_name_plural,
                    "count": len(records),
                    "url": f"{changelist}?status__exact={RecordStatus.SUBMITTED.value}",
                }
            )
            rows.extend(
                {
                    "record": record,
                    "type": opts.verbose_name,
                    "url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change",
                        args=[quote(record.pk)],
                        current_app=self.name,
                    ),
                }
                for record in records
            )
        rows.sort(key=lambda row: (row["record"].updated, str(row["type"]), row["record"].pk))
        return rows, counts
