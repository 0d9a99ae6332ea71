"""Harvesting an OAI-PMH provider: ListRecords through resumption tokens.

``ayni`` is asked when the peer offers it (another Ayni: the full record), else ``oai_dc``,
mapped to a resource. Pure of the ORM: pages of items out; ``services`` writes them.
"""

import datetime as dt
import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from lxml import etree

from ayni.federation.formats import ayni_xml, oai_dc
from ayni.federation.formats.ayni_jsonl import (
    COMMON_FIELDS,
    RECORD_FIELDS,
    Kind,
    Vocabularies,
)
from ayni.federation.harvest import http
from ayni.federation.harvest.items import Deletion, Entry, Item, Page, PeerError, Rejection

OAI = "http://www.openarchives.org/OAI/2.0/"
NS = {"oai": OAI, "dc": oai_dc.DC_NAMESPACE, "oai_dc": oai_dc.NAMESPACE, "ayni": ayni_xml.NAMESPACE}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_RECOVER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def datestamp(value: dt.datetime, *, day_granularity: bool = False) -> str:
    """A datetime as an OAI-PMH datestamp (UTC)."""
    value = value.astimezone(dt.UTC)
    return value.strftime("%Y-%m-%d") if day_granularity else value.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datestamp(text: str) -> dt.datetime | None:
    """An OAI-PMH datestamp (day or seconds granularity) as an aware datetime, None if bad."""
    text = text.strip()
    if len(text) == 20 and text[10] == "T" and text[19] == "Z":
        # The usual case, read without strptime (slow): YYYY-MM-DDThh:mm:ssZ.
        try:
            return dt.datetime.fromisoformat(text[:19]).replace(tzinfo=dt.UTC)
        except ValueError:
            return None
    for pattern in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)
    except ValueError:
        return None


class _Response:
    """One OAI-PMH answer, parsed; errors of the protocol raise PeerError, except noRecordsMatch."""

    def __init__(self, content: bytes, where: str):
        self.where = where
        self.malformed = ""
        try:
            self.root = etree.fromstring(content, _STRICT)
        except etree.XMLSyntaxError as error:
            self.malformed = f"malformed XML in the answer to {where}: {error}"
            self.root = etree.fromstring(content or b"<x/>", _RECOVER)
            if self.root is None:
                self.root = etree.Element("x")
        if not self.malformed and self.root.tag != _q("oai", "OAI-PMH"):
            raise PeerError(f"not an OAI-PMH answer ({self.root.tag}): {where}")
        self.errors = [
            (e.get("code", ""), (e.text or "").strip()) for e in self.root.findall("oai:error", NS)
        ]

    @property
    def response_date(self) -> str:
        return self.root.findtext("oai:responseDate", "", NS).strip()

    def raise_for_error(self, *, allow: tuple[str, ...] = ()) -> None:
        for code, message in self.errors:
            if code not in allow:
                raise PeerError(f"the peer answered {code}: {message} ({self.where})")


def _request(context: Any, endpoint: str, params: dict[str, str]) -> _Response:
    where = http.describe(endpoint, params)
    response = http.get(context.http, endpoint, params)
    return _Response(response.content, where)


def _identify_granularity(context: Any, endpoint: str) -> bool:
    """Whether the peer takes days only (``YYYY-MM-DD``) in ``from``; seconds when unsure."""
    try:
        answer = _request(context, endpoint, {"verb": "Identify"})
    except PeerError as error:
        context.warn(f"Identify failed ({error}); 'from' is sent to the second")
        return False
    if answer.malformed or answer.errors:
        reason = answer.malformed or f"the peer answered {answer.errors[0][0]}"
        context.warn(f"Identify unreadable ({reason}); 'from' is sent to the second")
        return False
    granularity = answer.root.findtext("oai:Identify/oai:granularity", "", NS)
    return granularity.strip() == "YYYY-MM-DD"


def _metadata_prefix(context: Any, endpoint: str) -> str:
    """``ayni`` when the peer offers it (another Ayni), else ``oai_dc``."""
    answer = _request(context, endpoint, {"verb": "ListMetadataFormats"})
    if answer.malformed or answer.errors:
        reason = answer.malformed or f"the peer answered {answer.errors[0][0]}"
        context.warn(f"ListMetadataFormats unreadable ({reason}); oai_dc is asked")
        return "oai_dc"
    prefixes = {
        (e.text or "").strip()
        for e in answer.root.iterfind(".//oai:metadataFormat/oai:metadataPrefix", NS)
    }
    namespaces = {
        (e.text or "").strip()
        for e in answer.root.iterfind(".//oai:metadataFormat/oai:metadataNamespace", NS)
    }
    if ayni_xml.PREFIX in prefixes and ayni_xml.NAMESPACE in namespaces:
        return ayni_xml.PREFIX
    return "oai_dc"


def harvest(
    *, endpoint: str, since: dt.datetime | None, state: dict[str, Any], context: Any
) -> Iterator[Page]:
    """Every record of the provider changed since ``since``, page by page.

    ``state`` is the progress of an earlier run of the same harvest (resumption token,
    prefix, ``from``); it resumes there. A token the peer no longer takes starts the list
    again from the same ``from`` (the writes are idempotent).
    """
    state = dict(state)
    if "prefix" not in state:
        state["prefix"] = _metadata_prefix(context, endpoint)
        if since is not None:
            state["from"] = datestamp(
                since, day_granularity=_identify_granularity(context, endpoint)
            )
    first_params: dict[str, str] = {"verb": "ListRecords", "metadataPrefix": state["prefix"]}
    if state.get("from"):
        first_params["from"] = state["from"]
    token = state.get("token") or ""
    resumed = bool(token)
    page_number = int(state.get("page", 0))
    prefix = state["prefix"]

    prepare = getattr(context, "prepare", None)

    def fetch_and_read(params: dict[str, str]) -> tuple[_Response, list[Entry]]:
        answer = _request(context, endpoint, params)
        entries = list(_records(answer, prefix, context.vocabularies))
        if prepare is not None:
            prepare(entries)  # the writer's plain-data work on the items (their validation)
        return answer, entries

    # The next page is fetched and read (its records mapped, and prepared by the context)
    # while this one is handed on, one request at a time.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="oai-fetch") as pool:

        def fetch(params: dict[str, str]) -> "Future[tuple[_Response, list[Entry]]]":
            return pool.submit(fetch_and_read, params)

        pending = fetch(
            {"verb": "ListRecords", "resumptionToken": token} if token else first_params
        )
        while True:
            answer, read = pending.result()
            if answer.malformed:
                # Whatever complete records the broken page holds still land; the harvest
                # stops here and the next one asks this page again.
                entries: list[Entry] = [Rejection(answer.where, answer.malformed), *read]
                yield Page(entries, dict(state))
                raise PeerError(answer.malformed)
            codes = {code for code, _ in answer.errors}
            if resumed and "badResumptionToken" in codes:
                # The token of a crashed run expired: list again from the same start.
                resumed = False
                context.warn(
                    "the peer no longer takes the saved resumption token; the list started "
                    "again from the beginning"
                )
                pending = fetch(first_params)
                continue
            resumed = False
            if not state.get("response_date") and answer.response_date:
                state["response_date"] = answer.response_date
            if "noRecordsMatch" in codes:
                yield Page([], {**state, "token": "", "done": True})
                return
            answer.raise_for_error()
            if answer.root.find("oai:ListRecords", NS) is None:
                raise PeerError(
                    f"the answer holds neither records nor an OAI-PMH error: {answer.where}"
                )
            page_number += 1
            token_element = answer.root.find(".//oai:ListRecords/oai:resumptionToken", NS)
            token = (token_element.text or "").strip() if token_element is not None else ""
            if token:
                # Asked before this page is read and written, so that the peer works meanwhile.
                pending = fetch({"verb": "ListRecords", "resumptionToken": token})
            state.update(token=token, page=page_number)
            yield Page(read, dict(state))
            if not token:
                return


_HEADER, _METADATA = _q("oai", "header"), _q("oai", "metadata")
_IDENTIFIER, _DATESTAMP = _q("oai", "identifier"), _q("oai", "datestamp")


def _first_children(element: etree._Element, *tags: str) -> list[Any]:
    """The first child of each tag (None when there is none), in one pass over the children."""
    found: list[Any] = [None] * len(tags)
    for child in element:
        tag = child.tag
        if tag in tags:
            index = tags.index(tag)
            if found[index] is None:
                found[index] = child
    return found


def _records(answer: _Response, prefix: str, vocabularies: Vocabularies) -> Iterator[Entry]:
    for record in answer.root.iterfind(".//oai:ListRecords/oai:record", NS):
        header, metadata = _first_children(record, _HEADER, _METADATA)
        if header is not None:
            identifier_element, datestamp_element = _first_children(header, _IDENTIFIER, _DATESTAMP)
        else:
            identifier_element = datestamp_element = None
        identifier = (identifier_element.text or "") if identifier_element is not None else ""
        identifier = identifier.strip()
        where = f"{identifier or 'a record without identifier'} ({answer.where})"
        if header is None or not identifier:
            yield Rejection(where, "record without header or identifier")
            continue
        if header.get("status") == "deleted":
            yield Deletion(_source_id(identifier, prefix), where)
            continue
        element = metadata[0] if metadata is not None and len(metadata) else None
        if element is None:
            yield Rejection(where, "record without metadata")
            continue
        header_date = parse_datestamp(
            (datestamp_element.text or "") if datestamp_element is not None else ""
        )
        try:
            if prefix == ayni_xml.PREFIX:
                data = ayni_record(element)
                peer_id = str(data.get("id", ""))
                if data.get("status") not in ("published", "archived"):
                    yield Rejection(where, f"status '{data.get('status')}' is not published")
                    continue
                yield Item(peer_id or identifier, data, where, peer_id=peer_id)
            else:
                data = dc_resource(element, vocabularies)
                if header_date is not None:
                    data.setdefault("updated", header_date.isoformat())
                yield Item(identifier, data, where)
        except ValueError as error:
            yield Rejection(where, str(error))


def _source_id(identifier: str, prefix: str) -> str:
    """The source id of an item: for ``ayni``, the record id inside ``oai:<repo>:<id>``."""
    if prefix == ayni_xml.PREFIX and identifier.startswith("oai:") and identifier.count(":") >= 3:
        return identifier.split(":", 2)[2]
    return identifier


# ---------------------------------------------------------------------------------------------
# The metadata formats, read back

_SPECS = {t: {s.name: s for s in COMMON_FIELDS + specs} for t, specs in RECORD_FIELDS.items()}


def _language_map(element: etree._Element) -> dict[str, str]:
    return {
        child.get(XML_LANG, ""): child.text or "" for child in element.iterfind("ayni:text", NS)
    }


def ayni_record(element: etree._Element) -> dict[str, Any]:
    """An ``<ayni:TYPE>`` element (OAI-PMH's ``ayni`` format) back to the exchange record."""
    if not isinstance(element.tag, str) or not element.tag.startswith(f"{{{ayni_xml.NAMESPACE}}}"):
        raise ValueError(f"not an ayni record: <{element.tag}>")
    record_type = etree.QName(element).localname
    if record_type not in _SPECS:
        raise ValueError(f"unknown record type '{record_type}'")
    data: dict[str, Any] = {
        "type": record_type,
        "id": element.get("id", ""),
        "status": element.get("status", ""),
    }
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        spec = _SPECS[record_type].get(name)
        if spec is None:
            data[name] = child.text or ""  # unknown: a warning at validation
            continue
        if spec.kind is Kind.TEXT:
            data[name] = _language_map(child)
        elif spec.kind in (Kind.CODES, Kind.REFS, Kind.REFS_OR_COUNTRIES):
            data[name] = [item.text or "" for item in child.iterfind("ayni:item", NS)]
        elif spec.kind is Kind.TEXT_LIST:
            data[name] = [_language_map(entry) for entry in child.iterfind("ayni:entry", NS)]
        elif spec.kind in (Kind.LINKS, Kind.PEOPLE):
            data[name] = [
                {k: v for k, v in item.attrib.items() if k in ("url", "name", "role")}
                for item in child
                if isinstance(item.tag, str)
            ]
        elif spec.kind is Kind.BOOL:
            data[name] = (child.text or "").strip() in ("true", "1")
        else:
            data[name] = child.text or ""
    return data


#: DCMI types (and common free words) → the resource types of the exchange format.
RESOURCE_TYPES = {
    "text": "publication",
    "publication": "publication",
    "article": "publication",
    "book": "publication",
    "report": "publication",
    "dataset": "dataset",
    "movingimage": "video",
    "video": "video",
    "interactiveresource": "website",
    "website": "website",
    "guidance": "guidance",
    "toolkit": "toolkit",
    "training": "training",
}
_DATE = re.compile(r"^(\d{4})(-\d{2})?(-\d{2})?")
_CODE = re.compile(r"^[A-Za-z]{2}$")


def _dc_texts(element: etree._Element) -> dict[str, list[tuple[str, str]]]:
    """The Dublin Core elements of a record by name: ``[(language, text)]``, in one pass."""
    found: dict[str, list[tuple[str, str]]] = {}
    prefix = f"{{{oai_dc.DC_NAMESPACE}}}"
    start = len(prefix)
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or not tag.startswith(prefix):
            continue
        text = child.text
        if text is None:
            continue
        text = " ".join(text.split())
        if text:
            language = child.get(XML_LANG)
            language = language.split("-")[0].lower() if language else ""
            name = tag[start:]
            if name in found:
                found[name].append((language, text))
            else:
                found[name] = [(language, text)]
    return found


def dc_resource(element: etree._Element, vocabularies: Vocabularies) -> dict[str, Any]:
    """An ``<oai_dc:dc>`` element as a resource of the exchange format.

    title → ``title``, description → ``summary`` (language maps: the element's ``xml:lang``,
    else the record's first known ``dc:language``, else English); creator → ``authors``;
    publisher; the first date → ``publication_date``; the first http(s) identifier → ``url``;
    type → ``resource_type`` when it is one; language, coverage (countries) and subject
    only when they are codes Ayni knows (subject slugs, GBF and Aichi target codes).
    """
    if element.tag != _q("oai_dc", "dc"):
        raise ValueError(f"not Dublin Core: <{element.tag}>")
    texts = _dc_texts(element)
    languages = []
    for _, text in texts.get("language", []):
        code = re.split(r"[-_]", text, maxsplit=1)[0].lower()
        if _CODE.match(code) and code in vocabularies.languages and code not in languages:
            languages.append(code)
    default = languages[0] if languages else "en"

    def language_map(name: str) -> dict[str, str]:
        result: dict[str, str] = {}
        for language, text in texts.get(name, []):
            key = language if language in vocabularies.languages else default
            result.setdefault(key, text)
        return result

    data: dict[str, Any] = {"type": "resource", "status": "published"}
    title = language_map("title")
    if not title:
        raise ValueError("no dc:title: a resource needs a title")
    data["title"] = title
    if summary := language_map("description"):
        data["summary"] = summary
    if creators := [text for _, text in texts.get("creator", [])]:
        data["authors"] = "; ".join(creators)
    if publishers := texts.get("publisher", []):
        data["publisher"] = publishers[0][1][:300]
    for _, text in texts.get("date", []):
        if match := _DATE.match(text):
            data["publication_date"] = match.group(0)
            break
    for _, text in texts.get("identifier", []):
        if text.startswith(("http://", "https://")):
            data["url"] = text
            break
    for _, text in texts.get("type", []):
        kind = RESOURCE_TYPES.get(text.replace(" ", "").lower())
        if kind:
            data["resource_type"] = kind
            break
    if languages:
        data["languages"] = sorted(set(languages))
    countries = sorted(
        {t.upper() for _, t in texts.get("coverage", []) if t.upper() in vocabularies.countries}
    )
    if countries:
        data["countries"] = countries
    subjects = [t for _, t in texts.get("subject", [])]
    for name, known in (
        ("subjects", vocabularies.subjects),
        ("gbf_targets", vocabularies.gbf_targets),
        ("aichi_targets", vocabularies.aichi_targets),
    ):
        codes = sorted({s for s in subjects if s in known})
        if codes:
            data[name] = codes
    return data
