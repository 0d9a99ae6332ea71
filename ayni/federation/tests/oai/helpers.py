"""Ask the OAI-PMH endpoint and check every answer against the strict schemas."""

from functools import cache
from pathlib import Path
from typing import Any

import xmlschema
from lxml import etree

from ayni.federation.formats import ayni_xml, oai_dc

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": oai_dc.NAMESPACE,
    "dc": oai_dc.DC_NAMESPACE,
    "ayni": ayni_xml.NAMESPACE,
}
#: Every schema the responses use, resolved on disk (no network).
URI_MAP = {
    "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd": str(SCHEMAS / "OAI-PMH.xsd"),
    oai_dc.SCHEMA_URL: str(SCHEMAS / "oai_dc.xsd"),
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": str(
        SCHEMAS / "simpledc20021212.xsd"
    ),
    "http://www.w3.org/2001/03/xml.xsd": str(SCHEMAS / "xml.xsd"),
    "http://www.w3.org/2001/xml.xsd": str(SCHEMAS / "xml.xsd"),
}


@cache
def oai_schema() -> xmlschema.XMLSchema10:
    """OAI-PMH.xsd (wildcards strict) with oai_dc and ayni imported, all from disk."""
    return xmlschema.XMLSchema10(
        str(SCHEMAS / "OAI-PMH.xsd"),
        locations=[
            (oai_dc.NAMESPACE, str(SCHEMAS / "oai_dc.xsd")),
            (ayni_xml.NAMESPACE, str(SCHEMAS / "ayni.xsd")),
        ],
        uri_mapper=URI_MAP,
        allow="local",
    )


def validate(content: bytes) -> etree._Element:
    """The parsed response, after checking it against the strict schema."""
    root = etree.fromstring(content)
    oai_schema().validate(content.decode("utf-8"))
    return root


def oai(client: Any, method: str = "get", **params: str) -> etree._Element:
    """A request to /oai (GET or POST), its answer validated and parsed."""
    send = client.post if method == "post" else client.get
    response = send("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return validate(content)


def error_codes(root: etree._Element) -> list[str]:
    return [e.get("code") for e in root.findall("oai:error", NS)]


def identifiers(root: etree._Element) -> list[str]:
    return [e.text for e in root.iterfind(".//oai:header/oai:identifier", NS)]


def token(root: etree._Element) -> str:
    found = root.find(".//oai:resumptionToken", NS)
    return (found.text or "") if found is not None else ""
