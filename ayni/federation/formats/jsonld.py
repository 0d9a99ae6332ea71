"""schema.org JSON-LD of a record, for the ``<script type="application/ld+json">`` of its page.

Pure code: the record as the exchange format gives it (public fields only), the address of
its page, the reader's language, the names of its codes and the pages of the records it
refers to go in; a JSON-LD object comes out. The types follow the issue: Organization,
Person (an expert; never an e-mail), Event, CreativeWork (a resource, a case study, a
country profile) and Project (a need, an offer, a partnership). Every term used is in the
vendored context ``ayni/federation/schemas/schemaorg-context.jsonld``.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

CONTEXT = "https://schema.org"

SCHEMA_TYPES = {
    "organization": "Organization",
    "expert": "Person",
    "event": "Event",
    "resource": "CreativeWork",
    "case-study": "CreativeWork",
    "country-profile": "CreativeWork",
    "need": "Project",
    "offer": "Project",
    "partnership": "Project",
}
ATTENDANCE_MODES = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "virtual": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


@dataclass(frozen=True)
class Reference:
    """A record another record refers to, as its reader may open it."""

    record_type: str
    url: str
    name: str


def pick_text(text: Mapping[str, str] | None, language: str) -> str:
    """A language map's text in the language, else English, else any (no Django needed)."""
    if not text:
        return ""
    for code in (language, "en"):
        if text.get(code):
            return text[code]
    return text[sorted(text)[0]]


def _ref(uid: str, reference: Reference | None) -> dict[str, str] | None:
    if reference is None:
        return None
    return {
        "@type": SCHEMA_TYPES.get(reference.record_type, "Thing"),
        "@id": reference.url,
        "url": reference.url,
        "identifier": uid,
        "name": reference.name,
    }


def _refs(ids: Any, references: Mapping[str, Reference]) -> list[dict[str, str]]:
    values = ids if isinstance(ids, list) else [ids] if ids else []
    return [r for r in (_ref(uid, references.get(uid)) for uid in values) if r is not None]


def _countries(codes: Any, names: Mapping[str, Mapping[str, str]]) -> list[dict[str, str]]:
    values = codes if isinstance(codes, list) else [codes] if codes else []
    country_names = names.get("countries", {})
    return [
        {"@type": "Country", "name": country_names.get(code, code), "identifier": code}
        for code in values
        if isinstance(code, str) and len(code) == 2
    ]


def _subjects(record: Mapping[str, Any], names: Mapping[str, Mapping[str, str]]) -> list[str]:
    found = []
    for vocab in ("subjects", "gbf_targets", "aichi_targets"):
        for code in record.get(vocab) or []:
            found.append(names.get(vocab, {}).get(code, code))
    return found


def record_to_jsonld(
    record: Mapping[str, Any],
    *,
    url: str,
    language: str,
    names: Mapping[str, Mapping[str, str]] | None = None,
    references: Mapping[str, Reference] | None = None,
    name: str = "",
) -> dict[str, Any]:
    """The schema.org description of a record (its exchange-format object, public fields)."""
    names = names or {}
    references = references or {}
    record_type = record["type"]
    text = {
        key: pick_text(value, language)
        for key, value in record.items()
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    }
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": SCHEMA_TYPES[record_type],
        "@id": url,
        "url": url,
        "identifier": record["id"],
        "name": name or text.get("title") or text.get("name") or record.get("name") or record["id"],
    }
    description = (
        text.get("description") or text.get("summary") or text.get("bio") or text.get("outcome")
    )
    if description:
        data["description"] = description
    subjects = _subjects(record, names)
    if subjects:
        data["knowsAbout" if record_type in ("organization", "expert") else "keywords"] = subjects
    if record.get("languages"):
        language_names = names.get("languages", {})
        key = "knowsLanguage" if record_type in ("organization", "expert") else "inLanguage"
        data[key] = (
            record["languages"]
            if key == "inLanguage"
            else [language_names.get(code, code) for code in record["languages"]]
        )
    if record.get("updated") and SCHEMA_TYPES[record_type] == "CreativeWork":
        data["dateModified"] = record["updated"]

    builder = _BUILDERS.get(record_type)
    if builder is not None:
        builder(data, record, text, names, references)
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _organization(
    data: dict[str, Any], record: Mapping[str, Any], text: Any, names: Any, references: Any
) -> None:
    data["alternateName"] = record.get("acronym")
    data["sameAs"] = record.get("website")
    countries = _countries(record.get("country"), names)
    if countries:
        data["address"] = {"@type": "PostalAddress", "addressCountry": record["country"]}
        data["location"] = countries[0]


def _person(
    data: dict[str, Any], record: Mapping[str, Any], text: Any, names: Any, references: Any
) -> None:
    countries = _countries(record.get("country"), names)
    if countries:
        data["address"] = {"@type": "PostalAddress", "addressCountry": record["country"]}
    nationality = _countries(record.get("nationality"), names)
    if nationality:
        data["nationality"] = nationality[0]
    works_for = _refs(record.get("organization"), references)
    if works_for:
        data["worksFor"] = works_for[0]


def _event(
    data: dict[str, Any], record: Mapping[str, Any], text: Any, names: Any, references: Any
) -> None:
    data["startDate"] = record.get("start")
    data["endDate"] = record.get("end")
    mode = record.get("mode") or ("virtual" if record.get("online_url") else "in-person")
    data["eventAttendanceMode"] = ATTENDANCE_MODES[mode]
    data["eventStatus"] = "https://schema.org/EventScheduled"
    locations: list[dict[str, Any]] = []
    if mode in ("in-person", "hybrid") and (record.get("city") or record.get("country")):
        address: dict[str, Any] = {"@type": "PostalAddress"}
        if record.get("city"):
            address["addressLocality"] = record["city"]
        if record.get("country"):
            address["addressCountry"] = record["country"]
        place_name = ", ".join(
            part
            for part in (
                record.get("city"),
                names.get("countries", {}).get(record.get("country", ""), record.get("country")),
            )
            if part
        )
        locations.append({"@type": "Place", "name": place_name, "address": address})
    if mode in ("virtual", "hybrid"):
        locations.append(
            {"@type": "VirtualLocation", "url": record.get("online_url") or data["url"]}
        )
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    data["organizer"] = _refs(record.get("organizers"), references)
    data["workFeatured"] = _refs(record.get("materials"), references)
    data["sameAs"] = record.get("registration_url")


def _resource(
    data: dict[str, Any], record: Mapping[str, Any], text: Any, names: Any, references: Any
) -> None:
    data["abstract"] = text.get("summary")
    data["sameAs"] = record.get("url")
    data["datePublished"] = record.get("publication_date")
    data["creditText"] = record.get("authors")
    if record.get("publisher"):
        data["publisher"] = {"@type": "Organization", "name": record["publisher"]}
    data["spatialCoverage"] = _countries(record.get("countries"), names)


def _case_study(
    data: dict[str, Any], record: Mapping[str, Any], text: Any, names: Any, references: Any
) -> None:
    data["abstract"] = text.get("summary")
    data["spatialCoverage"] = _countries(
        list(record.get("provider_countries") or [])
        + list(record.get("beneficiary_countries") or []),
        names,
    )
    data["contributor"] = _refs(record.get("organizations"), references)
    data["funder"] = _refs(record.get("funders"), references)
    start, end = record.get("start_date"), record.get("end_date")
    if start or end:
        data["temporalCoverage"] = f"{start or '..'}/{end or '..'}"


def _country_profile(
    data: dict[str, Any], record: Mapping[str, Any], text: Any, names: Any, references: Any
) -> None:
    data["abstract"] = text.get("summary")
    countries = _countries(record.get("country"), names)
    if countries:
        data["about"] = countries[0]
        data["spatialCoverage"] = countries


def _need(
    data: dict[str, Any], record: Mapping[str, Any], text: Any, names: Any, references: Any
) -> None:
    data["areaServed"] = _countries(record.get("country"), names)
    institution = _refs(record.get("institution"), references)
    if institution:
        data["parentOrganization"] = institution[0]
    data["foundingDate"] = record.get("timeframe_start")
    data["dissolutionDate"] = record.get("timeframe_end")


def _offer(
    data: dict[str, Any], record: Mapping[str, Any], text: Any, names: Any, references: Any
) -> None:
    provider = _refs(record.get("provider"), references)
    if provider:
        data["parentOrganization" if provider[0]["@type"] == "Organization" else "member"] = (
            provider[0]
        )
    data["location"] = _countries(record.get("provider_country"), names)


def _partnership(
    data: dict[str, Any], record: Mapping[str, Any], text: Any, names: Any, references: Any
) -> None:
    data["member"] = _refs(record.get("providers"), references)
    data["funder"] = _refs(record.get("funders"), references)
    data["foundingDate"] = record.get("start_date")
    data["dissolutionDate"] = record.get("end_date")
    need = _refs(record.get("need"), references)
    if need:
        data["subjectOf"] = need[0]


_BUILDERS = {
    "organization": _organization,
    "expert": _person,
    "event": _event,
    "resource": _resource,
    "case-study": _case_study,
    "country-profile": _country_profile,
    "need": _need,
    "offer": _offer,
    "partnership": _partnership,
}

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def dump_script_body(data: Mapping[str, Any]) -> str:
    """JSON safe inside an HTML ``<script>`` element (``<``, ``>`` and ``&`` escaped)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_ESCAPES)
