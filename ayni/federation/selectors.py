"""Reads of the federation layer: exporting records in the exchange format."""

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet

from ayni.core.choices import RecordStatus
from ayni.core.exchange import iter_records
from ayni.core.registry import record_model
from ayni.federation.formats.ayni_jsonl import TYPE_ORDER


def records_export_count(*, types: Sequence[str] = TYPE_ORDER) -> int:  # for progress bars
    """How many records an export of these types holds."""
    return sum(record_model(record_type)._default_manager.count() for record_type in types)


def records_export(
    *, types: Sequence[str] = TYPE_ORDER, public: bool = False
) -> Iterator[dict[str, Any]]:
    """Every record of these types in every status, streamed, in reference order.

    The full backup keeps private fields (an expert's e-mail) so that export → import is
    lossless. ``public`` is what anyone may read: published records only, experts only with
    their consent to be listed, and no private fields.
    """
    for record_type in TYPE_ORDER:
        if record_type in types:
            queryset: QuerySet[Any] | None = None
            if public:
                conditions: dict[str, Any] = {"status": RecordStatus.PUBLISHED}
                if record_type == "expert":
                    conditions["consent_public"] = True
                queryset = record_model(record_type)._default_manager.filter(**conditions)
            for stored in iter_records(record_type, queryset):
                yield stored.render(record_type, public=public)
