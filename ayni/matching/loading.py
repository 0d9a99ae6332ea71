"""From the database to the engine's plain inputs: needs, providers, geography and labels.

Every loader reads with ``values_list`` and a fixed number of queries, whatever the number of
records (one per table and one per list of codes): no model instances, no N+1. What the
engine does not need but the services do (primary key, datestamp, consent, display name) comes
alongside as a ``ProviderRef``.

Choices written down here (to be carried into docs/matching.md):

- Only published records are providers; evidence counts only published case studies and
  completed partnerships that are published.
- Experts without consent to be listed are loaded (they may be matched) with
  ``ProviderRef.public`` false; the selectors never show them to anyone who may not edit them.
- South is the "developing" grouping of the vocabularies; places are the countries' M49 areas.
- Organizations: name and description, GBF and Aichi targets, regions served; evidence: the
  published case studies naming them as partner, the completed partnerships they provided.
- Experts: biography (the name says nothing of the topic), regions of experience; evidence:
  the completed partnerships they provided and the case studies of their organization.
- Offers: the provider country is the offer's own, else its provider's; the organization type
  is the providing organization's (a funder's offer is a funding offer); evidence: the
  provider's, else the provider country's published case studies.
- Case studies: title, summary and description; the provider's country is the first
  provider country of the South (else the first one); evidence: the provider country's
  published case studies (this one included).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from django.db import models

from ayni.casestudies.models import CaseStudy
from ayni.core.choices import RecordStatus
from ayni.matching.engine import Geography, Labels, NeedInput, Place, ProviderInput
from ayni.matching.engine.inputs import PartnerScope
from ayni.needs.choices import NeedProgress, PartnershipProgress
from ayni.needs.models import Need, Offer, Partnership
from ayni.roster.models import Expert, Organization
from ayni.vocabularies.models import (
    AssistanceType,
    Country,
    Language,
    Region,
    Subject,
    Target,
)

PUBLISHED = RecordStatus.PUBLISHED
SOUTH_GROUPING = "developing"
PROVIDER_MODELS: dict[str, type[models.Model]] = {
    "expert": Expert,
    "organization": Organization,
    "offer": Offer,
    "case-study": CaseStudy,
}
#: Needs others may still meet.
OPEN_PROGRESS = (NeedProgress.OPEN, NeedProgress.MATCHED)


@dataclass(frozen=True)
class ProviderRef:
    """What the services need to know of a provider beyond the engine's input."""

    record_type: str
    pk: int
    uid: str
    datestamp: dt.datetime
    country: str
    name: Mapping[str, str]
    public: bool = True
    submitted_by_id: int | None = None
    centre_of_excellence: bool = False


@dataclass(frozen=True)
class NeedRef:
    """A need's key, identifier and datestamp, beside its ``NeedInput``."""

    pk: int
    uid: str
    datestamp: dt.datetime


@dataclass
class Providers:
    """Providers as the engine wants them, and their references, in the same order."""

    inputs: list[ProviderInput]
    refs: list[ProviderRef]


# --- vocabularies -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_geography() -> Geography:
    """The M49 places, names and the South, from the vocabularies ``migrate`` loaded."""
    places = {
        code: Place(
            intermediate_region=intermediate or "",
            subregion=subregion or "",
            region=region or "",
        )
        for code, intermediate, subregion, region in Country.objects.values_list(
            "code", "intermediate_region_id", "subregion_id", "region_id"
        )
    }
    return Geography(
        places=places,
        region_names=dict(Region.objects.values_list("code", "names")),
        country_names=dict(Country.objects.values_list("code", "names")),
        south=frozenset(
            Country.objects.filter(groupings__code=SOUTH_GROUPING).values_list("code", flat=True)
        ),
    )


@lru_cache(maxsize=1)
def load_labels() -> Labels:
    """The names of the codes and the subject hierarchy, from the vocabularies."""
    subjects = list(Subject.objects.values_list("slug", "names", "parent_id", "group"))
    return Labels(
        subjects={slug: names for slug, names, _parent, _group in subjects},
        targets=dict(Target.objects.values_list("code", "names")),
        assistance_types=dict(AssistanceType.objects.values_list("slug", "names")),
        languages=dict(Language.objects.values_list("code", "names")),
        subject_parents={slug: parent for slug, _n, parent, _g in subjects if parent},
        subject_groups={slug: group for slug, _n, _p, group in subjects if group},
    )


def clear_vocabulary_caches() -> None:
    """Forget the cached geography and labels (after a new vocabulary release)."""
    load_geography.cache_clear()
    load_labels.cache_clear()


# --- helpers ----------------------------------------------------------------------------------


def _codes(
    model: type[models.Model], field_name: str, condition: Mapping[str, Any]
) -> dict[int, list[str]]:
    """``record pk → codes`` of a many-to-many field, for the records matching ``condition``
    (lookups on the record), in one query on the link table."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through  # type: ignore[union-attr]
    source = field.m2m_field_name()  # type: ignore[union-attr]
    target = field.m2m_reverse_field_name()  # type: ignore[union-attr]
    lookups = {f"{source}__{key}": value for key, value in condition.items()}
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        through.objects.filter(**lookups).order_by("pk").values_list(f"{source}_id", f"{target}_id")
    )
    for owner, code in rows:
        found[owner].append(code)
    return found


def _condition(pks: Collection[int] | None, published_only: bool = True) -> dict[str, Any]:
    condition: dict[str, Any] = {"status": PUBLISHED} if published_only else {}
    if pks is not None:
        condition["pk__in"] = list(pks)
    return condition


def _set(values: Iterable[str] | None) -> frozenset[str]:
    return frozenset(values or ())


def _merge(*maps: Mapping[str, str] | None) -> dict[str, str]:
    """Language maps joined per language (a summary and a description as one text)."""
    merged: dict[str, list[str]] = defaultdict(list)
    for language_map in maps:
        for language, text in (language_map or {}).items():
            if text and text.strip():
                merged[language].append(text.strip())
    return {language: "\n".join(parts) for language, parts in merged.items()}


@dataclass
class Evidence:
    """Published case studies and completed partnerships, counted per provider and country."""

    case_studies_by_organization: Counter[int]
    case_studies_by_country: Counter[str]
    partnerships_by_organization: Counter[int]
    partnerships_by_expert: Counter[int]


def load_evidence() -> Evidence:
    """The evidence counts, in four queries."""
    published_case = {"casestudy__status": PUBLISHED}
    organizations = CaseStudy.organizations.through.objects.filter(**published_case)
    countries = CaseStudy.provider_countries.through.objects.filter(**published_case)
    completed = {
        "partnership__status": PUBLISHED,
        "partnership__progress": PartnershipProgress.COMPLETED,
    }
    return Evidence(
        case_studies_by_organization=Counter(
            organizations.values_list("organization_id", flat=True)
        ),
        case_studies_by_country=Counter(countries.values_list("country_id", flat=True)),
        partnerships_by_organization=Counter(
            Partnership.provider_organizations.through.objects.filter(**completed).values_list(
                "organization_id", flat=True
            )
        ),
        partnerships_by_expert=Counter(
            Partnership.provider_experts.through.objects.filter(**completed).values_list(
                "expert_id", flat=True
            )
        ),
    )


# --- providers --------------------------------------------------------------------------------


def load_providers(
    *,
    kinds: Collection[str] | None = None,
    pks: Mapping[str, Collection[int]] | None = None,
    evidence: Evidence | None = None,
    published_only: bool = True,
) -> Providers:
    """The published providers (experts, organizations, offers, case studies) as engine inputs.

    ``kinds`` narrows the record types; ``pks`` narrows a type to some primary keys (to load
    one provider). Some thirty queries in all, whatever the number of records.
    ``published_only=False`` (with ``pks``) loads records of any status, e.g. a draft offer.
    """
    geography = load_geography()
    evidence = evidence or load_evidence()
    wanted = tuple(kinds) if kinds is not None else tuple(PROVIDER_MODELS)
    result = Providers(inputs=[], refs=[])
    for kind in ("organization", "expert", "offer", "case-study"):
        if kind not in wanted:
            continue
        if pks is not None and kind not in pks:
            continue
        condition = _condition(pks[kind] if pks is not None else None, published_only)
        loader = _LOADERS[kind]
        loader(condition, geography, evidence, result)
    return result


def _organizations(
    condition: dict[str, Any], geography: Geography, evidence: Evidence, out: Providers
) -> None:
    model = Organization
    subjects = _codes(model, "subjects", condition)
    gbf = _codes(model, "gbf_targets", condition)
    aichi = _codes(model, "aichi_targets", condition)
    assistance = _codes(model, "assistance_types", condition)
    languages = _codes(model, "languages", condition)
    regions = _codes(model, "regions_served", condition)
    rows = model.objects.filter(**condition).order_by("pk")
    for pk, uid, stamp, name, description, country, kind, centre, submitter in rows.values_list(
        "pk",
        "uid",
        "datestamp",
        "name",
        "description",
        "country_id",
        "organization_type",
        "centre_of_excellence",
        "submitted_by_id",
    ):
        out.inputs.append(
            ProviderInput(
                id=uid,
                kind="organization",
                country=country,
                south=geography.is_south(country),
                title=name or {},
                description=description or {},
                subjects=_set(subjects.get(pk)),
                targets=_set(gbf.get(pk)) | _set(aichi.get(pk)),
                assistance_types=_set(assistance.get(pk)),
                languages=_set(languages.get(pk)),
                regions=_set(regions.get(pk)),
                published_case_studies=evidence.case_studies_by_organization[pk],
                completed_partnerships=evidence.partnerships_by_organization[pk],
                organization_type=kind,
            )
        )
        out.refs.append(
            ProviderRef(
                record_type="organization",
                pk=pk,
                uid=uid,
                datestamp=stamp,
                country=country,
                name=name or {},
                submitted_by_id=submitter,
                centre_of_excellence=centre,
            )
        )


def _experts(
    condition: dict[str, Any], geography: Geography, evidence: Evidence, out: Providers
) -> None:
    model = Expert
    subjects = _codes(model, "subjects", condition)
    gbf = _codes(model, "gbf_targets", condition)
    assistance = _codes(model, "assistance_types", condition)
    languages = _codes(model, "languages", condition)
    regions = _codes(model, "regions_of_experience", condition)
    rows = model.objects.filter(**condition).order_by("pk")
    for (
        pk,
        uid,
        stamp,
        name,
        bio,
        country,
        organization,
        start,
        end,
        consent,
        submitter,
    ) in rows.values_list(
        "pk",
        "uid",
        "datestamp",
        "name",
        "bio",
        "country_id",
        "organization_id",
        "available_from",
        "available_until",
        "consent_public",
        "submitted_by_id",
    ):
        out.inputs.append(
            ProviderInput(
                id=uid,
                kind="expert",
                country=country,
                south=geography.is_south(country),
                description=bio or {},
                subjects=_set(subjects.get(pk)),
                targets=_set(gbf.get(pk)),
                assistance_types=_set(assistance.get(pk)),
                languages=_set(languages.get(pk)),
                regions=_set(regions.get(pk)),
                available_from=start,
                available_until=end,
                published_case_studies=(
                    evidence.case_studies_by_organization[organization] if organization else 0
                ),
                completed_partnerships=evidence.partnerships_by_expert[pk],
            )
        )
        out.refs.append(
            ProviderRef(
                record_type="expert",
                pk=pk,
                uid=uid,
                datestamp=stamp,
                country=country,
                name={"": name} if name else {},
                public=bool(consent),
                submitted_by_id=submitter,
            )
        )


def _offers(
    condition: dict[str, Any], geography: Geography, evidence: Evidence, out: Providers
) -> None:
    model = Offer
    subjects = _codes(model, "subjects", condition)
    gbf = _codes(model, "gbf_targets", condition)
    assistance = _codes(model, "assistance_types", condition)
    languages = _codes(model, "languages", condition)
    regions = _codes(model, "regions_covered", condition)
    rows = model.objects.filter(**condition).order_by("pk")
    for (
        pk,
        uid,
        stamp,
        title,
        description,
        own_country,
        organization,
        organization_country,
        organization_type,
        expert,
        expert_country,
        start,
        end,
        submitter,
    ) in rows.values_list(
        "pk",
        "uid",
        "datestamp",
        "title",
        "description",
        "provider_country_id",
        "provider_organization_id",
        "provider_organization__country_id",
        "provider_organization__organization_type",
        "provider_expert_id",
        "provider_expert__country_id",
        "available_from",
        "available_until",
        "submitted_by_id",
    ):
        country = own_country or organization_country or expert_country or ""
        if organization:
            case_studies = evidence.case_studies_by_organization[organization]
            partnerships = evidence.partnerships_by_organization[organization]
        elif expert:
            case_studies, partnerships = 0, evidence.partnerships_by_expert[expert]
        else:
            case_studies, partnerships = evidence.case_studies_by_country[country], 0
        out.inputs.append(
            ProviderInput(
                id=uid,
                kind="offer",
                country=country,
                south=geography.is_south(country),
                title=title or {},
                description=description or {},
                subjects=_set(subjects.get(pk)),
                targets=_set(gbf.get(pk)),
                assistance_types=_set(assistance.get(pk)),
                languages=_set(languages.get(pk)),
                regions=_set(regions.get(pk)),
                available_from=start,
                available_until=end,
                published_case_studies=case_studies,
                completed_partnerships=partnerships,
                organization_type=organization_type or "",
            )
        )
        out.refs.append(
            ProviderRef(
                record_type="offer",
                pk=pk,
                uid=uid,
                datestamp=stamp,
                country=country,
                name=title or {},
                submitted_by_id=submitter,
            )
        )


def _case_studies(
    condition: dict[str, Any], geography: Geography, evidence: Evidence, out: Providers
) -> None:
    model = CaseStudy
    subjects = _codes(model, "subjects", condition)
    gbf = _codes(model, "gbf_targets", condition)
    aichi = _codes(model, "aichi_targets", condition)
    countries = _codes(model, "provider_countries", condition)
    rows = model.objects.filter(**condition).order_by("pk")
    for pk, uid, stamp, title, summary, description, submitter in rows.values_list(
        "pk", "uid", "datestamp", "title", "summary", "description", "submitted_by_id"
    ):
        provider_countries = countries.get(pk) or [""]
        southern = [code for code in provider_countries if geography.is_south(code)]
        country = (southern or provider_countries)[0]
        out.inputs.append(
            ProviderInput(
                id=uid,
                kind="case-study",
                country=country,
                south=geography.is_south(country),
                title=title or {},
                description=_merge(summary, description),
                subjects=_set(subjects.get(pk)),
                targets=_set(gbf.get(pk)) | _set(aichi.get(pk)),
                published_case_studies=max(1, evidence.case_studies_by_country[country]),
            )
        )
        out.refs.append(
            ProviderRef(
                record_type="case-study",
                pk=pk,
                uid=uid,
                datestamp=stamp,
                country=country,
                name=title or {},
                submitted_by_id=submitter,
            )
        )


_LOADERS = {
    "organization": _organizations,
    "expert": _experts,
    "offer": _offers,
    "case-study": _case_studies,
}


# --- needs ------------------------------------------------------------------------------------


def load_needs(
    *, pks: Collection[int] | None = None, open_only: bool = False
) -> list[tuple[NeedInput, NeedRef]]:
    """Needs as engine inputs: the given ones (any status), or every published one
    (``open_only``: those still open or matched). Seven queries."""
    condition: dict[str, Any] = {"pk__in": list(pks)} if pks is not None else {"status": PUBLISHED}
    if open_only:
        condition["progress__in"] = list(OPEN_PROGRESS)
    subjects = _codes(Need, "subjects", condition)
    gbf = _codes(Need, "gbf_targets", condition)
    aichi = _codes(Need, "aichi_targets", condition)
    assistance = _codes(Need, "assistance_types", condition)
    languages = _codes(Need, "languages", condition)
    rows = Need.objects.filter(**condition).order_by("pk")
    needs: list[tuple[NeedInput, NeedRef]] = []
    for pk, uid, stamp, country, title, description, scope, start, end in rows.values_list(
        "pk",
        "uid",
        "datestamp",
        "country_id",
        "title",
        "description",
        "partner_scope",
        "timeframe_start",
        "timeframe_end",
    ):
        need = NeedInput(
            id=uid,
            country=country,
            title=title or {},
            description=description or {},
            subjects=_set(subjects.get(pk)),
            gbf_targets=_set(gbf.get(pk)),
            aichi_targets=_set(aichi.get(pk)),
            assistance_types=_set(assistance.get(pk)),
            languages=_set(languages.get(pk)),
            partner_scope=cast(PartnerScope, scope or "global"),
            timeframe_start=start,
            timeframe_end=end,
        )
        needs.append((need, NeedRef(pk=pk, uid=uid, datestamp=stamp)))
    return needs


def load_need(need: Need) -> NeedInput:
    """One need (whatever its status) as the engine's input."""
    return load_needs(pks=[need.pk])[0][0]


# --- strengths (for reciprocity) --------------------------------------------------------------


def load_open_need_subjects() -> dict[str, frozenset[str]]:
    """Country → the subjects of its published open needs (what each country seeks)."""
    through = Need.subjects.through.objects.filter(
        need__status=PUBLISHED, need__progress__in=list(OPEN_PROGRESS)
    )
    sought: dict[str, set[str]] = defaultdict(set)
    for country, subject in through.values_list("need__country_id", "subject_id"):
        sought[country].add(subject)
    return {country: frozenset(subjects) for country, subjects in sought.items()}


def strengths_of(providers: Providers) -> dict[str, dict[str, float]]:
    """Country → subject → strength: its published case studies (2 each) and other providers
    (1 each) on the subject, southern providers only matter but every country is counted."""
    strengths: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for provider in providers.inputs:
        if not provider.country or provider.is_funder:
            continue
        weight = 2.0 if provider.kind == "case-study" else 1.0
        for subject in provider.subjects:
            strengths[provider.country][subject] += weight
    return {country: dict(values) for country, values in strengths.items()}
