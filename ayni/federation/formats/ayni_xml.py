"""The exchange format as XML: OAI-PMH's ``ayni`` metadata format.

Pure code: an exchange record (the dict of ``render_record``) in, an lxml element out. One
element per record, named after the record type (``<ayni:need id="..." status="...">``), one
child per non-empty field in the documented order, named after the field. Private fields
never appear, whatever the input holds. ``schema_document()`` builds the XML Schema of the
format from the same field lists; ``ayni/federation/schemas/ayni.xsd`` is its output (a test
keeps the two equal). docs/federation-profile.md describes the mapping.
"""

import re
from collections.abc import Mapping
from typing import Any

from lxml import etree

from ayni.federation.formats.ayni_jsonl import (
    COMMON_FIELDS,
    RECORD_FIELDS,
    STATUSES,
    TYPE_ORDER,
    Field,
    Kind,
)

NAMESPACE = "urn:x-ayni:exchange:1"
PREFIX = "ayni"
#: Where the schema is published, relative to the OAI-PMH base URL.
SCHEMA_PATH = "/ayni.xsd"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
XSD_NAMESPACE = "http://www.w3.org/2001/XMLSchema"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
XML_XSD_LOCATION = "http://www.w3.org/2001/xml.xsd"
#: The record types OAI-PMH publishes (clearing-house entries are partners, not records).
PUBLIC_TYPES = tuple(t for t in TYPE_ORDER if t != "clearing-house")

# Characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: Any) -> str:
    """A value as XML character data: booleans as xsd:boolean, unusable characters dropped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _language_map(parent: etree._Element, text: Mapping[str, str]) -> None:
    for language, value in text.items():
        child = etree.SubElement(parent, _q("text"))
        child.set(f"{{{XML_NAMESPACE}}}lang", language)
        child.text = xml_text(value)


def _field_element(parent: etree._Element, spec: Field, value: Any) -> None:
    element = etree.SubElement(parent, _q(spec.name))
    if spec.kind is Kind.TEXT:
        _language_map(element, value)
    elif spec.kind in (Kind.CODES, Kind.REFS, Kind.REFS_OR_COUNTRIES):
        for item in value:
            etree.SubElement(element, _q("item")).text = xml_text(item)
    elif spec.kind is Kind.TEXT_LIST:
        for entry in value:
            _language_map(etree.SubElement(element, _q("entry")), entry)
    elif spec.kind in (Kind.LINKS, Kind.PEOPLE):
        tag = "link" if spec.kind is Kind.LINKS else "person"
        for item in value:
            child = etree.SubElement(element, _q(tag))
            for key in ("url", "name", "role"):
                if item.get(key):
                    child.set(key, xml_text(item[key]))
    else:
        element.text = xml_text(value)


def record_element(record: Mapping[str, Any]) -> etree._Element:
    """An exchange record as ``<ayni:TYPE>``; private and unknown fields are left out."""
    record_type = record["type"]
    root = etree.Element(_q(record_type), nsmap={PREFIX: NAMESPACE, "xsi": XSI_NAMESPACE})
    root.set("id", xml_text(record["id"]))
    root.set("status", xml_text(record["status"]))
    for spec in RECORD_FIELDS[record_type] + COMMON_FIELDS:
        if spec.private:
            continue
        value = record.get(spec.name)
        if value is None or value == "" or value == [] or value == {}:
            continue
        _field_element(root, spec, value)
    return root


def with_schema_location(element: etree._Element, schema_url: str) -> etree._Element:
    """The element with ``xsi:schemaLocation`` pointing at the format's schema."""
    element.set(f"{{{XSI_NAMESPACE}}}schemaLocation", f"{NAMESPACE} {schema_url}")
    return element


# ---------------------------------------------------------------------------------------------
# The schema

_SIMPLE_TYPES = {
    Kind.STRING: "xs:string",
    Kind.EMAIL: "xs:string",
    Kind.TIMEZONE: "xs:string",
    Kind.CODE: "xs:string",
    Kind.REF: "xs:string",
    Kind.REF_OR_NAME: "xs:string",
    Kind.URL: "xs:anyURI",
    Kind.BOOL: "xs:boolean",
    Kind.DATE: "xs:date",
    Kind.DATETIME: "xs:dateTime",
    Kind.PARTIAL_DATE: "ayni:partialDate",
    Kind.TEXT: "ayni:languageMap",
    Kind.CODES: "ayni:itemList",
    Kind.REFS: "ayni:itemList",
    Kind.REFS_OR_COUNTRIES: "ayni:itemList",
    Kind.TEXT_LIST: "ayni:languageMapList",
    Kind.LINKS: "ayni:linkList",
    Kind.PEOPLE: "ayni:personList",
}


def _xs(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{XSD_NAMESPACE}}}{tag}")
    for key, value in attributes.items():
        element.set(key, value)
    return element


def _documentation(parent: etree._Element, text: str) -> None:
    _xs(_xs(parent, "annotation"), "documentation").text = text


def _shared_types(schema: etree._Element) -> None:
    language_map = _xs(schema, "complexType", name="languageMap")
    _documentation(language_map, "A language map: one text per language (ISO 639-1 in xml:lang).")
    text = _xs(_xs(language_map, "sequence"), "element", name="text", maxOccurs="unbounded")
    extension = _xs(_xs(_xs(text, "complexType"), "simpleContent"), "extension", base="xs:string")
    _xs(extension, "attribute", ref="xml:lang", use="required")

    item_list = _xs(schema, "complexType", name="itemList")
    _documentation(item_list, "A list of vocabulary codes or record ids.")
    _xs(_xs(item_list, "sequence"), "element", name="item", type="xs:string", maxOccurs="unbounded")

    entries = _xs(schema, "complexType", name="languageMapList")
    _documentation(entries, "A list of language maps.")
    _xs(
        _xs(entries, "sequence"),
        "element",
        name="entry",
        type="ayni:languageMap",
        maxOccurs="unbounded",
    )

    for name, tag, keys, required in (
        ("linkList", "link", ("url", "name"), "url"),
        ("personList", "person", ("name", "role"), ""),
    ):
        complex_type = _xs(schema, "complexType", name=name)
        element = _xs(_xs(complex_type, "sequence"), "element", name=tag, maxOccurs="unbounded")
        inner = _xs(element, "complexType")
        for key in keys:
            _xs(
                inner,
                "attribute",
                name=key,
                type="xs:anyURI" if key == "url" else "xs:string",
                use="required" if key == required else "optional",
            )

    partial = _xs(schema, "simpleType", name="partialDate")
    _documentation(partial, "A date given as YYYY, YYYY-MM or YYYY-MM-DD.")
    _xs(partial, "union", memberTypes="xs:gYear xs:gYearMonth xs:date")

    status = _xs(schema, "simpleType", name="status")
    restriction = _xs(status, "restriction", base="xs:string")
    for value in STATUSES:
        _xs(restriction, "enumeration", value=value)


def _field_declaration(sequence: etree._Element, spec: Field) -> None:
    # Optional even when the exchange format requires the field on import: a required
    # reference is left out once the record it named is deleted.
    occurs = "0"
    if spec.kind is Kind.CHOICE:
        element = _xs(sequence, "element", name=spec.name, minOccurs=occurs)
        restriction = _xs(_xs(element, "simpleType"), "restriction", base="xs:string")
        for choice in spec.choices:
            _xs(restriction, "enumeration", value=choice)
    else:
        _xs(sequence, "element", name=spec.name, type=_SIMPLE_TYPES[spec.kind], minOccurs=occurs)


def schema_document() -> etree._Element:
    """The XML Schema of the ``ayni`` format, built from the exchange format's field lists."""
    schema = etree.Element(
        f"{{{XSD_NAMESPACE}}}schema",
        nsmap={"xs": XSD_NAMESPACE, PREFIX: NAMESPACE},
        targetNamespace=NAMESPACE,
        elementFormDefault="qualified",
        attributeFormDefault="unqualified",
    )
    _documentation(
        schema,
        "Ayni's exchange format as XML (OAI-PMH metadataPrefix 'ayni'): one element per "
        "record type, one child per field in the documented order, private fields never. "
        "Generated by ayni.federation.formats.ayni_xml.schema_document(); see "
        "docs/federation-profile.md.",
    )
    _xs(schema, "import", namespace=XML_NAMESPACE, schemaLocation=XML_XSD_LOCATION)
    _shared_types(schema)
    for record_type in PUBLIC_TYPES:
        _xs(schema, "element", name=record_type, type=f"ayni:{record_type}")
        complex_type = _xs(schema, "complexType", name=record_type)
        sequence = _xs(complex_type, "sequence")
        for spec in RECORD_FIELDS[record_type] + COMMON_FIELDS:
            if not spec.private:
                _field_declaration(sequence, spec)
        _xs(complex_type, "attribute", name="id", type="xs:string", use="required")
        _xs(complex_type, "attribute", name="status", type="ayni:status", use="required")
    return schema


def schema_bytes() -> bytes:
    """The schema document as the file ``schemas/ayni.xsd`` holds it."""
    return etree.tostring(
        schema_document(), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


if __name__ == "__main__":  # python -m ayni.federation.formats.ayni_xml > .../schemas/ayni.xsd
    import sys

    sys.stdout.buffer.write(schema_bytes())
