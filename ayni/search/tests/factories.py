"""Records for the search tests, written the way the record services write them.

Records go in through the importer (``records_import``: the same ``write_records`` every
create, update and harvest uses), then ``search_index_records`` is called, as the record
services call it after each write.
"""

import json
from typing import Any

from ayni.federation.services import records_import
from ayni.search.services import search_index_records


def write_and_index(*records: dict[str, Any]) -> None:
    """Import these exchange-format records (any status) and index them."""
    report = records_import(lines=[json.dumps(record) for record in records])
    assert not report.rejected, report.rejected
    by_type: dict[str, list[str]] = {}
    for record in records:
        by_type.setdefault(record["type"], []).append(record["id"])
    for record_type, uids in by_type.items():
        search_index_records(record_type=record_type, uids=uids)


def need(uid: str = "test:need-1", **fields: Any) -> dict[str, Any]:
    """A published need of Senegal, in French."""
    return {
        "type": "need",
        "id": uid,
        "status": "published",
        "country": "SN",
        "title": {"fr": "Formation au suivi des mangroves par drone"},
        "description": {"fr": "Achat d'équipement de suivi pour les aires protégées du delta."},
        "subjects": ["marine-coastal", "monitoring-indicators"],
        "gbf_targets": ["GBF-TARGET-02"],
        "assistance_types": ["training"],
        "languages": ["fr"],
        **fields,
    }


def offer(uid: str = "test:offer-1", **fields: Any) -> dict[str, Any]:
    """A published offer of Brazil, in Spanish."""
    return {
        "type": "offer",
        "id": uid,
        "status": "published",
        "provider_country": "BR",
        "title": {"es": "Restauración de manglares en la costa"},
        "description": {"es": "Capacitación en conservación de humedales costeros."},
        "subjects": ["marine-coastal", "ecosystem-restoration"],
        "assistance_types": ["technology-transfer"],
        "languages": ["es", "pt"],
        **fields,
    }


def case_study(uid: str = "test:cs-1", **fields: Any) -> dict[str, Any]:
    """A published case study of Morocco and Tunisia, in Arabic."""
    return {
        "type": "case-study",
        "id": uid,
        "status": "published",
        "title": {"ar": "حماية الغابات في جبال الأطلس"},
        "summary": {"ar": "تعاون بين المغرب وتونس لحماية التنوع البيولوجي."},
        "provider_countries": ["MA"],
        "beneficiary_countries": ["TN"],
        "subjects": ["forest"],
        **fields,
    }


def resource(uid: str = "test:res-1", **fields: Any) -> dict[str, Any]:
    """A published guide of China, in Chinese."""
    return {
        "type": "resource",
        "id": uid,
        "status": "published",
        "title": {"zh": "生物多样性保护指南"},
        "summary": {"zh": "本指南介绍湿地生物多样性的监测方法。"},
        "countries": ["CN"],
        "publication_date": "2019-05",
        "subjects": ["monitoring-indicators"],
        **fields,
    }


def event(uid: str = "test:event-1", **fields: Any) -> dict[str, Any]:
    """A published workshop in Fiji, in English."""
    return {
        "type": "event",
        "id": uid,
        "status": "published",
        "title": {"en": "Workshop on coral reef monitoring"},
        "description": {"en": "Three days of training on reef surveys for island states."},
        "start": "2027-03-01T09:00:00+12:00",
        "timezone": "Pacific/Fiji",
        "country": "FJ",
        "city": "Suva",
        "subjects": ["marine-coastal"],
        **fields,
    }
