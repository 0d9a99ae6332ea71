"""Reads for the portal pages: counts, the records a reader may open, and what they show.

Visibility is the API's (``ayni.api.selectors``), itself the rule of ``ayni.core.permissions``:
a visitor reads published records only, and experts only with their consent to be listed.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ayni.api.selectors import RecordFilters, api_record_get, api_record_queryset
from ayni.core import permissions
from ayni.core.choices import RecordStatus
from ayni.core.exchange import record_to_exchange, resolve_ids
from ayni.core.models import Record, pick_language
from ayni.core.registry import record_model
from ayni.federation.formats.ayni_jsonl import RECORD_FIELDS, TYPE_ORDER, Kind, looks_like_id
from ayni.federation.formats.jsonld import Reference


def record_counts_published() -> list[tuple[str, str, int]]:
    """For each record type: (type, plural name, number of published records)."""
    counts = []
    for record_type in TYPE_ORDER:
        model = record_model(record_type)
        counts.append(
            (
                record_type,
                str(model._meta.verbose_name_plural),
                model._default_manager.filter(status=RecordStatus.PUBLISHED).count(),
            )
        )
    return counts


# ---------------------------------------------------------------------------------------------
# Which records have pages, and where


#: The record types with a detail page (clearing-house entries are partners, not records to read).
PORTAL_TYPES = tuple(t for t in TYPE_ORDER if t != "clearing-house")


def type_segment(record_type: str) -> str:
    """The plural in addresses, as the API writes it: ``case-study`` → ``case-studies``."""
    return record_type[:-1] + "ies" if record_type.endswith("y") else record_type + "s"


#: Address segment → record type (``case-studies`` → ``case-study``).
SEGMENT_TYPES = {type_segment(record_type): record_type for record_type in PORTAL_TYPES}


def record_url(record_type: str, uid: str) -> str:
    """The detail page of a record in the active language (a model's get_absolute_url)."""
    return reverse("portal:record_detail", kwargs={"record_type": record_type, "uid": uid})


def portal_record_get(*, record_type: str, uid: str, actor: Any) -> Record | None:
    """The record if the actor may open its page, else None (absent and hidden look alike)."""
    if record_type not in PORTAL_TYPES:
        return None
    return api_record_get(record_type=record_type, uid=uid, actor=actor)


def record_list_public(record_type: str) -> QuerySet[Any]:
    """The records of a type any visitor may read, latest change first."""
    queryset = api_record_queryset(record_type=record_type, actor=None, filters=RecordFilters())
    return queryset.order_by("-updated", "-pk")


def record_list_latest(record_types: Iterable[str], limit: int = 50) -> list[Record]:
    """The latest ``limit`` public records over several types, latest change first."""
    records: list[Record] = []
    for record_type in record_types:
        records.extend(record_list_public(record_type)[:limit])
    records.sort(key=lambda record: (record.updated, record.pk), reverse=True)
    return records[:limit]


def event_list_upcoming(*, now: dt.datetime | None = None, limit: int = 500) -> QuerySet[Any]:
    """Published events that have not ended yet, soonest first."""
    now = now or timezone.now()
    not_over = Q(end__gte=now) | Q(end__isnull=True, start__gte=now)
    return record_list_public("event").filter(not_over).order_by("start", "pk")[:limit]


# ---------------------------------------------------------------------------------------------
# What a detail page shows


@dataclass
class Text:
    """A text in the reader's language, or in another with a note that says so."""

    text: str
    lang: str
    note: str = ""


@dataclass
class Item:
    """One value of a field: a name, linked to its page or to the web when ``url``."""

    name: str
    url: str = ""
    lang: str = ""


@dataclass
class Fact:
    """A short field: its label and its values (names, links or texts)."""

    label: str
    items: list[Item] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)


@dataclass
class Section:
    """A long text (description, results, ...) under its own heading."""

    label: str
    texts: list[Text]


@dataclass
class RecordPage:
    """Everything a detail page shows of a record, in the reader's language."""

    record: Record
    record_type: str
    type_name: str
    type_name_plural: str
    data: dict[str, Any]
    heading: Text
    facts: list[Fact]
    sections: list[Section]
    names: dict[str, dict[str, str]]
    references: dict[str, Reference]
    language: str


#: Language-map fields shown as sections with their own heading.
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
        "building_blocks",
    }
)
#: Exchange fields split over several model fields: their label.
SPLIT_LABELS = {
    "provider": gettext_lazy("provider"),
    "providers": gettext_lazy("providers"),
    "institution": gettext_lazy("requesting institution"),
    "triangular_partners": gettext_lazy("triangular partners"),
}


def _vocabulary_model(vocab: str) -> Any:
    from ayni.vocabularies.models import (
        AssistanceType,
        Country,
        Language,
        Region,
        Subject,
        Target,
    )

    return {
        "countries": Country,
        "regions": Region,
        "subjects": Subject,
        "gbf_targets": Target,
        "aichi_targets": Target,
        "assistance_types": AssistanceType,
        "languages": Language,
    }[vocab]


def vocabulary_names(codes: dict[str, set[str]], language: str) -> dict[str, dict[str, str]]:
    """``{vocabulary: {code: name in the language}}`` for the codes asked (one query each)."""
    names: dict[str, dict[str, str]] = {}
    for vocab, wanted in codes.items():
        model = _vocabulary_model(vocab)
        found = model._default_manager.filter(pk__in=wanted).values_list("pk", "names")
        names[vocab] = {code: pick_language(text, language)[1] or code for code, text in found}
        for code in wanted:
            names[vocab].setdefault(code, code)
    return names


def _codes_of(record_type: str, data: dict[str, Any], language: str) -> dict[str, set[str]]:
    codes: dict[str, set[str]] = {"languages": {language, "en"}, "countries": set()}
    for spec in RECORD_FIELDS[record_type]:
        value = data.get(spec.name)
        if not value:
            continue
        if spec.kind is Kind.CODE:
            codes.setdefault(spec.vocab, set()).add(value)
        elif spec.kind is Kind.CODES:
            codes.setdefault(spec.vocab, set()).update(value)
        elif spec.kind is Kind.REFS_OR_COUNTRIES:
            codes["countries"].update(v for v in value if not looks_like_id(v))
        elif spec.kind is Kind.TEXT:
            codes["languages"].update(value)
        elif spec.kind is Kind.TEXT_LIST:
            for text in value:
                codes["languages"].update(text)
    return codes


def _reference_ids(record_type: str, data: dict[str, Any]) -> tuple[set[str], set[str]]:
    uids: set[str] = set()
    types: set[str] = set()
    for spec in RECORD_FIELDS[record_type]:
        value = data.get(spec.name)
        if not value or spec.kind not in (
            Kind.REF,
            Kind.REFS,
            Kind.REF_OR_NAME,
            Kind.REFS_OR_COUNTRIES,
        ):
            continue
        values = value if isinstance(value, list) else [value]
        found = {v for v in values if looks_like_id(v)}
        if found:
            uids |= found
            types.update(spec.ref_types)
    return uids, types


def visible_references(uids: set[str], types: set[str], actor: Any) -> dict[str, Reference]:
    """The referenced records the actor may open: id → (type, page, name). Others are left out."""
    references: dict[str, Reference] = {}
    for uid, (ref_type, _pk) in resolve_ids(uids, types).items():
        record = portal_record_get(record_type=ref_type, uid=uid, actor=actor)
        if record is not None:
            references[uid] = Reference(
                record_type=ref_type,
                url=record_url(ref_type, uid),
                name=record_heading(record, actor),
            )
    return references


def record_heading(record: Record, actor: Any = None) -> str:
    """What a record is called on its page and in links (a title, a name, or what it is of).

    A partnership is named after its need only when the actor may read the need.
    """
    if record.record_type == "country-profile":
        country = getattr(record, "country", None)
        return country.name if country is not None else record.uid
    if record.record_type == "partnership":
        need = getattr(record, "need", None)
        if need is not None and permissions.can_view(actor, need):
            return _("Partnership: %(need)s") % {"need": need.display_title}
    return record.display_title


def _language_name(code: str, names: dict[str, dict[str, str]]) -> str:
    return names.get("languages", {}).get(code, code)


def _text(value: dict[str, str], language: str, names: dict[str, dict[str, str]]) -> Text:
    lang, text = pick_language(value, language)
    note = ""
    if lang != language:
        note = _("Shown in %(shown)s: no %(wanted)s text yet.") % {
            "shown": _language_name(lang, names),
            "wanted": _language_name(language, names),
        }
    return Text(text=text, lang=lang, note=note)


def _label(record: Record, name: str) -> str:
    if name in SPLIT_LABELS:
        return capfirst(str(SPLIT_LABELS[name]))
    try:
        model_field = record._meta.get_field(name)
    except FieldDoesNotExist:
        return capfirst(name.replace("_", " "))
    return capfirst(str(getattr(model_field, "verbose_name", name)))


def _choice_label(record: Record, name: str, value: str) -> str:
    try:
        choices = dict(getattr(record._meta.get_field(name), "flatchoices", []) or [])
    except FieldDoesNotExist:
        return value
    return str(choices.get(value, value))


def _date(value: str) -> str:
    return formats.date_format(dt.date.fromisoformat(value[:10]), "DATE_FORMAT")


def _moment(value: str, zone: str) -> str:
    moment = dt.datetime.fromisoformat(value)
    shown = formats.date_format(moment, "DATETIME_FORMAT")
    return f"{shown} ({zone})" if zone else shown


def _items(
    spec: Any,
    value: Any,
    record: Record,
    data: dict[str, Any],
    names: dict[str, dict[str, str]],
    references: dict[str, Reference],
) -> list[Item]:
    kind = spec.kind
    if kind is Kind.CODE:
        return [Item(names.get(spec.vocab, {}).get(value, value))]
    if kind is Kind.CODES:
        return [Item(names.get(spec.vocab, {}).get(code, code)) for code in value]
    if kind in (Kind.REF, Kind.REFS, Kind.REF_OR_NAME, Kind.REFS_OR_COUNTRIES):
        items = []
        for item in value if isinstance(value, list) else [value]:
            if item in references:
                items.append(Item(references[item].name, references[item].url))
            elif not looks_like_id(item):
                items.append(Item(names.get("countries", {}).get(item) or str(item)))
        return items
    if kind is Kind.URL:
        return [Item(value, value)]
    if kind is Kind.BOOL:
        return [Item(_("Yes") if value else _("No"))]
    if kind is Kind.CHOICE:
        return [Item(_choice_label(record, spec.name, value))]
    if kind is Kind.DATE:
        return [Item(_date(value))]
    if kind is Kind.DATETIME:
        zone = data.get("timezone", "") if spec.name in ("start", "end") else ""
        return [Item(_moment(value, zone) if zone else _date(value))]
    if kind is Kind.LINKS:
        return [Item(link.get("name") or link["url"], link["url"]) for link in value]
    if kind is Kind.PEOPLE:
        return [
            Item(f"{person['name']} ({person['role']})" if person.get("role") else person["name"])
            for person in value
        ]
    return [Item(str(value))]


def record_page(*, record: Record, actor: Any, language: str | None = None) -> RecordPage:
    """What the record's detail page shows: public fields only, names in the reader's language."""
    language = (language or get_language() or "en").split("-")[0].lower()
    record_type = record.record_type
    data = record_to_exchange(record, public=True)
    names = vocabulary_names(_codes_of(record_type, data, language), language)
    references = visible_references(*_reference_ids(record_type, data), actor)

    title_field = next((n for n in ("title", "name") if isinstance(data.get(n), dict)), "")
    if title_field:
        heading = _text(data[title_field], language, names)
    else:
        heading = Text(record_heading(record, actor), lang="")

    facts: list[Fact] = []
    sections: list[Section] = []
    for spec in RECORD_FIELDS[record_type]:
        value = data.get(spec.name)
        if spec.private or spec.kind is Kind.EMAIL or value in (None, "", [], {}):
            continue
        if spec.name in ("title", "name", "consent_public", "timezone"):
            continue
        label = _label(record, spec.name)
        if spec.kind is Kind.TEXT and spec.name in LONG_TEXTS:
            sections.append(Section(label, [_text(value, language, names)]))
        elif spec.kind is Kind.TEXT_LIST:
            sections.append(Section(label, [_text(text, language, names) for text in value]))
        elif spec.kind is Kind.TEXT:
            facts.append(Fact(label, texts=[_text(value, language, names)]))
        else:
            items = _items(spec, value, record, data, names, references)
            if items:
                facts.append(Fact(label, items=items))
    if data.get("source"):
        facts.append(Fact(_("Source clearing-house"), items=[Item(data["source"])]))
    facts.append(Fact(_("Identifier"), items=[Item(record.uid)]))
    if data.get("updated"):
        facts.append(Fact(_("Last updated"), items=[Item(_date(data["updated"]))]))
    return RecordPage(
        record=record,
        record_type=record_type,
        type_name=capfirst(str(record._meta.verbose_name)),
        type_name_plural=str(record._meta.verbose_name_plural),
        data=data,
        heading=heading,
        facts=facts,
        sections=sections,
        names=names,
        references=references,
        language=language,
    )
