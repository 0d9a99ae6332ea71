"""Reads of the federation layer: exporting records in the exchange format."""

from collections.abc import Iterator, Sequence
from typing import Any

from ayni.core.exchange import iter_records
from ayni.core.registry import record_model
from ayni.federation.formats.ayni_jsonl import TYPE_ORDER


def records_export_count(*, types: Sequence[str] = TYPE_ORDER) -> int:
    """How many records an export of these types holds."""
    return sum(record_model(record_type)._default_manager.count() for record_type in types)


def records_export(
    *, types: Sequence[str] = TYPE_ORDER, public: bool = False
) -> Iterator[dict[str, Any]]:
    """Every record of these types in every status, streamed, in reference order.

    The full backup keeps private fields (an expert's e-mail) so that export → import is
    lossless; ``public`` leaves them out.
    """
    for record_type in TYPE_ORDER:
        if record_type in types:
            for stored in iter_records(record_type):
                yield stored.render(record_type, public=public)
