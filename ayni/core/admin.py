"""The curators' back office: the admin of every record, its history and the moderation queue.

Every record admin derives from ``RecordAdmin``. Its workflow actions (publish, reject with a
reason, archive) call the services of ``ayni.core.services`` with the signed-in person as the
actor, so the admin follows the same rules as the portal and the API; a refusal is a message,
never an error page. A save through the admin form adds a revision to the record's history.

Access follows Ayni's roles on top of Django's model permissions: curators and administrators
see and moderate everything; a national focal point (with staff status) sees the published
records, the records of their country and their own, and moderates those of their country.
"""

import json
import re
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ayni.core import permissions
from ayni.core.choices import RecordStatus, RevisionAction
from ayni.core.errors import ApplicationError
from ayni.core.models import Record, Revision
from ayni.core.registry import record_model
from ayni.core.services import (
    new_uid,
    record_archive,
    record_publish,
    record_reject,
    revision_record,
)
from ayni.federation.formats.ayni_jsonl import (
    RECORD_FIELDS,
    FormatError,
    Kind,
    Vocabularies,
    validate_record,
)
from ayni.matching.services import crosstab_counts_refresh
from ayni.search.services import search_index_records, search_remove_records

#: The fields every record has that the system keeps (shown, never edited in the form).
RECORD_SYSTEM_FIELDS = (
    "status",
    "moderation_note",
    "submitted_by",
    "source",
    "source_id",
    "harvested_at",
    "created",
    "updated",
    "datestamp",
)
#: Exchange-format kinds whose form value is already the exchange value, checked on save.
FORM_CHECKED_KINDS = frozenset(
    {
        Kind.TEXT,
        Kind.TEXT_LIST,
        Kind.LINKS,
        Kind.PEOPLE,
        Kind.URL,
        Kind.PARTIAL_DATE,
        Kind.TIMEZONE,
        Kind.EMAIL,
        Kind.STRING,
    }
)
PROBLEM_FIELD = re.compile(r"field '([a-z_]+)'")


def has_role_access(user: Any) -> bool:
    """Curators, administrators and national focal points use the back office by their role."""
    return permissions.is_curator(user) or (
        permissions.is_signed_in(user) and bool(user.is_focal_point)
    )


def record_list_display(*extra: str) -> tuple[str, ...]:
    """The columns of a record list: identifier, title, the type's own columns, status, ..."""
    return ("uid", "record_title", *extra, "status", "source", "updated")


def record_list_filter(*extra: Any) -> tuple[Any, ...]:
    """The filters of a record list: status and source, then the type's own filters."""
    return ("status", "source", *extra)


def related_filter(name: str) -> tuple[str, type[admin.RelatedOnlyFieldListFilter]]:
    """A filter on a related field offering only the values in use (not all 250 countries)."""
    return (name, admin.RelatedOnlyFieldListFilter)


def _search_variants(word: str) -> list[str]:
    """The word, and the word as JSON writes it (SQLite keeps non-ASCII as \\u escapes)."""
    escaped = json.dumps(word)[1:-1]
    return [word] if escaped == word else [word, escaped]


class AyniModelAdmin(admin.ModelAdmin):
    """A model admin with Ayni's role-based access and search over language maps.

    ``role_permissions`` names what curators may do here by their role (``view``, ``add``,
    ``change``, ``delete``); ``focal_points_view`` lets national focal points view as well.
    Django's model permissions (and superusers) keep working as usual on top.

    ``search_fields`` are plain text fields; ``search_text_fields`` are language maps (JSON),
    searched as text on SQLite and PostgreSQL alike. Every word must match some field.
    """

    role_permissions: frozenset[str] = frozenset({"view", "add", "change", "delete"})
    focal_points_view = False
    search_text_fields: Sequence[str] = ()

    # Access --------------------------------------------------------------------------------

    def role_allows(self, request: HttpRequest, action: str, obj: Any = None) -> bool:
        """Whether the person's Ayni role alone grants the action (on the object, if given)."""
        user = request.user
        if action in self.role_permissions and permissions.is_curator(user):
            return True
        return (
            action == "view"
            and self.focal_points_view
            and permissions.is_signed_in(user)
            and bool(getattr(user, "is_focal_point", False))
        )

    def has_django_permission(self, request: HttpRequest, action: str) -> bool:
        """Whether Django's model permissions grant the action (superusers: always)."""
        opts = self.opts
        codename = get_permission_codename(action, opts)
        return request.user.has_perm(f"{opts.app_label}.{codename}")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or self.role_allows(request, "view")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or self.role_allows(request, "view", obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) or self.role_allows(request, "add")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) or self.role_allows(
            request, "change", obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) or self.role_allows(
            request, "delete", obj
        )

    # Search --------------------------------------------------------------------------------

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        fields = list(self.get_search_fields(request))
        if not search_term or not (fields or self.search_text_fields):
            return queryset, False
        for bit in smart_split(search_term):
            if bit[:1] in ('"', "'") and bit[-1:] == bit[:1] and len(bit) > 1:
                bit = unescape_string_literal(bit)
            if not bit:
                continue
            condition = Q()
            for name in fields:
                condition |= Q(**{f"{name.lstrip('^=@')}__icontains": bit})
            for name in self.search_text_fields:
                for variant in _search_variants(bit):
                    condition |= Q(**{f"{name}__icontains": variant})
            queryset = queryset.filter(condition)
        return queryset, False


# ---------------------------------------------------------------------------------------------
# Records


class RejectForm(forms.Form):
    """The reason for a rejection; the author reads it."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Say what the author should change; they read this reason."),
    )


class RecordAdminForm(forms.ModelForm):
    """The admin form of a record: the text fields are checked against the exchange format.

    Language maps, links, web addresses, time zones and the like must read as the exchange
    format reads them, so that a record saved here exports and imports again unchanged.
    """

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        record_type = self._meta.model.record_type
        specs = {
            spec.name: spec
            for spec in RECORD_FIELDS.get(record_type, ())
            if spec.kind in FORM_CHECKED_KINDS and spec.name in self.fields
        }
        names = [name for name in specs if name in cleaned]
        if not names:
            return cleaned
        data = {"type": record_type, "id": "admin:check", "status": RecordStatus.DRAFT.value}
        data.update({name: cleaned[name] for name in names})
        try:
            validate_record(data, self._vocabularies())
        except FormatError as error:
            for problem in error.problems:
                match = PROBLEM_FIELD.search(problem)
                if not match or match.group(1) not in names:
                    continue
                name = match.group(1)
                if problem.startswith("missing required field"):
                    self.add_error(name, _("This field is required."))
                else:
                    self.add_error(name, problem)
        return cleaned

    @staticmethod
    def _vocabularies() -> Vocabularies:
        from ayni.vocabularies.models import Language

        return Vocabularies(languages=frozenset(Language.objects.values_list("code", flat=True)))


class RecordAdmin(AyniModelAdmin):
    """The admin of a record type: list, search, history, and the publication workflow.

    Subclasses set their columns with ``record_list_display`` / ``record_list_filter``,
    ``country_lookups`` (how a record belongs to a country, for focal points' access),
    ``private_fields`` (shown only to those who may edit the record) and the autocomplete
    fields of their vocabulary codes and references.
    """

    form = RecordAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = record_list_display()
    list_filter = record_list_filter()
    search_fields: ClassVar[tuple[str, ...]] = ("uid",)
    date_hierarchy = "updated"
    actions: Sequence[Any] = ("publish_records", "reject_records", "archive_records")
    #: Lookups from the record to a country code (OR-ed), matching ``record.country_codes()``.
    country_lookups: tuple[str, ...] = ()
    #: Fields never shown to someone who may not edit the record (an expert's e-mail).
    private_fields: tuple[str, ...] = ()

    # Access --------------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        """Curators see every record; focal points what ``permissions.can_view`` lets them."""
        queryset = super().get_queryset(request)
        user = request.user
        if permissions.is_curator(user) or self.has_django_permission(request, "view"):
            return queryset
        visible = Q(status=RecordStatus.PUBLISHED) | Q(submitted_by=user.pk)
        if (
            getattr(user, "is_focal_point", False)
            and self.country_lookups
            and self.model.record_type not in permissions.CURATOR_ONLY_TYPES
        ):
            in_country = Q()
            for lookup in self.country_lookups:
                in_country |= Q(**{lookup: user.country_id})  # type: ignore[union-attr]
            visible |= Q(pk__in=self.model._default_manager.filter(in_country).values("pk"))
        return queryset.filter(visible)

    def role_allows(self, request: HttpRequest, action: str, obj: Any = None) -> bool:
        """Curators do everything; focal points view and edit what the record rules allow."""
        user = request.user
        if permissions.is_curator(user):
            return True
        if action not in ("view", "change") or not has_role_access(user):
            return False
        if obj is None:
            return True
        if action == "view":
            return permissions.can_view(user, obj)
        return permissions.can_edit(user, obj)

    def may_see_private(self, request: HttpRequest, obj: Record | None) -> bool:
        if permissions.is_curator(request.user) or self.has_django_permission(request, "change"):
            return True
        return obj is not None and permissions.can_edit(request.user, obj)

    # Form ----------------------------------------------------------------------------------

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        """The type's own fields in model order, then publication, provenance and history."""
        if self.fieldsets:
            return self.fieldsets
        hidden = {"id", "uid", *RECORD_SYSTEM_FIELDS}
        if not self.may_see_private(request, obj):
            hidden.update(self.private_fields)
        opts = self.model._meta
        own = [
            field.name
            for field in sorted(
                [*opts.fields, *opts.many_to_many], key=lambda f: f.creation_counter
            )
            if field.name not in hidden and not field.auto_created
        ]
        fieldsets: list[tuple[Any, dict[str, Any]]] = [
            (None, {"fields": ["uid", *own]}),
            (_("Publication"), {"fields": ["status", "moderation_note", "submitted_by"]}),
            (
                _("Provenance"),
                {
                    "fields": [
                        "source",
                        "source_id",
                        "harvested_at",
                        "created",
                        "updated",
                        "datestamp",
                    ],
                    "classes": ["collapse"],
                },
            ),
        ]
        if obj is not None:
            fieldsets.append((_("History"), {"fields": ["history"]}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = [*RECORD_SYSTEM_FIELDS, *self.readonly_fields, "history"]
        if obj is not None:
            fields.append("uid")  # the identifier is stable once given
        return fields

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("uid", new_uid(self.model.record_type))
        return initial

    @admin.display(description=_("title"))
    def record_title(self, obj: Record) -> str:
        return obj.display_title

    @admin.display(description=_("history"))
    def history(self, obj: Record) -> str | SafeString:
        """Every change of the record: when, what, by whom, which fields, with the note."""
        if obj.pk is None:
            return "—"
        revisions = list(
            Revision.objects.filter(record_type=obj.record_type, record_uid=obj.uid)
            .select_related("actor")
            .order_by("created", "id")
        )
        if not revisions:
            return str(_("No change recorded yet."))
        rows = []
        previous: dict[str, Any] | None = None
        for revision in revisions:
            data = revision.data if isinstance(revision.data, dict) else {}
            changed = (
                sorted(
                    name
                    for name in set(data) | set(previous)
                    if name != "updated" and data.get(name) != previous.get(name)
                )
                if previous is not None
                else []
            )
            previous = data
            rows.append(
                (
                    date_format(timezone.localtime(revision.created), "DATETIME_FORMAT"),
                    revision.get_action_display(),
                    str(revision.actor) if revision.actor else "—",
                    ", ".join(changed) or "—",
                    revision.note or "—",
                )
            )
        body = format_html_join(
            "\n",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            reversed(rows),
        )
        return format_html(
            '<table class="ayni-history"><thead><tr><th scope="col">{}</th><th scope="col">{}'
            '</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            _("When"),
            _("Action"),
            _("By"),
            _("Fields changed"),
            _("Note"),
            body,
        )

    # Saving and deleting -------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.submitted_by = request.user
        if not change or form.has_changed():
            obj.updated = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """After the record and its lists are saved, add the record as it is now to history."""
        super().save_related(request, form, formsets, change)
        changed = form.has_changed() or any(formset.has_changed() for formset in formsets)
        if not change or changed:
            revision_record(
                record=form.instance,
                action=RevisionAction.UPDATE if change else RevisionAction.CREATE,
                actor=request.user,
            )
            search_index_records(record_type=self.model.record_type, uids=[form.instance.uid])
            crosstab_counts_refresh(record_type=self.model.record_type, pks=[form.instance.pk])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            revision_record(record=obj, action=RevisionAction.DELETE, actor=request.user)
            uid, pk = obj.uid, obj.pk
            super().delete_model(request, obj)
            search_remove_records(record_type=self.model.record_type, uids=[uid])
            crosstab_counts_refresh(record_type=self.model.record_type, pks=[pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            uids, pks = [], []
            for record in queryset:
                revision_record(record=record, action=RevisionAction.DELETE, actor=request.user)
                uids.append(record.uid)
                pks.append(record.pk)
            super().delete_queryset(request, queryset)
            search_remove_records(record_type=self.model.record_type, uids=uids)
            crosstab_counts_refresh(record_type=self.model.record_type, pks=pks)

    # Workflow actions ----------------------------------------------------------------------

    def apply_step(
        self,
        request: HttpRequest,
        queryset: QuerySet[Any],
        step: Callable[[Any], Any],
        done: Any,
    ) -> int:
        """Run a workflow step on each record; report refusals one by one, then the count."""
        count = 0
        for record in queryset:
            try:
                step(record)
            except ApplicationError as error:
                self.message_user(
                    request,
                    _("%(record)s was not changed: %(reason)s")
                    % {"record": record.uid, "reason": error.message},
                    messages.WARNING,
                )
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)
        return count

    @admin.action(description=_("Publish the selected records"), permissions=["change"])
    def publish_records(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self.apply_step(
            request,
            queryset,
            lambda record: record_publish(record=record, actor=request.user),
            ngettext_lazy(
                "%(count)d record was published.", "%(count)d records were published.", "count"
            ),
        )

    @admin.action(description=_("Archive the selected records"), permissions=["change"])
    def archive_records(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self.apply_step(
            request,
            queryset,
            lambda record: record_archive(record=record, actor=request.user),
            ngettext_lazy(
                "%(count)d record was archived.", "%(count)d records were archived.", "count"
            ),
        )

    @admin.action(
        description=_("Reject the selected records (with a reason)"), permissions=["change"]
    )
    def reject_records(
        self, request: HttpRequest, queryset: QuerySet[Any]
    ) -> TemplateResponse | None:
        """Ask for the reason on a page of its own, then reject each record with it."""
        if "apply" in request.POST:
            form = RejectForm(request.POST)
            if form.is_valid():
                reason = form.cleaned_data["reason"]
                self.apply_step(
                    request,
                    queryset,
                    lambda record: record_reject(record=record, actor=request.user, reason=reason),
                    ngettext_lazy(
                        "%(count)d record was rejected.",
                        "%(count)d records were rejected.",
                        "count",
                    ),
                )
                return None
        else:
            form = RejectForm()
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject records"),
            "opts": opts,
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "reject_records",
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/ayni/reject_confirmation.html", context)


# ---------------------------------------------------------------------------------------------
# History


@admin.register(Revision)
class RevisionAdmin(AyniModelAdmin):
    """The history of every record, read-only: nobody rewrites history."""

    role_permissions = frozenset({"view"})
    list_display = ("created", "record_type", "record_uid", "action", "actor", "note")
    list_filter = ("action", "record_type")
    list_select_related = ("actor",)
    search_fields = ("record_uid",)
    date_hierarchy = "created"
    fields = (
        "record_type",
        "record_uid",
        "record_link",
        "action",
        "actor",
        "note",
        "created",
        "record_data",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("record"))
    def record_link(self, obj: Revision) -> str | SafeString:
        """A link to the record's page, if it still exists."""
        try:
            model = record_model(obj.record_type)
        except (KeyError, LookupError):
            return "—"
        record = model._default_manager.filter(uid=obj.record_uid).first()
        if record is None:
            return str(_("(no longer stored)"))
        opts = model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[quote(record.pk)],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', url, str(record))

    @admin.display(description=_("record after the change"))
    def record_data(self, obj: Revision) -> SafeString:
        return format_html(
            '<pre class="ayni-revision-data">{}</pre>',
            json.dumps(obj.data, indent=2, ensure_ascii=False, sort_keys=True),
        )


# ---------------------------------------------------------------------------------------------
