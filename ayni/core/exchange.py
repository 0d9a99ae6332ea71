"""Records between the database and the exchange format (the one serializer of Ayni).

``read_records`` turns rows into exchange values in batches (a few queries per batch, no
model instances), ``write_records`` writes validated records in batches, and
``record_to_exchange`` gives one record's JSON object. Import, export, the API, OAI-PMH and
the history all go through here, so the shape of a record is defined once.
"""

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from ayni.core.choices import RevisionAction
from ayni.core.models import Record, Revision
from ayni.core.registry import record_model
from ayni.federation.formats.ayni_jsonl import (
    COMMON_FIELDS,
    RECORD_FIELDS,
    Field,
    Kind,
    ParsedRecord,
    Vocabularies,
    looks_like_id,
    render_record,
)

UTC = dt.UTC

# Exchange fields stored in more than one model field: {record type: {field: {target: attr}}}.
# A target is a record type (a reference), "country" (a country code) or "name" (free text).
SPLIT_FIELDS: dict[str, dict[str, dict[str, str]]] = {
    "offer": {"provider": {"organization": "provider_organization", "expert": "provider_expert"}},
    "partnership": {
        "providers": {"organization": "provider_organizations", "expert": "provider_experts"}
    },
    "need": {"institution": {"organization": "institution", "name": "institution_name"}},
    "country-profile": {
        "triangular_partners": {
            "organization": "triangular_partner_organizations",
            "country": "triangular_partner_countries",
        }
    },
}
SCALAR_KINDS = {
    Kind.TEXT,
    Kind.STRING,
    Kind.URL,
    Kind.EMAIL,
    Kind.BOOL,
    Kind.DATE,
    Kind.PARTIAL_DATE,
    Kind.DATETIME,
    Kind.TIMEZONE,
    Kind.CHOICE,
    Kind.TEXT_LIST,
    Kind.LINKS,
    Kind.PEOPLE,
}


@dataclass
class Part:
    """One model field behind (part of) an exchange field."""

    exchange: str
    attr: str
    target: str  # "value", "code", or a record type / "country" / "name" for split fields
    many: bool


@dataclass
class TypeMapping:
    record_type: str
    model: type[Record]
    parts: list[Part] = field(default_factory=list)

    # Computed once (a mapping is built once, then read for every record written).
    @cached_property
    def scalar_parts(self) -> list[Part]:
        return [p for p in self.parts if not p.many]

    @cached_property
    def many_parts(self) -> list[Part]:
        return [p for p in self.parts if p.many]

    @cached_property
    def scalar_plan(self) -> list[tuple[str, str, str, Callable[[], Any] | None, Any]]:
        """``(exchange, attr, target, make default, default)`` of each scalar part: a default
        made per record (a callable one), else the same default every time."""
        plan = []
        for part in self.scalar_parts:
            make: Callable[[], Any] | None = None
            default: Any = None
            if part.target == "value" and part.exchange not in ("created", "updated"):
                model_field = self.model._meta.get_field(part.attr)
                assert isinstance(model_field, models.Field)
                default = model_field.get_default()
                if (model_field.has_default() and callable(model_field.default)) or callable(
                    default
                ):
                    make, default = self.defaults[part.attr], None
            plan.append((part.exchange, part.attr, part.target, make, default))
        return plan

    @cached_property
    def bool_defaults(self) -> list[tuple[str, Callable[[], Any]]]:
        """The boolean fields whose model field has a default: name → its default."""
        result = []
        for spec in RECORD_FIELDS[self.record_type]:
            if spec.kind is Kind.BOOL:
                model_field = self.model._meta.get_field(spec.name)
                assert isinstance(model_field, models.Field)
                result.append((spec.name, model_field.get_default))
        return result

    @cached_property
    def defaults(self) -> dict[str, Callable[[], Any]]:
        """The default of each scalar model field behind a plain value: attr → a factory."""
        result = {}
        for part in self.scalar_parts:
            if part.target == "value":
                model_field = self.model._meta.get_field(part.attr)
                assert isinstance(model_field, models.Field)
                result[part.attr] = model_field.get_default
        return result


@cache
def mapping(record_type: str) -> TypeMapping:
    """How a record type's exchange fields sit in its model."""
    model = record_model(record_type)
    result = TypeMapping(record_type, model)
    split = SPLIT_FIELDS.get(record_type, {})
    for spec in COMMON_FIELDS + RECORD_FIELDS[record_type]:
        if spec.name in split:
            for target, attr in split[spec.name].items():
                many = model._meta.get_field(attr).many_to_many
                result.parts.append(Part(spec.name, attr, target, bool(many)))
        elif spec.kind in SCALAR_KINDS:
            result.parts.append(Part(spec.name, spec.name, "value", False))
        elif spec.kind is Kind.CODE:
            result.parts.append(Part(spec.name, spec.name, "code", False))
        elif spec.kind is Kind.CODES:
            result.parts.append(Part(spec.name, spec.name, "code", True))
        elif spec.kind is Kind.REF:
            result.parts.append(Part(spec.name, spec.name, spec.ref_types[0], False))
        elif spec.kind is Kind.REFS:
            result.parts.append(Part(spec.name, spec.name, spec.ref_types[0], True))
        else:  # pragma: no cover - every kind is mapped above
            raise AssertionError(spec)
    return result


def spec_of(record_type: str, name: str) -> Field:
    for spec in COMMON_FIELDS + RECORD_FIELDS[record_type]:
        if spec.name == name:
            return spec
    raise KeyError(name)


def vocabularies() -> Vocabularies:
    """The codes of every vocabulary, read from the database."""
    from ayni.vocabularies.models import (
        AssistanceType,
        Country,
        Language,
        Region,
        Subject,
        Target,
    )

    targets = list(Target.objects.values_list("code", "framework"))
    return Vocabularies(
        countries=frozenset(Country.objects.values_list("code", flat=True)),
        regions=frozenset(Region.objects.values_list("code", flat=True)),
        subjects=frozenset(Subject.objects.values_list("slug", flat=True)),
        gbf_targets=frozenset(code for code, framework in targets if framework == "gbf"),
        aichi_targets=frozenset(code for code, framework in targets if framework == "aichi"),
        assistance_types=frozenset(AssistanceType.objects.values_list("slug", flat=True)),
        languages=frozenset(Language.objects.values_list("code", flat=True)),
    )


# ---------------------------------------------------------------------------------------------
# Reading


@cache
def _moment_fields(record_type: str) -> tuple[str, ...]:
    """The fields of a type that can hold a datetime: dates and times by the format or by
    their model field (the others hold text, codes, lists or maps)."""
    model = record_model(record_type)
    names = []
    for spec in COMMON_FIELDS + RECORD_FIELDS[record_type]:
        try:
            model_field: Any = model._meta.get_field(spec.name)
        except FieldDoesNotExist:  # a split field: references only
            model_field = None
        by_model = isinstance(model_field, models.DateField)  # DateTimeField too
        if by_model or spec.kind in (Kind.DATE, Kind.DATETIME):
            names.append(spec.name)
    return tuple(names)


def canonical_values(record_type: str, values: dict[str, Any]) -> dict[str, Any]:
    """Values as the database gives them back: datetimes in the event's zone, else UTC."""
    result = dict(values)
    zone: dt.tzinfo = UTC
    if record_type == "event" and values.get("timezone"):
        zone = zoneinfo.ZoneInfo(values["timezone"])
    for name in _moment_fields(record_type):
        value = result.get(name)
        if isinstance(value, dt.datetime):
            local = record_type == "event" and name in ("start", "end")
            result[name] = value.astimezone(zone if local else UTC)
    return result


@dataclass
class StoredRecord:
    pk: int
    uid: str
    status: str
    values: dict[str, Any]

    def render(self, record_type: str, *, public: bool = False) -> dict[str, Any]:
        return render_record(record_type, self.uid, self.status, self.values, public=public)


def _m2m_columns(model: type[Record], attr: str) -> tuple[Any, str, str]:
    """The through model of a many-to-many field and its two column names."""
    m2m = model._meta.get_field(attr)
    assert isinstance(m2m, models.ManyToManyField)
    return m2m.remote_field.through, m2m.m2m_field_name(), m2m.m2m_reverse_field_name()


def _m2m_rows(
    model: type[Record], attr: str, target: str, pks: Sequence[int]
) -> dict[int, list[str]]:
    through, source, reverse = _m2m_columns(model, attr)
    value = f"{reverse}__uid" if target not in ("code", "country") else f"{reverse}_id"
    rows: dict[int, list[str]] = defaultdict(list)
    queryset = through._default_manager.filter(**{f"{source}_id__in": pks})
    for owner, item in queryset.values_list(f"{source}_id", value):
        rows[owner].append(item)
    return rows


def read_records(record_type: str, pks: Sequence[int]) -> list[StoredRecord]:
    """The records with these primary keys, as exchange values (a few queries in all)."""
    if not pks:
        return []
    type_mapping = mapping(record_type)
    model = type_mapping.model
    columns = ["pk", "uid", "status"]
    for part in type_mapping.scalar_parts:
        if part.target in ("value", "name"):
            columns.append(part.attr)
        elif part.target in ("code", "country"):
            columns.append(f"{part.attr}_id")
        else:
            columns.append(f"{part.attr}__uid")
    rows = list(model._default_manager.filter(pk__in=pks).order_by("pk").values(*columns))
    many = {
        (part.exchange, part.attr): _m2m_rows(model, part.attr, part.target, pks)
        for part in type_mapping.many_parts
    }
    result = []
    for row in rows:
        values: dict[str, Any] = {}
        for part in type_mapping.scalar_parts:
            key = part.attr if part.target in ("value", "name") else None
            if key is None:
                key = (
                    f"{part.attr}_id" if part.target in ("code", "country") else f"{part.attr}__uid"
                )
            value = row[key]
            if value is None or value in ("", [], {}):
                continue
            values[part.exchange] = value
        for (exchange, _attr), owned in many.items():
            items = owned.get(row["pk"], [])
            if items:
                values.setdefault(exchange, []).extend(items)
        for spec in RECORD_FIELDS[record_type]:
            if spec.kind in (Kind.CODES, Kind.REFS, Kind.REFS_OR_COUNTRIES) and spec.name in values:
                values[spec.name] = sorted(set(values[spec.name]))
        result.append(
            StoredRecord(
                row["pk"], row["uid"], row["status"], canonical_values(record_type, values)
            )
        )
    return result


def iter_records(
    record_type: str, queryset: models.QuerySet[Any] | None = None, *, batch_size: int = 1000
) -> Iterator[StoredRecord]:
    """Every record of a queryset (all of the type by default), streamed in batches by pk."""
    model = mapping(record_type).model
    queryset = model._default_manager.all() if queryset is None else queryset
    last = 0
    while True:
        pks = list(
            queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not pks:
            return
        yield from read_records(record_type, pks)
        last = pks[-1]


def record_to_exchange(record: Record, *, public: bool = False) -> dict[str, Any]:
    """One record as the exchange format's JSON object."""
    (stored,) = read_records(record.record_type, [record.pk])
    return stored.render(record.record_type, public=public)


# ---------------------------------------------------------------------------------------------
# Writing


@dataclass
class WriteResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _desired(parsed: ParsedRecord, current: StoredRecord | None) -> dict[str, Any]:
    """The values the record will have: the given ones, defaults for absent booleans."""
    values = canonical_values(parsed.type, parsed.values)
    for name, get_default in mapping(parsed.type).bool_defaults:
        if name not in values:
            default = get_default()
            if default is not None:
                values[name] = default
    if current is not None:
        for name in ("created", "updated"):
            if name not in values and name in current.values:
                values[name] = current.values[name]
    return values


#: Values in one ``IN (...)`` of ``rows_where_in`` (far below every backend's limit).
IN_CHUNK = 500


def rows_where_in(
    model: type[models.Model],
    columns: Sequence[str],
    key: str,
    values: Iterable[str],
    *,
    equal: dict[str, str] | None = None,
) -> list[tuple[Any, ...]]:
    """The rows whose ``key`` is among ``values`` (and ``equal``'s fields are equal): the
    ``columns`` asked (field names, ``pk``), as the database gives them.

    Plain SQL for the look-ups of a batch by id: the ORM prepares each value of a long
    ``IN`` list one by one, which costs more than the query. Only for text and integer
    columns (what comes back is not converted).
    """
    wanted = list(dict.fromkeys(values))
    if not wanted:
        return []
    meta = model._meta
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        target = meta.pk if name == "pk" else meta.get_field(name)
        assert isinstance(target, models.Field)
        return quote(str(target.column))

    selected = ", ".join(column(name) for name in columns)
    conditions = "".join(f" AND {column(name)} = %s" for name in equal or {})
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {selected} FROM {quote(meta.db_table)} "  # noqa: S608 (model names)
                f"WHERE {column(key)} IN ({marks}){conditions}",
                [*chunk, *(equal or {}).values()],
            )
            rows.extend(cursor.fetchall())
    return rows


def resolve_ids(uids: Iterable[str], types: Iterable[str]) -> dict[str, tuple[str, int]]:
    """``uid → (record type, pk)`` for the uids found among these types."""
    wanted = set(uids)
    found: dict[str, tuple[str, int]] = {}
    if not wanted:
        return found
    for record_type in types:
        model = record_model(record_type)
        for uid, pk in rows_where_in(model, ["uid", "pk"], "uid", wanted):
            found[uid] = (record_type, pk)
    return found


def _scalar_assignments(
    type_mapping: TypeMapping, values: dict[str, Any], refs: dict[str, tuple[str, int]]
) -> dict[str, Any]:
    assignments: dict[str, Any] = {}
    get = values.get
    for exchange, attr, target, make_default, default in type_mapping.scalar_plan:
        value = get(exchange)
        if target == "value":
            if value is None:
                if exchange in ("created", "updated"):
                    value = timezone.now()
                elif make_default is not None:
                    made = make_default()
                    value = made() if callable(made) else made
                else:
                    value = default
            assignments[attr] = value
        elif target == "code":
            assignments[f"{attr}_id"] = value
        elif target == "name":
            is_name = value is not None and not looks_like_id(value)
            assignments[attr] = value if is_name else ""
        else:
            ref = refs.get(value) if isinstance(value, str) else None
            is_target = ref is not None and ref[0] == target
            assignments[f"{attr}_id"] = ref[1] if is_target and ref else None
    return assignments


def _many_rows(
    type_mapping: TypeMapping, values: dict[str, Any], refs: dict[str, tuple[str, int]]
) -> dict[str, list[Any]]:
    rows: dict[str, list[Any]] = {}
    for part in type_mapping.many_parts:
        items = values.get(part.exchange) or []
        if part.target == "code":
            rows[part.attr] = list(items)
        elif part.target == "country":
            rows[part.attr] = [item for item in items if not looks_like_id(item)]
        else:
            rows[part.attr] = [
                refs[item][1] for item in items if item in refs and refs[item][0] == part.target
            ]
    return rows


NO_DEFAULT = object()


@cache
def _insert_plan(model: type[models.Model]) -> tuple[str, list[Any], list[Any]]:
    """The INSERT statement of a model's table, its fields and their defaults."""
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    # A callable default (a timestamp, a token) is called for each row; others once.
    defaults = [
        NO_DEFAULT if f.has_default() and callable(f.default) else f.get_default() for f in fields
    ]
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = quote(model._meta.db_table)
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})", fields, defaults  # noqa: S608


#: Field classes whose value for the database is the value itself when it is a str (text),
#: an int (numbers, foreign keys) or a bool, on every backend Ayni runs on.
_PLAIN_FIELDS: dict[type[models.Field[Any, Any]], tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.SlugField: (str,),
    models.URLField: (str,),
    models.EmailField: (str,),
    models.BigIntegerField: (int,),
    models.IntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.PositiveBigIntegerField: (int,),
    models.BooleanField: (bool,),
}


def _preparer(field: Any, db: Any) -> Any:
    """A function giving a value as the database takes it, as ``field.get_db_prep_save``.

    The common cases (text, numbers, foreign keys, aware datetimes, JSON) skip Django's
    layers of preparation, which cost more than the insert itself on the import's hot path;
    anything else goes through the field's own ``get_db_prep_save``.
    """
    general = field.get_db_prep_save
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    plain = _PLAIN_FIELDS.get(type(target))
    if plain is not None:
        kinds = (*plain, type(None))

        def prepare_plain(value: Any) -> Any:
            return value if type(value) in kinds else general(value, db)

        return prepare_plain
    if type(field) is models.DateTimeField:
        adapt = db.ops.adapt_datetimefield_value
        # The rows of a batch mostly share their timestamps (the time of the write).
        last: list[Any] = [None, None]

        def prepare_datetime(value: Any) -> Any:
            if value is None:
                return None
            if type(value) is dt.datetime and value.tzinfo is not None:
                if value is not last[0]:
                    last[0], last[1] = value, adapt(value)
                return last[1]
            return general(value, db)

        return prepare_datetime
    if type(field) is models.JSONField:
        adapt_json = db.ops.adapt_json_value
        encoder = field.encoder

        def prepare_json(value: Any) -> Any:
            if type(value) in (dict, list, str, int, float, bool):
                return adapt_json(value, encoder)
            return general(value, db)

        return prepare_json
    return lambda value: general(value, db)


def _plain_kinds(field: Any) -> frozenset[type]:
    """The value types a field's column takes as they are (``prepare_plain``'s identity)."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    plain = _PLAIN_FIELDS.get(type(target))
    return frozenset((*plain, type(None))) if plain is not None else frozenset()


_ABSENT = object()


def _insert_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert rows given as ``{attname: value}`` (defaults fill the rest) with executemany.

    The import's hot path: no model instances and no per-row SQL compilation. Values are
    prepared as each field's own ``get_db_prep_save`` would (``_preparer``), as
    ``bulk_create`` does, column by column: a column no row gives is its default prepared
    once (unless the default is made per row); a text or number column whose values are all
    plain is taken as it is.
    """
    if not rows:
        return
    sql, fields, defaults = _insert_plan(model)
    db = connections[DEFAULT_DB_ALIAS]
    count = len(rows)
    columns: list[list[Any]] = []
    for model_field, default in zip(fields, defaults, strict=True):
        attname = model_field.attname
        prepare = _preparer(model_field, db)
        given = [row.get(attname, _ABSENT) for row in rows]
        if default is NO_DEFAULT:
            make = model_field.get_default
            values = [make() if value is _ABSENT else value for value in given]
        elif _ABSENT in given:
            if given.count(_ABSENT) == count:
                columns.append([prepare(default)] * count)
                continue
            values = [default if value is _ABSENT else value for value in given]
        else:
            values = given
        if set(map(type, values)) <= _plain_kinds(model_field):
            columns.append(values)
        else:
            columns.append([prepare(value) for value in values])
    params = list(zip(*columns, strict=True))
    with db.cursor() as cursor:
        for start in range(0, len(params), 2000):
            cursor.executemany(sql, params[start : start + 2000])


def _insert_pairs(through: Any, source: str, reverse: str, rows: list[tuple[Any, Any]]) -> None:
    """Insert many-to-many rows as plain tuples (no model instances: the import's hot path)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    meta = through._meta
    table = quote(meta.db_table)
    left = quote(meta.get_field(source).column)
    right = quote(meta.get_field(reverse).column)
    sql = f"INSERT INTO {table} ({left}, {right}) VALUES (%s, %s)"  # noqa: S608 (model names)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


#: Up to this many records a write indexes them for search at once; more (an import, a
#: harvest) are indexed by a background task after the commit, so bulk writes stay fast.
SEARCH_INLINE_LIMIT = 100


def _index_for_search(record_type: str, rows: list[tuple[int, str, str, dict[str, Any]]]) -> None:
    # Imported here: the search app reads records through this module.
    from ayni.search.services import search_index_values
    from ayni.search.tasks import search_index_task

    if len(rows) <= SEARCH_INLINE_LIMIT:
        search_index_values(record_type=record_type, records=rows)
        return
    uids = [uid for _pk, uid, _status, _values in rows]
    transaction.on_commit(lambda: search_index_task.enqueue(record_type, uids))


def write_records(
    record_type: str,
    records: Sequence[ParsedRecord],
    *,
    actor: Any = None,
    action: str = RevisionAction.IMPORT,
    note: str = "",
) -> WriteResult:
    """Create or update records of one type by id; unchanged records are left untouched.

    Every reference must resolve (the caller checks); each change gets a revision with the
    full record. Runs in one transaction.
    """
    type_mapping = mapping(record_type)
    model = type_mapping.model
    result = WriteResult()
    if not records:
        return result
    ref_uids = {uid for parsed in records for _, uid, _types in parsed.references()}
    ref_types = {t for parsed in records for _, _uid, types in parsed.references() for t in types}
    refs = resolve_ids(ref_uids, ref_types)
    existing: dict[str, int] = dict(
        rows_where_in(model, ["uid", "pk"], "uid", [p.id for p in records])
    )
    current = {s.uid: s for s in read_records(record_type, list(existing.values()))}

    now = timezone.now()
    to_create: list[tuple[ParsedRecord, dict[str, Any]]] = []
    to_update: list[tuple[ParsedRecord, dict[str, Any]]] = []
    for parsed in records:
        stored = current.get(parsed.id)
        desired = _desired(parsed, stored)
        if stored is not None:
            if stored.status == parsed.status and render_record(
                record_type, parsed.id, parsed.status, desired
            ) == stored.render(record_type):
                result.unchanged.append(parsed.id)
                continue
            if "updated" not in parsed.values:
                desired["updated"] = now
            to_update.append((parsed, desired))
        else:
            desired.setdefault("created", now)
            desired.setdefault("updated", now)
            to_create.append((parsed, desired))

    with transaction.atomic():
        _insert_rows(
            model,
            [
                {
                    "uid": parsed.id,
                    "status": parsed.status,
                    "datestamp": now,
                    **_scalar_assignments(type_mapping, desired, refs),
                }
                for parsed, desired in to_create
            ],
        )
        pks: dict[str, int] = dict(
            rows_where_in(model, ["uid", "pk"], "uid", [p.id for p, _ in to_create])
        )
        changed_pks: list[int] = []
        if to_update:
            updates = []
            for parsed, desired in to_update:
                assignments = _scalar_assignments(type_mapping, desired, refs)
                instance = model(uid=parsed.id, status=parsed.status, datestamp=now)
                instance.pk = existing[parsed.id]
                for name, value in assignments.items():
                    setattr(instance, name, value)
                updates.append(instance)
                changed_pks.append(existing[parsed.id])
                pks[parsed.id] = existing[parsed.id]
            update_fields = ["status", "datestamp", *_scalar_assignments(type_mapping, {}, {})]
            model._default_manager.bulk_update(updates, update_fields, batch_size=500)
        written = [parsed for parsed, _desired in [*to_create, *to_update]]
        many_rows = [
            _many_rows(type_mapping, desired, refs) for _parsed, desired in [*to_create, *to_update]
        ]
        for part in type_mapping.many_parts:
            through, source, reverse = _m2m_columns(model, part.attr)
            if changed_pks:
                through._default_manager.filter(**{f"{source}_id__in": changed_pks}).delete()
            rows = [
                (pks[parsed.id], item)
                for parsed, many in zip(written, many_rows, strict=True)
                for item in many[part.attr]
            ]
            _insert_pairs(through, source, reverse, rows)

        # The history: each record as written (the desired values are what was stored).
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        _insert_rows(
            Revision,
            [
                {
                    "record_type": record_type,
                    "record_uid": parsed.id,
                    "action": action,
                    "data": render_record(record_type, parsed.id, parsed.status, desired),
                    "actor_id": actor_id,
                    "note": note,
                    "created": now,
                }
                for parsed, desired in [*to_create, *to_update]
            ],
        )
        _index_for_search(
            record_type,
            [(pks[p.id], p.id, p.status, desired) for p, desired in [*to_create, *to_update]],
        )
        from ayni.matching.services import crosstab_counts_refresh_later  # the app reads records

        crosstab_counts_refresh_later(
            record_type=record_type, pks=[pks[p.id] for p, _ in [*to_create, *to_update]]
        )
    result.created = [p.id for p, _ in to_create]
    result.updated = [p.id for p, _ in to_update]
    return result
