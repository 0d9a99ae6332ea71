"""The exchange format as unqualified Dublin Core (OAI-PMH's ``oai_dc``).

Pure code: an exchange record (the dict of ``render_record``, public) in, an
``<oai_dc:dc>`` element out. The mapping (docs/federation-profile.md has the table):

- ``dc:title``: ``title``, else ``name`` (one element per language, with ``xml:lang``);
- ``dc:description``: ``summary``, ``description``, ``bio``, ``results``, ``outcome``;
- ``dc:subject``: subject slugs, GBF and Aichi targets, assistance types;
- ``dc:type``: the record type, then the resource or event type;
- ``dc:identifier``: the record id, then its web address (``url``, ``website``);
- ``dc:creator``: a resource's ``authors``; ``dc:publisher``: its ``publisher``;
- ``dc:contributor``: referenced organizations, funders, providers and organizers (ids);
- ``dc:date``: the record's own date (publication date, start, period start), else ``updated``;
- ``dc:coverage``: country codes (ISO 3166-1) and M49 region codes;
- ``dc:language``: the working languages (ISO 639-1);
- ``dc:relation``: other referenced records (need, materials, links' addresses);
- ``dc:source``: the clearing-house the record was harvested from.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree

from ayni.federation.formats.ayni_xml import XML_NAMESPACE, XSI_NAMESPACE, xml_text

NAMESPACE = "http://www.openarchives.org/OAI/2.0/oai_dc/"
SCHEMA_URL = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"

TITLE_FIELDS: tuple[str, ...] = ("title", "name")
DESCRIPTION_FIELDS: tuple[str, ...] = ("summary", "description", "bio", "results", "outcome")
SUBJECT_FIELDS: tuple[str, ...] = ("subjects", "gbf_targets", "aichi_targets", "assistance_types")
TYPE_FIELDS: tuple[str, ...] = ("resource_type", "event_type", "organization_type")
IDENTIFIER_FIELDS: tuple[str, ...] = ("url", "website")
CONTRIBUTOR_FIELDS: tuple[str, ...] = (
    "organization",
    "organizations",
    "funders",
    "provider",
    "providers",
)
CONTRIBUTOR_FIELDS += ("organizers", "institution")
DATE_FIELDS: tuple[str, ...] = (
    "publication_date",
    "start",
    "start_date",
    "timeframe_start",
    "available_from",
)
COVERAGE_FIELDS: tuple[str, ...] = (
    "country",
    "countries",
    "provider_country",
    "provider_countries",
)
COVERAGE_FIELDS += ("beneficiary_countries", "regions_served", "regions_of_experience")
COVERAGE_FIELDS += ("regions_covered",)
RELATION_FIELDS: tuple[str, ...] = (
    "need",
    "materials",
    "triangular_partners",
    "ssc_policy_url",
    "nbsap_url",
)
RELATION_FIELDS += ("registration_url", "online_url")


def _values(record: Mapping[str, Any], names: Iterable[str]) -> list[str]:
    found: list[str] = []
    for name in names:
        value = record.get(name)
        if value is None or value == "" or isinstance(value, dict):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item and item not in found:
                found.append(item)
    return found


def _add(parent: etree._Element, tag: str, text: str, language: str = "") -> None:
    text = xml_text(text).strip()
    if not text:
        return
    element = etree.SubElement(parent, f"{{{DC_NAMESPACE}}}{tag}")
    element.text = text
    if language:
        element.set(f"{{{XML_NAMESPACE}}}lang", language)


def _add_text(parent: etree._Element, tag: str, value: Any) -> None:
    """A language map as one element per language; plain text as one element."""
    if isinstance(value, dict):
        for language, text in value.items():
            _add(parent, tag, text, language)
    elif isinstance(value, str):
        _add(parent, tag, value)


def record_element(record: Mapping[str, Any]) -> etree._Element:
    """An exchange record as ``<oai_dc:dc>`` (private fields are never read)."""
    root = etree.Element(
        f"{{{NAMESPACE}}}dc",
        nsmap={"oai_dc": NAMESPACE, "dc": DC_NAMESPACE, "xsi": XSI_NAMESPACE},
    )
    root.set(f"{{{XSI_NAMESPACE}}}schemaLocation", f"{NAMESPACE} {SCHEMA_URL}")
    for name in TITLE_FIELDS:
        if record.get(name):
            _add_text(root, "title", record[name])
            break
    if record.get("authors"):
        _add(root, "creator", record["authors"])
    for subject in _values(record, SUBJECT_FIELDS):
        _add(root, "subject", subject)
    for name in DESCRIPTION_FIELDS:
        _add_text(root, "description", record.get(name))
    if record.get("publisher"):
        _add(root, "publisher", record["publisher"])
    for contributor in _values(record, CONTRIBUTOR_FIELDS):
        _add(root, "contributor", contributor)
    dates = _values(record, DATE_FIELDS) or _values(record, ("updated",))
    for date in dates[:1]:
        _add(root, "date", date)
    _add(root, "type", record["type"])
    for kind in _values(record, TYPE_FIELDS):
        _add(root, "type", kind)
    _add(root, "identifier", record["id"])
    for address in _values(record, IDENTIFIER_FIELDS):
        _add(root, "identifier", address)
    if record.get("source"):
        _add(root, "source", record["source"])
    for language in _values(record, ("languages",)):
        _add(root, "language", language)
    relations = _values(record, RELATION_FIELDS)
    relations += [link["url"] for link in record.get("links") or [] if link.get("url")]
    for relation in relations:
        _add(root, "relation", relation)
    for coverage in _values(record, COVERAGE_FIELDS):
        _add(root, "coverage", coverage)
    return root
