"""The portal's forms to submit and edit records, one ``<Model>Form`` per record type.

Each form is built from the exchange format's field list (``RECORD_FIELDS``), so that what a
form produces is the exchange-format data ``record_create`` and ``record_update`` take. A
language map (title, description, ...) gets one text box per language the contributor writes
in (``text_languages``). Forms only check and convert input: the services store it.
"""

import datetime as dt
import re
import zoneinfo
from functools import cache
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import URLValidator
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ayni.core.models import pick_language
from ayni.core.registry import record_model
from ayni.federation.formats.ayni_jsonl import RECORD_FIELDS, Field, Kind

#: Fields the system keeps (never on a form).
SYSTEM_FIELD_NAMES = frozenset({"last_verified", "endorsed_at", "last_harvested_at"})
#: Language-map fields shown as a large text box.
LONG_TEXTS = frozenset(
    {
        "description",
        "summary",
        "bio",
        "results",
        "lessons",
        "outcome",
        "eligibility",
        "co_financing",
        "offers_in_return",
    }
)
#: Labels of exchange fields stored in more than one model field.
SPLIT_LABELS = {
    "provider": _("provider (identifier of an organization or an expert)"),
    "institution": _("requesting institution (its identifier or its name)"),
    "triangular_partners": _("triangular partners (organization identifiers or country codes)"),
}
#: Pairs of fields where the second may not come before the first.
DATE_PAIRS = (
    ("available_from", "available_until"),
    ("start_date", "end_date"),
    ("timeframe_start", "timeframe_end"),
    ("start", "end"),
)
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
ID_SPLIT = re.compile(r"[\s,;]+")
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATETIME_INPUT = "%Y-%m-%dT%H:%M"
EMPTY: tuple[Any, ...] = (None, "", [], {})


def ui_text_language(language: str | None = None) -> str:
    """The ISO 639-1 code of a UI language (``zh-hans`` → ``zh``)."""
    return (language or get_language() or "en").split("-")[0].lower()


def vocabulary_choices(vocab: str) -> list[tuple[str, str]]:
    """(code, name in the active language) of a vocabulary, in its order."""
    from ayni.vocabularies.models import (
        AssistanceType,
        Country,
        Language,
        Region,
        Subject,
        Target,
    )

    language = ui_text_language()
    if vocab in ("gbf_targets", "aichi_targets"):
        framework = "gbf" if vocab == "gbf_targets" else "aichi"
        rows = Target.objects.filter(framework=framework).values_list("code", "names")
        return [(code, f"{code}: {pick_language(names, language)[1]}") for code, names in rows]
    model: Any = {
        "countries": Country,
        "regions": Region,
        "subjects": Subject,
        "assistance_types": AssistanceType,
        "languages": Language,
    }[vocab]
    rows = model._default_manager.values_list("pk", "names")
    choices = [(code, pick_language(names, language)[1] or code) for code, names in rows]
    if vocab in ("countries", "languages"):
        choices.sort(key=lambda choice: choice[1])
    if vocab == "regions":
        choices = [(code, f"{name} ({code})") for code, name in choices]
    return choices


@cache
def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def language_names() -> dict[str, str]:
    return dict(vocabulary_choices("languages"))


class RecordForm(forms.Form):
    """A record of one type as a form; ``exchange_data()`` gives the exchange-format dict."""

    record_type: ClassVar[str] = ""
    #: Vocabularies shown as check boxes (short lists); the others as multiple selects.
    CHECKBOX_VOCABS: ClassVar[frozenset[str]] = frozenset({"subjects", "assistance_types"})

    def __init__(self, *args: Any, text_languages: list[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.text_languages = text_languages or [ui_text_language()]
        self.specs = [
            spec for spec in RECORD_FIELDS[self.record_type] if spec.name not in SYSTEM_FIELD_NAMES
        ]
        self.model = record_model(self.record_type)
        names = language_names()
        self.fields["text_languages"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=",".join(self.text_languages)
        )
        for spec in self.specs:
            label = self.label_of(spec.name)
            if spec.kind is Kind.TEXT:
                for lang in self.text_languages:
                    self.fields[f"{spec.name}__{lang}"] = forms.CharField(
                        label=_("%(field)s (%(language)s)")
                        % {"field": label, "language": names.get(lang, lang)},
                        required=False,
                        widget=forms.Textarea(attrs={"rows": 4, "lang": lang})
                        if spec.name in LONG_TEXTS
                        else forms.TextInput(attrs={"lang": lang}),
                    )
            else:
                self.fields[spec.name] = self.field_for(spec, label)

    # -----------------------------------------------------------------------------------------
    # Building

    def label_of(self, name: str) -> str:
        if name in SPLIT_LABELS:
            return capfirst(str(SPLIT_LABELS[name]))
        try:
            model_field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return capfirst(name.replace("_", " "))
        return capfirst(str(getattr(model_field, "verbose_name", name)))

    def choice_labels(self, spec: Field) -> list[tuple[str, str]]:
        try:
            flat = dict(getattr(self.model._meta.get_field(spec.name), "flatchoices", []) or [])
        except FieldDoesNotExist:
            flat = {}
        return [(value, str(flat.get(value, value))) for value in spec.choices]

    def field_for(self, spec: Field, label: str) -> forms.Field:
        required = spec.required
        kind = spec.kind
        if kind is Kind.STRING:
            return forms.CharField(
                label=label, required=required, max_length=spec.max_length or None
            )
        if kind is Kind.URL:
            return forms.URLField(
                label=label, required=required, max_length=2000, assume_scheme="https"
            )
        if kind is Kind.EMAIL:
            return forms.EmailField(
                label=label,
                required=required,
                help_text=_("Never shown on the site; messages sent through Ayni reach it."),
            )
        if kind is Kind.BOOL:
            return forms.BooleanField(label=label, required=False)
        if kind is Kind.DATE:
            return forms.DateField(
                label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
            )
        if kind is Kind.PARTIAL_DATE:
            return forms.RegexField(
                PARTIAL_DATE,
                label=label,
                required=required,
                help_text=_("A year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD."),
                error_messages={"invalid": _("Write the date as YYYY, YYYY-MM or YYYY-MM-DD.")},
            )
        if kind is Kind.DATETIME:
            return forms.DateTimeField(
                label=label,
                required=required,
                input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M"],
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
                help_text=_("Local time at the place of the event (see the time zone)."),
            )
        if kind is Kind.TIMEZONE:
            return forms.ChoiceField(
                label=label,
                required=required,
                choices=[("", "—"), *timezone_choices()],
                initial="UTC",
            )
        if kind is Kind.CHOICE:
            return forms.ChoiceField(
                label=label, required=required, choices=[("", "—"), *self.choice_labels(spec)]
            )
        if kind is Kind.CODE:
            return forms.ChoiceField(
                label=label,
                required=required,
                choices=[("", "—"), *vocabulary_choices(spec.vocab)],
            )
        if kind is Kind.CODES:
            widget = (
                forms.CheckboxSelectMultiple
                if spec.vocab in self.CHECKBOX_VOCABS
                else forms.SelectMultiple(attrs={"size": 6})
            )
            return forms.MultipleChoiceField(
                label=label,
                required=required,
                choices=vocabulary_choices(spec.vocab),
                widget=widget,
            )
        if kind in (Kind.REF, Kind.REF_OR_NAME):
            return forms.CharField(
                label=label,
                required=required,
                max_length=300,
                help_text=_("The identifier shown on the record's page, e.g. ayni:org-1a2b3c."),
            )
        if kind in (Kind.REFS, Kind.REFS_OR_COUNTRIES):
            return forms.CharField(
                label=label,
                required=required,
                help_text=_("Identifiers shown on the records' pages, separated by commas."),
            )
        if kind is Kind.TEXT_LIST:
            return forms.CharField(
                label=label,
                required=required,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("One per line."),
            )
        if kind is Kind.LINKS:
            return forms.CharField(
                label=label,
                required=required,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("One link per line: the web address, a space, then its name."),
            )
        if kind is Kind.PEOPLE:
            return forms.CharField(
                label=label,
                required=required,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("One person per line: the name, a comma, then the role."),
            )
        raise AssertionError(kind)  # pragma: no cover - every kind a form shows is above

    # -----------------------------------------------------------------------------------------
    # Checking

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for spec in self.specs:
            if spec.kind is Kind.TEXT and spec.required:
                if not any(
                    (cleaned.get(f"{spec.name}__{lang}") or "").strip()
                    for lang in self.text_languages
                ):
                    self.add_error(
                        f"{spec.name}__{self.text_languages[0]}",
                        _("Give the %(field)s in at least one language.")
                        % {"field": self.label_of(spec.name).lower()},
                    )
            elif spec.kind is Kind.LINKS and cleaned.get(spec.name):
                self._check_links(spec.name, cleaned[spec.name])
            elif spec.kind is Kind.PEOPLE and cleaned.get(spec.name):
                for number, line in enumerate(cleaned[spec.name].splitlines(), start=1):
                    if line.strip() and not line.split(",")[0].strip():
                        self.add_error(
                            spec.name,
                            _("Line %(number)d: the name is missing.") % {"number": number},
                        )
        for start, end in DATE_PAIRS:
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
                self.add_error(end, _("This date is before the start date."))
        if self.record_type == "offer" and not (
            cleaned.get("provider") or cleaned.get("provider_country")
        ):
            self.add_error(
                "provider_country",
                _("Name the provider (its identifier) or the provider's country."),
            )
        return cleaned

    def _check_links(self, name: str, text: str) -> None:
        validate = URLValidator(schemes=["http", "https"])
        for number, line in enumerate(text.splitlines(), start=1):
            url = line.strip().split(" ")[0] if line.strip() else ""
            if not url:
                continue
            try:
                validate(url)
            except forms.ValidationError:
                self.add_error(
                    name,
                    _("Line %(number)d: '%(url)s' is not a web address (http or https).")
                    % {"number": number, "url": url},
                )

    def add_problems(self, problems: list[str]) -> None:
        """Put the service's problems (``field 'x': ...``) next to their fields."""
        for problem in problems:
            match = re.search(r"field '([a-z_]+)'", problem)
            name = match.group(1) if match else ""
            if name and name in self.fields:
                self.add_error(name, problem)
            elif name and f"{name}__{self.text_languages[0]}" in self.fields:
                self.add_error(f"{name}__{self.text_languages[0]}", problem)
            else:
                self.add_error(None, problem)

    # -----------------------------------------------------------------------------------------
    # Converting

    def exchange_data(self) -> dict[str, Any]:
        """The valid form as exchange-format data (empty fields left out)."""
        cleaned = self.cleaned_data
        data: dict[str, Any] = {}
        zone = cleaned.get("timezone") or "UTC"
        for spec in self.specs:
            kind = spec.kind
            if kind is Kind.TEXT:
                value: Any = {
                    lang: cleaned[f"{spec.name}__{lang}"].strip()
                    for lang in self.text_languages
                    if (cleaned.get(f"{spec.name}__{lang}") or "").strip()
                }
            else:
                value = cleaned.get(spec.name)
            if kind is Kind.DATE and value:
                value = value.isoformat()
            elif kind is Kind.DATETIME and value:
                naive = value.replace(tzinfo=None)
                value = naive.replace(tzinfo=zoneinfo.ZoneInfo(zone)).isoformat()
            elif kind is Kind.STRING or kind is Kind.REF or kind is Kind.REF_OR_NAME:
                value = (value or "").strip()
            elif kind in (Kind.REFS, Kind.REFS_OR_COUNTRIES):
                value = [item for item in ID_SPLIT.split(value or "") if item]
            elif kind is Kind.TEXT_LIST:
                lang = self.text_languages[0]
                value = [
                    {lang: line.strip()} for line in (value or "").splitlines() if line.strip()
                ]
            elif kind is Kind.LINKS:
                value = [_link(line) for line in (value or "").splitlines() if line.strip()]
            elif kind is Kind.PEOPLE:
                value = [_person(line) for line in (value or "").splitlines() if line.strip()]
            elif kind is Kind.BOOL:
                value = bool(value)
            if kind is Kind.BOOL or value not in EMPTY:
                data[spec.name] = value
        return data


def _link(line: str) -> dict[str, str]:
    url, _space, name = line.strip().partition(" ")
    return {"url": url, "name": name.strip()} if name.strip() else {"url": url}


def _person(line: str) -> dict[str, str]:
    name, _comma, role = line.partition(",")
    return {"name": name.strip(), "role": role.strip()} if role.strip() else {"name": name.strip()}


def form_initial(record_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """The initial values of a record's form from its exchange-format data."""
    initial: dict[str, Any] = {}
    zone = data.get("timezone") or "UTC"
    for spec in RECORD_FIELDS[record_type]:
        value: Any = data.get(spec.name)
        if value in EMPTY or spec.name in SYSTEM_FIELD_NAMES:
            continue
        kind = spec.kind
        if kind is Kind.TEXT:
            for lang, text in value.items():
                initial[f"{spec.name}__{lang}"] = text
        elif kind is Kind.DATETIME:
            moment = dt.datetime.fromisoformat(value).astimezone(zoneinfo.ZoneInfo(zone))
            initial[spec.name] = moment.strftime(DATETIME_INPUT)
        elif kind in (Kind.REFS, Kind.REFS_OR_COUNTRIES):
            initial[spec.name] = ", ".join(value)
        elif kind is Kind.TEXT_LIST:
            initial[spec.name] = "\n".join(pick_language(text)[1] for text in value)
        elif kind is Kind.LINKS:
            initial[spec.name] = "\n".join(
                f"{link['url']} {link.get('name', '')}".strip() for link in value
            )
        elif kind is Kind.PEOPLE:
            initial[spec.name] = "\n".join(
                f"{person['name']}, {person['role']}" if person.get("role") else person["name"]
                for person in value
            )
        else:
            initial[spec.name] = value
    return initial


def text_languages_of(record_type: str, data: dict[str, Any]) -> list[str]:
    """The languages a record's language maps are written in."""
    found: list[str] = []
    for spec in RECORD_FIELDS[record_type]:
        value = data.get(spec.name)
        if spec.kind is Kind.TEXT and isinstance(value, dict):
            found.extend(lang for lang in value if lang not in found)
    return found


def parse_text_languages(value: str) -> list[str]:
    """Language codes from ``"fr,en"`` (unknown shapes dropped, order kept, no repeats)."""
    found: list[str] = []
    for code in ID_SPLIT.split(value or ""):
        code = code.strip().lower()
        if LANGUAGE_CODE.match(code) and code not in found:
            found.append(code)
    return found


class OrganizationForm(RecordForm):
    """An organization or a centre of excellence."""

    record_type = "organization"


class ExpertForm(RecordForm):
    """A person on the roster of experts."""

    record_type = "expert"


class OfferForm(RecordForm):
    """A capability, technology, practice or funding offered."""

    record_type = "offer"


class CaseStudyForm(RecordForm):
    """A South-South or triangular cooperation that happened."""

    record_type = "case-study"


class ResourceForm(RecordForm):
    """A reference or a web link."""

    record_type = "resource"


class NeedForm(RecordForm):
    """A country's request for cooperation."""

    record_type = "need"


class EventForm(RecordForm):
    """A conference, seminar, workshop, webinar, training or side event."""

    record_type = "event"


class CountryProfileForm(RecordForm):
    """A country's South-South standing."""

    record_type = "country-profile"


#: The form of each record type a person may submit through the portal.
RECORD_FORMS: dict[str, type[RecordForm]] = {
    form.record_type: form
    for form in (
        NeedForm,
        OfferForm,
        ExpertForm,
        OrganizationForm,
        CaseStudyForm,
        ResourceForm,
        EventForm,
        CountryProfileForm,
    )
}


class RejectForm(forms.Form):
    """The reason a moderator gives when sending a record back."""

    reason = forms.CharField(
        label=_("Reason for the rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("The author reads it in the e-mail that tells them."),
    )


class MergeForm(forms.Form):
    """Two records of one type: the one to keep and its duplicate."""

    keep = forms.CharField(label=_("Identifier of the record to keep"), max_length=255)
    duplicate = forms.CharField(label=_("Identifier of the duplicate to archive"), max_length=255)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("keep") and cleaned.get("keep") == cleaned.get("duplicate"):
            self.add_error("duplicate", _("Choose two different records."))
        return cleaned


class ContactForm(forms.Form):
    """A visitor's message to an expert or an organization, relayed by e-mail."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Only the recipient sees it, to answer you."),
    )
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=20,
        max_length=5000,
    )
