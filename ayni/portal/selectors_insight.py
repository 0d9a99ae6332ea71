"""Reads for the insight pages: a need's matches, the needs a provider could meet, the needs ×
expertise heat map and its drill-down, benchmarks of excellence, countries and regions.

The matching, cross-tabulation and excellence rules live in ``ayni.matching``; these
selectors call them, apply the reader's visibility (``ayni.portal.selectors``) and shape what
the templates show: names in the reader's language, links, heat levels. Page notes are in
docs/portal-insight.md.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ayni.api.selectors import COUNTRY_LOOKUPS, RecordFilters, api_record_queryset
from ayni.casestudies.models import CaseStudy
from ayni.core.models import Record, pick_language
from ayni.core.registry import record_model
from ayni.matching import crosstab as crosstab_db
from ayni.matching.engine.crosstab import Cell, CrossTab, build_crosstab
from ayni.matching.engine.inputs import PROVIDER_KINDS
from ayni.matching.excellence import Benchmark, excellence_rankings
from ayni.matching.selectors import (
    CountryMatch,
    NeedFound,
    ProviderMatch,
    TriangularMatch,
    need_country_matches,
    need_match_lists,
    need_triangular_suggestions,
    provider_needs,
)
from ayni.needs.models import Need, Offer
from ayni.portal.selectors import PORTAL_TYPES, Text, portal_record_get, record_url
from ayni.roster.models import Expert, Organization
from ayni.vocabularies.models import Country, Grouping, Region, Subject, Target

#: How many records of each type a country page links to.
COUNTRY_RECORDS_SHOWN = 10
#: How many entries of a subject's ranking the benchmarks page shows.
BENCHMARK_LIMIT = 20
#: Heat levels of a cell (0 = nothing counted; 1–4 = more and more).
HEAT_LEVELS = 4


def sort_key(name: str) -> str:
    """A name as it sorts in an index: accents and case folded (Réunion between Qatar and
    Rwanda)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _language(language: str | None) -> str:
    return (language or "en").split("-")[0].lower()


def _name(names: Any, language: str) -> str:
    return pick_language(dict(names or {}), language)[1]


def type_name(record_type: str, plural: bool = False) -> str:
    meta = record_model(record_type)._meta
    return capfirst(str(meta.verbose_name_plural if plural else meta.verbose_name))


def country_names(codes: Iterable[str], language: str) -> dict[str, str]:
    """Code → name in the language, for the countries asked (one query)."""
    wanted = {code for code in codes if code}
    found = Country.objects.filter(code__in=wanted).values_list("code", "names")
    names = {code: _name(text, language) or code for code, text in found}
    return {code: names.get(code, code) for code in wanted}


def subject_names(language: str) -> dict[str, str]:
    """Slug → name in the language, every subject, in the vocabulary's order."""
    found = Subject.objects.order_by("position").values_list("slug", "names")
    return {slug: _name(text, language) or slug for slug, text in found}


def _text(value: dict[str, str] | None, language: str) -> Text | None:
    lang, text = pick_language(value or {}, language)
    if not text:
        return None
    note = ""
    if lang != language:
        note = str(_("Shown in the record's own language (%(lang)s).") % {"lang": lang})
    return Text(text=text, lang=lang, note=note)


# --- a need's matches ---------------------------------------------------------------------------


@dataclass
class MatchRow:
    """A provider as the matches page shows it: its match, page, kind and country names."""

    match: ProviderMatch
    url: str
    type_name: str
    country_name: str

    @property
    def percent(self) -> int:
        """The score as a whole percentage."""
        return round(self.match.score * 100)


@dataclass
class CountryRow:
    """A country that could meet the need, with the address of its page."""

    match: CountryMatch
    url: str

    @property
    def percent(self) -> int:
        return round(self.match.score * 100)


@dataclass
class TriangularRow:
    """A Southern provider and a funder, as one suggestion."""

    provider: MatchRow
    funder: MatchRow
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@dataclass
class Strength:
    """A subject where a country excels, from the benchmarks."""

    subject: str
    name: str
    score: float
    rank: int


@dataclass
class Reciprocity:
    """What the need's country could offer a provider's country in return, in words."""

    country_name: str
    country_url: str
    text: str


RECIPROCITY_CODES = frozenset({"reciprocity", "reciprocity_wanted"})


def _reciprocity(rows: list[MatchRow]) -> list[Reciprocity]:
    """One line per provider country, from the best match's reciprocity reason."""
    found: dict[str, Reciprocity] = {}
    for row in rows:
        country = row.match.country
        if not country or country in found:
            continue
        for structured, text in zip(row.match.structured_reasons, row.match.reasons, strict=False):
            if structured["code"] in RECIPROCITY_CODES:
                found[country] = Reciprocity(row.country_name, country_url(country), text)
                break
    return list(found.values())


@dataclass
class NeedMatchesPage:
    """Everything the matches page of a need shows."""

    need: Need
    heading: Text
    country_code: str
    country_name: str
    kind: str
    kinds: list[tuple[str, str]]
    matches: list[MatchRow]
    triangular_partners: list[MatchRow]
    funders: list[MatchRow]
    countries: list[CountryRow]
    triangular: list[TriangularRow]
    strengths: list[Strength]
    offers_in_return: Text | None
    reciprocity: list[Reciprocity]


def provider_kinds() -> list[tuple[str, str]]:
    """The kinds of provider a reader may narrow the list to: (code, plural name)."""
    return [(kind, type_name(kind, plural=True)) for kind in PROVIDER_KINDS]


def _match_rows(matches: Iterable[ProviderMatch], names: dict[str, str]) -> list[MatchRow]:
    return [
        MatchRow(
            match=match,
            url=record_url(match.type, match.id),
            type_name=type_name(match.type),
            country_name=names.get(match.country, match.country),
        )
        for match in matches
    ]


def country_strength_list(*, country: str, language: str) -> list[Strength]:
    """The subjects where a country excels (see docs/benchmarks-method.md), strongest first."""
    names = subject_names(language)
    found = [
        Strength(
            subject=b.subject, name=names.get(b.subject, b.subject), score=b.score, rank=b.rank
        )
        for ranking in excellence_rankings(by="country", language=language).values()
        for b in ranking
        if b.key == country and b.excels
    ]
    return sorted(found, key=lambda s: (-s.score, s.rank, s.subject))


def need_matches_page(
    *, need: Need, actor: Any, kind: str = "", language: str | None = None, limit: int = 20
) -> NeedMatchesPage:
    """The matches page of a need the actor may read (``kind`` narrows the providers; an
    unknown kind raises ``UnknownKind``)."""
    language = _language(language)
    lists = need_match_lists(
        need=need, actor=actor, limit=limit, kind=kind or None, language=language
    )
    countries = need_country_matches(need=need, actor=actor, limit=10, language=language)
    triangular: list[TriangularMatch] = need_triangular_suggestions(
        need=need, actor=actor, limit=3, language=language
    )
    codes = {need.country_id}
    for match in (*lists.matches, *lists.triangular_partners, *lists.funders):
        codes.add(match.country)
    for suggestion in triangular:
        codes.update((suggestion.provider.country, suggestion.funder.country))
    names = country_names(codes, language)
    heading = _text(need.title, language) or Text(text=need.uid, lang="")
    matches = _match_rows(lists.matches, names)
    return NeedMatchesPage(
        need=need,
        heading=heading,
        country_code=need.country_id,
        country_name=names.get(need.country_id, need.country_id),
        kind=kind,
        kinds=provider_kinds(),
        matches=matches,
        triangular_partners=_match_rows(lists.triangular_partners, names),
        funders=_match_rows(lists.funders, names),
        countries=[CountryRow(match=c, url=country_url(c.country)) for c in countries],
        triangular=[
            TriangularRow(
                provider=_match_rows([s.provider], names)[0],
                funder=_match_rows([s.funder], names)[0],
                score=s.score,
            )
            for s in triangular
        ],
        strengths=country_strength_list(country=need.country_id, language=language),
        offers_in_return=_text(need.offers_in_return, language),
        reciprocity=_reciprocity(matches),
    )


# --- the needs a provider could meet ------------------------------------------------------------


@dataclass
class NeedRow:
    """A need a provider could meet, with its page and its country's."""

    found: NeedFound
    url: str
    country_name: str
    country_url: str

    @property
    def percent(self) -> int:
        return round(self.found.score * 100)


def provider_needs_page(
    *, provider: Record, actor: Any, language: str | None = None, limit: int = 20
) -> list[NeedRow]:
    """The open needs an offer or expert could meet, best first (``PermissionDenied`` when the
    actor may not read the provider)."""
    language = _language(language)
    found = provider_needs(provider=provider, actor=actor, limit=limit, language=language)
    names = country_names((item.country for item in found), language)
    return [
        NeedRow(
            found=item,
            url=record_url("need", item.id),
            country_name=names.get(item.country, item.country),
            country_url=country_url(item.country) if item.country else "",
        )
        for item in found
    ]


# --- the cross-tabulation as a heat map ---------------------------------------------------------


def country_url(code: str) -> str:
    return reverse("portal:country_detail", kwargs={"code": code})


def region_url(code: str) -> str:
    return reverse("portal:region_detail", kwargs={"code": code})


@dataclass
class HeatCell:
    """One cell of the heat map: its counts, its heat level, and whether it is unmet."""

    column: str
    cell: Cell
    unmet: bool
    level: int


@dataclass
class HeatRow:
    """One row of the heat map."""

    code: str
    name: str
    cells: list[HeatCell]
    needs: int
    expertise: int


@dataclass
class HeatMap:
    """The cross-tabulation shaped for a page: rows with cells, columns with names."""

    table: CrossTab
    columns: list[tuple[str, str]]
    rows: list[HeatRow]
    hidden_rows: int
    unmet_count: int


def _level(value: int, top: int) -> int:
    """1–HEAT_LEVELS by the value's share of the table's largest (0 for nothing)."""
    if value <= 0 or top <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, -(-value * HEAT_LEVELS // top)))


def crosstab_heat_map(
    *, rows: str, columns: str, language: str | None = None, all_rows: bool = False
) -> HeatMap:
    """The cross-tabulation (``crosstab_table``) as a heat map; rows with nothing counted are
    left out unless ``all_rows``. Unknown axes raise ``CrossTabError``."""
    table = crosstab_db.crosstab_table(rows=rows, columns=columns, language=_language(language))
    cells = [table.cell(r, c) for r in table.rows for c in table.columns]
    top = max((max(cell.needs, cell.expertise) for cell in cells), default=0)
    heat_rows = []
    hidden = 0
    for row in table.rows:
        row_cells = []
        needs = expertise = 0
        for column in table.columns:
            cell = table.cell(row, column)
            needs += cell.needs
            expertise += cell.expertise
            row_cells.append(
                HeatCell(
                    column=column,
                    cell=cell,
                    unmet=table.is_unmet(row, column),
                    level=_level(max(cell.needs, cell.expertise), top),
                )
            )
        if not all_rows and not (needs or expertise):
            hidden += 1
            continue
        heat_rows.append(
            HeatRow(
                code=row,
                name=table.row_labels.get(row, row),
                cells=row_cells,
                needs=needs,
                expertise=expertise,
            )
        )
    return HeatMap(
        table=table,
        columns=[(c, table.column_labels.get(c, c)) for c in table.columns],
        rows=heat_rows,
        hidden_rows=hidden,
        unmet_count=len(table.unmet()),
    )


@dataclass
class CellLink:
    """A record of a cell, linked to its page."""

    name: str
    url: str
    extra: str = ""
    uid: str = ""
    lang: str = ""


@dataclass
class CellPage:
    """The drill-down of one cell: its names, its counts, and its needs and providers."""

    row_name: str
    column_name: str
    needs: list[CellLink]
    providers: list[tuple[str, list[CellLink]]]
    unlisted_experts: int
    row_url: str
    limit: int
    counts: dict[str, int] = field(default_factory=dict)


def _axis_name(kind: str, code: str, language: str) -> str:
    model: Any = {
        "country": Country,
        "region": Region,
        "subregion": Region,
        "grouping": Grouping,
        "subject": Subject,
        "target": Target,
    }[kind]
    found = model._default_manager.filter(pk=code).values_list("names", flat=True).first()
    return _name(found, language) or code


def crosstab_cell_page(
    *,
    rows: str,
    row: str,
    columns: str,
    column: str,
    language: str | None = None,
    limit: int = 50,
    today: dt.date | None = None,
) -> CellPage:
    """The needs and providers of one cell (``crosstab_cell``), named in the reader's language,
    at most ``limit`` of each kind. An unknown axis, row or column raises ``CrossTabError``."""
    language = _language(language)
    found = crosstab_db.crosstab_cell(
        rows=rows, row=row, columns=columns, column=column, today=today
    )
    country_name = country_names(Country.objects.values_list("code", flat=True), language)

    def links(queryset: Any, record_type: str) -> list[CellLink]:
        out = []
        for record in queryset[:limit]:
            code = getattr(record, "country_id", "") or ""
            out.append(
                record_link(
                    record, record_type, language, country_name.get(code, "") if code else ""
                )
            )
        return out

    providers = [
        (type_name("expert", plural=True), links(found.experts, "expert")),
        (type_name("organization", plural=True), links(found.organizations, "organization")),
        (type_name("offer", plural=True), links(found.offers, "offer")),
        (type_name("case-study", plural=True), links(found.case_studies, "case-study")),
    ]
    counts = {
        "needs": found.needs.count(),
        "experts": found.experts.count() + found.unlisted_experts,
        "organizations": found.organizations.count(),
        "offers": found.offers.count(),
        "case_studies": found.case_studies.count(),
    }
    row_url = ""
    if rows == "country":
        row_url = country_url(row)
    elif rows in ("region", "subregion"):
        row_url = region_url(row)
    return CellPage(
        row_name=_axis_name(rows, row, language),
        column_name=_axis_name(columns, column, language),
        needs=links(found.needs, "need"),
        providers=providers,
        unlisted_experts=found.unlisted_experts,
        row_url=row_url,
        limit=limit,
        counts=counts,
    )


def record_text(record: Record, language: str) -> tuple[str, str]:
    """A record's title or name in the reader's language when it has it: (language, text);
    the language is empty for names that are not language maps."""
    for attribute in ("title", "name"):
        value = getattr(record, attribute, None)
        if isinstance(value, dict) and value:
            return pick_language(value, language)
        if isinstance(value, str) and value:
            return "", value
    return "", record.uid


def record_name(record: Record, language: str) -> str:
    """A record's title or name in the reader's language, else in its own."""
    return record_text(record, language)[1]


def record_link(record: Record, record_type: str, language: str, extra: str = "") -> CellLink:
    """A link to a record's page, named in the reader's language (``lang`` says which)."""
    lang, text = record_text(record, language)
    return CellLink(
        name=text,
        url=record_url(record_type, record.uid),
        extra=extra,
        uid=record.uid,
        lang=lang if lang and lang != language else "",
    )


# --- counts by subject for some countries (a country's or a region's cross-tab row) -------------


def subject_row(*, countries: list[str], today: dt.date | None = None) -> dict[str, Cell]:
    """Subject → the cross-tabulation's counts for these countries together (as
    ``crosstab_table`` counts a row: open needs, available experts, organizations that are not
    funders, offers not expired, case studies once each). Subjects with nothing are left out."""
    today = today or timezone.localdate()
    counts: list[tuple[str, str, str, int]] = []

    def tally(kind: str, queryset: Any, model: Any) -> None:
        through: Any = model.subjects.through
        name = model._meta.model_name
        rows = (
            through.objects.filter(**{f"{name}__in": queryset.values("pk")})
            .values("subject")
            .annotate(n=Count(name, distinct=True))
            .values_list("subject", "n")
            .order_by()
        )
        counts.extend((kind, "row", subject, n) for subject, n in rows)

    tally("needs", crosstab_db.open_needs().filter(country__in=countries), Need)
    tally("experts", crosstab_db.available_experts(today).filter(country__in=countries), Expert)
    tally(
        "organizations",
        crosstab_db.available_organizations().filter(country__in=countries),
        Organization,
    )
    tally(
        "offers",
        crosstab_db.available_offers(today)
        .annotate(place=crosstab_db.OFFER_COUNTRY)
        .filter(place__in=countries),
        Offer,
    )
    tally(
        "case_studies",
        crosstab_db.published_case_studies().filter(provider_countries__in=countries),
        CaseStudy,
    )
    subjects = list(Subject.objects.order_by("position").values_list("slug", flat=True))
    table = build_crosstab(
        counts, row_kind="countries", column_kind="subject", rows=["row"], columns=subjects
    )
    return {
        subject: table.cell("row", subject)
        for subject in subjects
        if ("row", subject) in table.cells
    }


@dataclass
class SubjectLine:
    """One subject of a country's or region's cross-tab row."""

    subject: str
    name: str
    cell: Cell
    unmet: bool
    cell_url: str


def _subject_lines(
    cells: dict[str, Cell], names: dict[str, str], rows: str, row: str
) -> list[SubjectLine]:
    base = reverse("portal:crosstab_cell")
    lines = []
    for subject, name in names.items():
        cell = cells.get(subject)
        if cell is None:
            continue
        query = urlencode({"rows": rows, "row": row, "columns": "subject", "column": subject})
        lines.append(
            SubjectLine(
                subject=subject,
                name=name,
                cell=cell,
                unmet=cell.needs > 0 and cell.expertise == 0,
                cell_url=f"{base}?{query}",
            )
        )
    return sorted(lines, key=lambda line: (not line.unmet, -line.cell.needs, -line.cell.expertise))


# --- countries ----------------------------------------------------------------------------------


@dataclass
class FocalPoint:
    """A focal point as pages show it: name and role, never an address."""

    name: str
    role: str


@dataclass
class ProfileView:
    """The country profile's fields a page shows (public ones only)."""

    uid: str
    url: str
    ssc_policy: bool | None
    ssc_policy_in_development_plan: bool | None
    ssc_policy_url: str
    focal_points: list[FocalPoint]
    budget_earmarked: bool | None
    partner_organizations: list[CellLink]
    partner_countries: list[CellLink]
    nbsap_url: str
    summary: Text | None


@dataclass
class RecordGroup:
    """A country's records of one type: how many the reader may see, and the latest."""

    record_type: str
    name: str
    count: int
    records: list[CellLink]


@dataclass
class CountryPage:
    """Everything a country page shows."""

    country: Country
    name: str
    region: tuple[str, str, str] | None
    areas: list[tuple[str, str, str]]
    groupings: list[str]
    profile: ProfileView | None
    strengths: list[Strength]
    needs: list[CellLink]
    subject_lines: list[SubjectLine]
    records: list[RecordGroup]


def _profile_view(country: Country, actor: Any, language: str) -> ProfileView | None:
    from ayni.countries.models import CountryProfile

    found = CountryProfile.objects.filter(country=country).values_list("uid", flat=True).first()
    if found is None:
        return None
    profile: Any = portal_record_get(record_type="country-profile", uid=found, actor=actor)
    if profile is None:
        return None
    points = []
    for item in profile.focal_points or []:
        if isinstance(item, dict) and item.get("name"):
            points.append(FocalPoint(name=str(item["name"]), role=str(item.get("role") or "")))
    organizations = []
    for organization in profile.triangular_partner_organizations.all():
        if portal_record_get(record_type="organization", uid=organization.uid, actor=actor):
            organizations.append(record_link(organization, "organization", language))
    codes = list(profile.triangular_partner_countries.values_list("code", flat=True))
    names = country_names(codes, language)
    return ProfileView(
        uid=profile.uid,
        url=record_url("country-profile", profile.uid),
        ssc_policy=profile.ssc_policy,
        ssc_policy_in_development_plan=profile.ssc_policy_in_development_plan,
        ssc_policy_url=profile.ssc_policy_url,
        focal_points=points,
        budget_earmarked=profile.budget_earmarked,
        partner_organizations=organizations,
        partner_countries=[
            CellLink(name=names[code], url=country_url(code)) for code in sorted(codes)
        ],
        nbsap_url=profile.nbsap_url,
        summary=_text(profile.summary, language),
    )


def _records_of(countries: list[str], actor: Any, language: str) -> list[RecordGroup]:
    groups = []
    for record_type in PORTAL_TYPES:
        if record_type == "country-profile" or not COUNTRY_LOOKUPS.get(record_type):
            continue
        queryset = api_record_queryset(
            record_type=record_type, actor=actor, filters=RecordFilters(country=countries)
        ).order_by("-updated", "-pk")
        count = queryset.count()
        if not count:
            continue
        groups.append(
            RecordGroup(
                record_type=record_type,
                name=type_name(record_type, plural=True),
                count=count,
                records=[
                    record_link(r, record_type, language) for r in queryset[:COUNTRY_RECORDS_SHOWN]
                ],
            )
        )
    return groups


def _open_needs(countries: list[str], language: str, limit: int = 50) -> list[CellLink]:
    names = country_names(countries, language) if len(countries) > 1 else {}
    queryset = crosstab_db.open_needs().filter(country__in=countries).order_by("-updated", "pk")
    return [
        record_link(need, "need", language, names.get(need.country_id, ""))
        for need in queryset[:limit]
    ]


def country_page(*, code: str, actor: Any, language: str | None = None) -> CountryPage | None:
    """The page of a country by its ISO code (upper or lower case); None when unknown."""
    language = _language(language)
    country = (
        Country.objects.filter(code=code.upper())
        .select_related("region", "subregion", "intermediate_region")
        .prefetch_related("groupings")
        .first()
    )
    if country is None:
        return None
    areas = [
        (area.code, _name(area.names, language) or area.code, region_url(area.code))
        for area in (country.region, country.subregion, country.intermediate_region)
        if area is not None
    ]
    names = subject_names(language)
    return CountryPage(
        country=country,
        name=_name(country.names, language) or country.code,
        region=areas[0] if areas else None,
        areas=areas,
        groupings=[_name(g.names, language) or g.code for g in country.groupings.all()],
        profile=_profile_view(country, actor, language),
        strengths=country_strength_list(country=country.code, language=language),
        needs=_open_needs([country.code], language),
        subject_lines=_subject_lines(
            subject_row(countries=[country.code]), names, "country", country.code
        ),
        records=_records_of([country.code], actor, language),
    )


@dataclass
class CountryEntry:
    """A country in the index: its name, page, and open needs."""

    code: str
    name: str
    url: str
    open_needs: int


def country_index(*, language: str | None = None) -> list[tuple[str, list[CountryEntry]]]:
    """Every country, grouped by M49 region (countries without a region last), by name."""
    language = _language(language)
    needs = dict(
        crosstab_db.open_needs()
        .values("country")
        .annotate(n=Count("pk"))
        .values_list("country", "n")
        .order_by()
    )
    regions: dict[str, tuple[str, list[CountryEntry]]] = {}
    for country in Country.objects.select_related("region"):
        key = country.region_id or ""
        name = _name(country.region.names, language) if country.region else str(_("Elsewhere"))
        entry = CountryEntry(
            code=country.code,
            name=_name(country.names, language) or country.code,
            url=country_url(country.code),
            open_needs=int(needs.get(country.code, 0)),
        )
        regions.setdefault(key, (name, []))[1].append(entry)
    out = []
    for key in sorted(regions, key=lambda k: (k == "", sort_key(regions[k][0]))):
        name, entries = regions[key]
        out.append((name, sorted(entries, key=lambda e: sort_key(e.name))))
    return out


# --- regions ------------------------------------------------------------------------------------


@dataclass
class SubjectStrength:
    """A subject and the countries of a region that excel in it."""

    subject: str
    name: str
    countries: list[CellLink]


@dataclass
class RegionPage:
    """Everything a region page shows."""

    region: Region
    name: str
    parent: tuple[str, str] | None
    children: list[tuple[str, str]]
    countries: list[CountryEntry]
    needs: list[CellLink]
    subject_lines: list[SubjectLine]
    strengths: list[SubjectStrength]


def region_page(*, code: str, language: str | None = None) -> RegionPage | None:
    """The page of an M49 area by its three-digit code; None when unknown."""
    language = _language(language)
    region = Region.objects.filter(code=code).select_related("parent").first()
    if region is None:
        return None
    members = list(
        Country.objects.filter(
            Q(region=code) | Q(subregion=code) | Q(intermediate_region=code)
        ).values_list("code", "names")
    )
    codes = [c for c, _n in members]
    needs = dict(
        crosstab_db.open_needs()
        .filter(country__in=codes)
        .values("country")
        .annotate(n=Count("pk"))
        .values_list("country", "n")
        .order_by()
    )
    countries = sorted(
        (
            CountryEntry(
                code=c,
                name=_name(n, language) or c,
                url=country_url(c),
                open_needs=int(needs.get(c, 0)),
            )
            for c, n in members
        ),
        key=lambda e: sort_key(e.name),
    )
    by_code = {entry.code: entry for entry in countries}
    names = subject_names(language)
    strengths = []
    rankings = excellence_rankings(by="country", language=language)
    for subject, name in names.items():
        excel = [b for b in rankings.get(subject, []) if b.key in by_code and b.excels]
        if excel:
            strengths.append(
                SubjectStrength(
                    subject=subject,
                    name=name,
                    countries=[
                        CellLink(
                            name=by_code[b.key].name,
                            url=by_code[b.key].url,
                            extra=_benchmark_score(b),
                        )
                        for b in excel
                    ],
                )
            )
    parent = None
    if region.parent is not None and region.parent.level != "world":
        parent = (
            _name(region.parent.names, language) or region.parent.code,
            region_url(region.parent.code),
        )
    children = [
        (_name(child.names, language) or child.code, region_url(child.code))
        for child in Region.objects.filter(parent=region).order_by("code")
    ]
    lines = _subject_lines(subject_row(countries=codes) if codes else {}, names, region.level, code)
    if region.level not in crosstab_db.ROW_KINDS:
        # The cross-tabulation has no rows of intermediate regions (or of the world).
        for line in lines:
            line.cell_url = ""
    return RegionPage(
        region=region,
        name=_name(region.names, language) or region.code,
        parent=parent,
        children=children,
        countries=countries,
        needs=_open_needs(codes, language) if codes else [],
        subject_lines=lines,
        strengths=strengths,
    )


def _benchmark_score(benchmark: Benchmark) -> str:
    return f"{benchmark.score:g}"


# --- benchmarks ---------------------------------------------------------------------------------


@dataclass
class BenchmarkRow:
    """An entry of a subject's ranking, linked to its page when it has one."""

    benchmark: Benchmark
    url: str


@dataclass
class BenchmarksPage:
    """The benchmarks page: the chosen subject's rankings, or every subject's leaders."""

    subject: str
    subject_name: str
    subjects: list[tuple[str, str]]
    countries: list[BenchmarkRow]
    organizations: list[BenchmarkRow]
    leaders: list[tuple[str, str, BenchmarkRow | None, BenchmarkRow | None]]


def _organization_url(benchmark: Benchmark) -> str:
    uid = benchmark.extra.get("uid", "")
    return record_url("organization", uid) if uid else ""


def benchmarks_page(*, subject: str = "", language: str | None = None) -> BenchmarksPage:
    """The rankings of one subject (countries and organizations), or, without a subject, each
    subject's leading country and organization. An unknown subject raises ``ValueError``."""
    language = _language(language)
    names = subject_names(language)
    if subject and subject not in names:
        raise ValueError(subject)
    countries = excellence_rankings(by="country", language=language)
    organizations = excellence_rankings(by="organization", language=language)

    def country_row(b: Benchmark) -> BenchmarkRow:
        return BenchmarkRow(benchmark=b, url=country_url(b.key))

    def organization_row(b: Benchmark) -> BenchmarkRow:
        return BenchmarkRow(benchmark=b, url=_organization_url(b))

    leaders = []
    if not subject:
        for slug, name in names.items():
            first_country = countries.get(slug, [])[:1]
            first_org = organizations.get(slug, [])[:1]
            if first_country or first_org:
                leaders.append(
                    (
                        slug,
                        name,
                        country_row(first_country[0]) if first_country else None,
                        organization_row(first_org[0]) if first_org else None,
                    )
                )
    return BenchmarksPage(
        subject=subject,
        subject_name=names.get(subject, ""),
        subjects=list(names.items()),
        countries=[country_row(b) for b in countries.get(subject, [])[:BENCHMARK_LIMIT]],
        organizations=[
            organization_row(b) for b in organizations.get(subject, [])[:BENCHMARK_LIMIT]
        ],
        leaders=leaders,
    )
