"""Which model holds which record type of the exchange format."""

from django.apps import apps

from ayni.core.models import Record
from ayni.federation.formats.ayni_jsonl import TYPE_ORDER

MODEL_LABELS = {
    "organization": "roster.Organization",
    "expert": "roster.Expert",
    "resource": "library.Resource",
    "need": "needs.Need",
    "offer": "needs.Offer",
    "case-study": "casestudies.CaseStudy",
    "event": "events.Event",
    "partnership": "needs.Partnership",
    "country-profile": "countries.CountryProfile",
    "clearing-house": "federation.ClearingHouse",
}
assert tuple(MODEL_LABELS) == TYPE_ORDER


def record_model(record_type: str) -> type[Record]:
    """The model of a record type (``"need"`` → ``Need``)."""
    model: type[Record] = apps.get_model(MODEL_LABELS[record_type])
    return model


def record_models() -> list[type[Record]]:
    """Every record model, in an order where references point to earlier models."""
    return [record_model(record_type) for record_type in TYPE_ORDER]
