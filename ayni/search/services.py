"""Every write to the search index.

The record services call ``search_index_records`` after they write records (create, update,
import, harvest, status changes) and ``search_remove_records`` after they delete some, so the
index stays in step with every write, inside the same transaction. ``search_reindex`` (the
``reindex`` command) rebuilds the index from the records.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, transaction

from ayni.core.exchange import iter_records, read_records
from ayni.core.registry import record_model
from ayni.federation.formats.ayni_jsonl import TYPE_ORDER
from ayni.search.backends import get_backend
from ayni.search.documents import (
    CountryFacts,
    Document,
    VocabularyLookup,
    documents_of,
    pack_codes,
)
from ayni.search.models import SearchEntry, SearchFacet, SearchFacetCode

_vocabulary: VocabularyLookup | None = None


def vocabulary_lookup() -> VocabularyLookup:
    """Countries (M49 areas, groupings, names) and subject names, read once per process.

    The vocabularies change only with a migration, so the lookup is kept once it is complete.
    """
    global _vocabulary
    if _vocabulary is not None:
        return _vocabulary
    from ayni.vocabularies.models import Country, Subject

    through = Country.groupings.through
    groupings: dict[str, list[str]] = {}
    for country, grouping in through.objects.values_list("country_id", "grouping_id"):
        groupings.setdefault(country, []).append(grouping)
    countries = {
        code: CountryFacts(
            regions=tuple(r for r in (intermediate, subregion, region) if r),
            groupings=tuple(sorted(groupings.get(code, []))),
            names=names or {},
        )
        for code, intermediate, subregion, region, names in Country.objects.values_list(
            "code", "intermediate_region_id", "subregion_id", "region_id", "names"
        )
    }
    subjects = dict(Subject.objects.values_list("slug", "names"))
    lookup = VocabularyLookup(countries=countries, subjects=subjects)
    if countries:
        _vocabulary = lookup
    return lookup


def search_facet_codes_assign(*, tokens: Collection[str]) -> dict[str, int]:
    """The codes of these facet tokens (``country:SN``), a new code for each token never seen.

    A code, once given, stands for its token for good (the table only grows), so the codes
    of every entry count exactly as its tokens. Concurrent writers giving a code to the same
    new token agree on one (the token is unique; the second one reads the first one's).
    """
    wanted = sorted(set(tokens))
    if not wanted:
        return {}
    known = dict(SearchFacetCode.objects.filter(token__in=wanted).values_list("token", "code"))
    missing = [token for token in wanted if token not in known]
    if missing:
        SearchFacetCode.objects.bulk_create(
            [SearchFacetCode(token=token) for token in missing], ignore_conflicts=True
        )
        known.update(SearchFacetCode.objects.filter(token__in=missing).values_list("token", "code"))
    return known


def search_documents_write(documents: Sequence[Document]) -> int:
    """Insert index entries and their facet values (the caller removed the old ones)."""
    tokens = [document.facet_tokens for document in documents]
    code_of = search_facet_codes_assign(tokens={token for some in tokens for token in some})
    entries = SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                record_type=d.record_type,
                uid=d.uid,
                record_pk=d.record_pk,
                status=d.status,
                language=d.language,
                is_primary=d.primary,
                title=d.title,
                body=d.body,
                terms=d.terms,
                filter_tokens=d.tokens,
                facet_codes=pack_codes([code_of[token] for token in facet_tokens]),
                date=d.date,
                year=d.year,
            )
            for d, facet_tokens in zip(documents, tokens, strict=True)
        ],
        batch_size=500,
    )
    # Facet values are many (about 17 per entry): plain tuples, no model instances.
    rows = [
        (entry.pk, facet, value)
        for entry, document in zip(entries, documents, strict=True)
        for facet, value in document.facets
    ]
    table = connection.ops.quote_name(SearchFacet._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                f"INSERT INTO {table} (entry_id, facet, value) VALUES (%s, %s, %s)",  # noqa: S608
                rows[start : start + 5000],
            )
    return len(entries)


def _delete_entries(record_type: str, uids: Iterable[str] | None) -> None:
    entries = SearchEntry.objects.filter(record_type=record_type)
    if uids is not None:
        entries = entries.filter(uid__in=list(uids))
    SearchFacet.objects.filter(entry__in=entries).delete()
    entries.delete()


@transaction.atomic
def search_index_records(*, record_type: str, uids: list[str]) -> int:
    """Bring the index entries of these records in line with what is stored now.

    Call it after any write of records (in the same transaction). A uid that no longer names
    a record of the type, or an expert without consent to be listed, leaves no entry.
    Returns the number of entries written.
    """
    if not uids:
        return 0
    model = record_model(record_type)
    pks = list(model._default_manager.filter(uid__in=uids).values_list("pk", flat=True))
    stored = read_records(record_type, pks)
    documents = documents_of(
        record_type, ((s.pk, s.uid, s.status, s.values) for s in stored), vocabulary_lookup()
    )
    _delete_entries(record_type, uids)
    return search_documents_write(documents)


@transaction.atomic
def search_index_values(
    *, record_type: str, records: Sequence[tuple[int, str, str, Mapping[str, Any]]]
) -> int:
    """Index records from the values just written, given as ``(pk, uid, status, values)``.

    For ``write_records``, which holds each record's exchange values as stored: the same
    result as ``search_index_records`` without reading the records back.
    """
    if not records:
        return 0
    documents = documents_of(record_type, records, vocabulary_lookup())
    _delete_entries(record_type, [uid for _pk, uid, _status, _values in records])
    return search_documents_write(documents)


@transaction.atomic
def search_remove_records(*, record_type: str, uids: list[str]) -> None:
    """Remove these records from the index (call it after deleting records)."""
    if uids:
        _delete_entries(record_type, uids)


def search_reindex(*, record_types: Sequence[str] | None = None, batch_size: int = 1000) -> int:
    """Rebuild the index of these record types (all by default) from the records.

    Each type is rebuilt in one transaction: searches see the old entries until it commits.
    Returns the number of entries written.
    """
    written = 0
    vocabulary = vocabulary_lookup()
    for record_type in record_types or TYPE_ORDER:
        with transaction.atomic():
            _delete_entries(record_type, None)
            batch: list[Document] = []
            for stored in iter_records(record_type, batch_size=batch_size):
                batch.extend(
                    documents_of(
                        record_type,
                        [(stored.pk, stored.uid, stored.status, stored.values)],
                        vocabulary,
                    )
                )
                if len(batch) >= batch_size:
                    written += search_documents_write(batch)
                    batch = []
            written += search_documents_write(batch)
    get_backend().after_bulk_load()
    return written
