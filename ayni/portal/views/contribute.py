"""Contributing: choose a type, submit and edit records, the dashboard, share links, contact.

Thin views: a form checks the input, a service writes (``ayni.portal.services``, itself on
``ayni.core.services``), and a refused action is a 403 page with the service's message.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views import View

from ayni.core import permissions
from ayni.core.choices import RecordStatus
from ayni.core.errors import PermissionDenied, ValidationFailed
from ayni.core.exchange import record_to_exchange
from ayni.core.models import Record
from ayni.core.registry import record_model
from ayni.portal.completeness import case_study_completeness
from ayni.portal.forms import (
    RECORD_FORMS,
    ContactForm,
    RecordForm,
    form_initial,
    language_names,
    parse_text_languages,
    text_languages_of,
    ui_text_language,
)
from ayni.portal.selectors import record_page, record_url
from ayni.portal.services import (
    SHARE_LINK_MAX_AGE,
    ContactMessage,
    RateLimited,
    ShareLinkExpired,
    ShareLinkInvalid,
    contact_relay,
    draft_share_resolve,
    draft_share_token,
    record_save,
)

# ---------------------------------------------------------------------------------------------
# Reads of these pages (small; they take the actor and apply the record rules)

#: How a record belongs to a country, per type (as the admin's ``country_lookups``).
COUNTRY_LOOKUPS: dict[str, tuple[str, ...]] = {
    "organization": ("country",),
    "expert": ("country",),
    "resource": ("countries",),
    "need": ("country",),
    "offer": ("provider_country", "provider_organization__country", "provider_expert__country"),
    "case-study": ("provider_countries", "beneficiary_countries"),
    "event": ("country",),
    "country-profile": ("country",),
}


def editable_record_get(*, record_type: str, uid: str, actor: Any) -> Record:
    """The record to edit: 404 if absent or hidden, 403 if the actor may read but not edit."""
    if record_type not in RECORD_FORMS:
        raise Http404(uid)
    record = record_model(record_type)._default_manager.filter(uid=uid).first()
    if record is None or not permissions.can_view(actor, record):
        raise Http404(uid)
    if not permissions.can_edit(actor, record):
        raise HttpForbidden(_("You cannot edit this record."))
    return record


def country_records(*, country: str, record_type: str) -> QuerySet[Any]:
    """A country's records of one type (every status), latest change first."""
    in_country = Q()
    for lookup in COUNTRY_LOOKUPS[record_type]:
        in_country |= Q(**{lookup: country})
    model = record_model(record_type)
    return (
        model._default_manager.filter(pk__in=model._default_manager.filter(in_country).values("pk"))
        .exclude(status=RecordStatus.ARCHIVED)
        .order_by("-updated", "-pk")
    )


def own_records(*, actor: Any) -> list[Record]:
    """Every record the actor submitted, latest change first."""
    records: list[Record] = []
    for record_type in RECORD_FORMS:
        model = record_model(record_type)
        records.extend(model._default_manager.filter(submitted_by=actor.pk).order_by("-updated"))
    records.sort(key=lambda record: record.updated, reverse=True)
    return records


# ---------------------------------------------------------------------------------------------
# Choosing a type, the record form


def type_entries(actor: Any) -> list[dict[str, Any]]:
    entries = []
    for record_type in RECORD_FORMS:
        countries = {actor.country_id} if getattr(actor, "country_id", None) else None
        if not permissions.can_create(actor, record_type, countries):
            continue
        model = record_model(record_type)
        entries.append(
            {
                "record_type": record_type,
                "name": str(model._meta.verbose_name),
                "description": RECORD_FORMS[record_type].__doc__ or "",
                "url": reverse("portal:record_create", kwargs={"record_type": record_type}),
            }
        )
    return entries


@login_required
def contribute_choose(request: HttpRequest) -> HttpResponse:
    """Which kind of record to contribute."""
    return render(request, "portal/contribute_choose.html", {"types": type_entries(request.user)})


def _text_languages(request: HttpRequest, existing: list[str]) -> list[str]:
    source = request.POST.get("text_languages") if request.method == "POST" else None
    languages = parse_text_languages(source or "")
    if not languages:
        languages = existing or [ui_text_language()]
    for code in parse_text_languages(request.GET.get("add", "")):
        if code not in languages:
            languages.append(code)
    return languages


def _language_links(request: HttpRequest, languages: list[str]) -> list[dict[str, str]]:
    """Links that reload the form with one more language's text boxes (no script needed)."""
    names = language_names()
    links = []
    for code, _name in settings.LANGUAGES:
        lang = ui_text_language(code)
        if lang not in languages:
            added = ",".join([*languages, lang])
            links.append({"code": lang, "name": names.get(lang, lang), "href": f"?add={added}"})
    return links


@method_decorator(login_required, name="dispatch")
class RecordFormView(View):
    """Create (no ``uid``) or edit a record; "save as draft" or "submit for review"."""

    def setup_record(self, request: HttpRequest, record_type: str, uid: str | None) -> None:
        if record_type not in RECORD_FORMS:
            raise Http404(record_type)
        self.record_type = record_type
        self.form_class: type[RecordForm] = RECORD_FORMS[record_type]
        self.record: Record | None = None
        self.data: dict[str, Any] = {}
        if uid is not None:
            self.record = editable_record_get(record_type=record_type, uid=uid, actor=request.user)
            self.data = record_to_exchange(self.record)

    def render_form(
        self, request: HttpRequest, form: RecordForm, status: int = 200
    ) -> HttpResponse:
        model = record_model(self.record_type)
        context: dict[str, Any] = {
            "form": form,
            "record": self.record,
            "record_type": self.record_type,
            "type_name": str(model._meta.verbose_name),
            "language_links": _language_links(request, form.text_languages),
            "text_languages": form.text_languages,
        }
        if self.record_type == "case-study":
            data = form.exchange_data() if form.is_bound and form.is_valid() else self.data
            context["score"], context["checklist"] = case_study_completeness(data)
        if self.record is not None:
            context["record_url"] = record_url(self.record_type, self.record.uid)
            if self.record.status in (RecordStatus.DRAFT, RecordStatus.REJECTED):
                token = draft_share_token(record=self.record, actor=request.user)
                context["share_url"] = request.build_absolute_uri(
                    reverse("portal:shared_draft", kwargs={"token": token})
                )
                context["share_days"] = SHARE_LINK_MAX_AGE // 86400
        return render(request, "portal/record_form.html", context, status=status)

    def get(self, request: HttpRequest, record_type: str, uid: str | None = None) -> HttpResponse:
        self.setup_record(request, record_type, uid)
        languages = _text_languages(request, text_languages_of(record_type, self.data))
        form = self.form_class(
            initial=form_initial(record_type, self.data), text_languages=languages
        )
        return self.render_form(request, form)

    def post(self, request: HttpRequest, record_type: str, uid: str | None = None) -> HttpResponse:
        self.setup_record(request, record_type, uid)
        languages = _text_languages(request, text_languages_of(record_type, self.data))
        form = self.form_class(request.POST, text_languages=languages)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        submit = request.POST.get("action") == "submit"
        try:
            saved = record_save(
                record_type=record_type,
                record=self.record,
                data=form.exchange_data(),
                actor=request.user,
                submit=submit,
            )
        except ValidationFailed as error:
            form.add_problems(list(error.extra.get("problems") or [error.message]))  # type: ignore[call-overload]
            return self.render_form(request, form, status=400)
        except PermissionDenied as error:
            form.add_error(None, error.message)
            return self.render_form(request, form, status=403)
        if submit:
            messages.success(request, _("Your record was submitted for review."))
        else:
            messages.success(request, _("Your draft was saved."))
        return HttpResponseRedirect(
            reverse("portal:record_edit", kwargs={"record_type": record_type, "uid": saved.uid})
            if not submit
            else reverse("portal:dashboard")
        )


class RecordCreateView(RecordFormView):
    """/<lang>/contribute/<type plural>/new/"""


class RecordEditView(RecordFormView):
    """/<lang>/<type plural>/<id>/edit/"""


# ---------------------------------------------------------------------------------------------
# The dashboard


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """A focal point's country by status; everyone's own records; a curator's queue link."""
    actor: Any = request.user
    context: dict[str, Any] = {"own": own_records(actor=actor)}
    for record in context["own"]:
        score = None
        if record.record_type == "case-study":
            score = case_study_completeness(record_to_exchange(record))[0]
        record.completeness = score
        record.type_label = capfirst(str(record._meta.verbose_name))
    if getattr(actor, "is_focal_point", False):
        groups: dict[str, list[Record]] = {
            RecordStatus.SUBMITTED: [],
            RecordStatus.DRAFT: [],
            RecordStatus.REJECTED: [],
            RecordStatus.PUBLISHED: [],
        }
        for record_type in RECORD_FORMS:
            for record in country_records(country=actor.country_id, record_type=record_type)[:200]:
                if record.status in groups:
                    groups[record.status].append(record)
        for records in groups.values():
            records.sort(key=lambda record: record.updated, reverse=True)
            for record in records:
                record.type_label = capfirst(str(record._meta.verbose_name))  # type: ignore[attr-defined]
        context["country"] = actor.country
        context["groups"] = [
            (RecordStatus(status).label, status, records) for status, records in groups.items()
        ]
    context["is_curator"] = permissions.is_curator(actor)
    return render(request, "portal/dashboard.html", context)


# ---------------------------------------------------------------------------------------------
# Share-draft links


def shared_draft(request: HttpRequest, token: str) -> HttpResponse:
    """A draft shown read-only to anyone with the link; 404 if the link is bad, 410 if old."""
    try:
        record = draft_share_resolve(token=token)
    except ShareLinkExpired as error:
        return render(request, "portal/shared_draft.html", {"error": error.message}, status=410)
    except ShareLinkInvalid as error:
        return render(request, "portal/shared_draft.html", {"error": error.message}, status=404)
    page = record_page(record=record, actor=None)
    return render(
        request,
        "portal/shared_draft.html",
        {"page": page, "record": record, "share_days": SHARE_LINK_MAX_AGE // 86400},
    )


# ---------------------------------------------------------------------------------------------
# The contact relay


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


class ContactView(View):
    """A visitor writes to an expert or an organization; the address stays hidden."""

    def get_record(self, record_type: str, uid: str) -> Record:
        if record_type not in ("expert", "organization"):
            raise Http404(uid)
        record = (
            record_model(record_type)
            ._default_manager.filter(uid=uid, status=RecordStatus.PUBLISHED)
            .first()
        )
        if record is None or (
            record_type == "expert" and not getattr(record, "consent_public", False)
        ):
            raise Http404(uid)
        return record

    def render_form(
        self, request: HttpRequest, record: Record, form: ContactForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "form": form,
            "record": record,
            "record_url": record_url(record.record_type, record.uid),
        }
        return render(request, "portal/contact_form.html", context, status=status)

    def get(self, request: HttpRequest, record_type: str, uid: str) -> HttpResponse:
        record = self.get_record(record_type, uid)
        return self.render_form(request, record, ContactForm())

    def post(self, request: HttpRequest, record_type: str, uid: str) -> HttpResponse:
        record = self.get_record(record_type, uid)
        form = ContactForm(request.POST)
        if not form.is_valid():
            return self.render_form(request, record, form, status=400)
        try:
            contact_relay(
                record=record,
                sender=ContactMessage(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                ),
                ip=_client_ip(request),
            )
        except RateLimited as error:
            form.add_error(None, error.message)
            return self.render_form(request, record, form, status=429)
        except ValidationFailed as error:
            form.add_error(None, error.message)
            return self.render_form(request, record, form, status=400)
        messages.success(request, _("Your message was sent. The answer will come by e-mail."))
        return HttpResponseRedirect(
            reverse("portal:contact", kwargs={"record_type": record_type, "uid": uid})
        )
