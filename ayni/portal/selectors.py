"""Reads for the portal pages."""

from ayni.core.choices import RecordStatus
from ayni.core.registry import record_model
from ayni.federation.formats.ayni_jsonl import TYPE_ORDER


def record_counts_published() -> list[tuple[str, str, int]]:
    """For each record type: (type, plural name, number of published records)."""
    counts = []
    for record_type in TYPE_ORDER:
        model = record_model(record_type)
        counts.append(
            (
                record_type,
                str(model._meta.verbose_name_plural),
                model._default_manager.filter(status=RecordStatus.PUBLISHED).count(),
            )
        )
    return counts
