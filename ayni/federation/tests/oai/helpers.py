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


class ValidatingProxy:
    """A WSGI app that forwards OAI-PMH requests to Ayni and checks every answer on the way.

    Harvesters nobody here wrote (Sickle, oaipmh-scythe, Perl's HTTP::OAI) talk to it rather
    than to the live server, so that every page they read is also checked against the strict
    schema; the pages that fail are kept in ``failures`` (the test asserts there are none).
    """

    def __init__(self, target: str):
        self.target = target
        self.pages = 0
        self.failures: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        import requests

        url = f"{self.target}?{environ.get('QUERY_STRING', '')}"
        if environ.get("REQUEST_METHOD") == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)
            answer = requests.post(
                self.target,
                data=body,
                headers={"Content-Type": environ.get("CONTENT_TYPE", "")},
                timeout=60,
            )
        else:
            answer = requests.get(url, timeout=60)
        self.pages += 1
        try:
            validate(answer.content)
        except Exception as error:
            self.failures.append(f"{url}: {error}")
        start_response(
            f"{answer.status_code} {answer.reason}",
            [("Content-Type", answer.headers.get("Content-Type", "text/xml"))],
        )
        return [answer.content]
