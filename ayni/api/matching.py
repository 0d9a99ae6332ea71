"""The matching endpoints: the providers of a need, the needs of an offer or an expert.

``GET /api/v1/needs/{id}/matches``: South-South providers (experts, organizations, offers,
case studies) ranked for the need, and apart its triangular partners and funders;
``GET /api/v1/needs/{id}/country-matches``: the countries that could meet it;
``GET /api/v1/offers/{id}/matches`` and ``/experts/{id}/matches``: the open needs the offer or
expert could meet. Reads through ``ayni.matching.selectors`` with the caller as the actor; a
record the caller may not read is a 404, as on its detail. This router is registered before
the record routers: their detail routes take ids with slashes and would catch these paths.
"""

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from pydantic import BaseModel, Field

from ayni.api.errors import ApiError
from ayni.api.records import ANONYMOUS_ALLOWED, ERRORS
from ayni.api.selectors import api_record_get
from ayni.core.models import Record
from ayni.matching.selectors import (
    need_country_matches,
    need_match_lists,
    provider_needs,
)

MAX_MATCHES = 50
ProviderKind = Literal["expert", "organization", "offer", "case-study"]
Role = Literal["south-south", "triangular-partner", "funder"]


class ReasonOut(BaseModel):
    """A reason for machines: a stable code and its parameters (codes, counts)."""

    code: str = Field(description="e.g. language, subregion, case_studies (docs/matching.md)")
    params: dict[str, Any] = Field(default_factory=dict)


class ProviderMatchOut(BaseModel):
    """A provider ranked for a need."""

    id: str = Field(description="The provider's id (namespace:local).")
    type: ProviderKind
    score: float = Field(ge=0, le=1)
    role: Role
    name: str = Field(description="Its name or title in the reader's language.")
    country: str
    centre_of_excellence: bool
    public: bool = Field(
        description="False only for an expert without consent, shown to those who may edit it."
    )
    reasons: list[str] = Field(description="Why, in words in the reader's language.")
    structured_reasons: list[ReasonOut]
    factors: dict[str, float] = Field(description="The value of each factor of the score.")


class NeedMatchesOut(BaseModel):
    """The South-South providers of a need, and apart its triangular partners and funders."""

    need: str
    items: list[ProviderMatchOut]
    triangular_partners: list[ProviderMatchOut]
    funders: list[ProviderMatchOut]


class CountryMatchOut(BaseModel):
    """A country that could meet a need, from its best providers."""

    country: str = Field(description="ISO 3166-1 alpha-2")
    name: str
    score: float = Field(ge=0, le=1)
    south: bool
    provider_count: int
    providers: list[str] = Field(description="Its best providers' ids.")
    reasons: list[str]
    structured_reasons: list[ReasonOut]


class NeedCountriesOut(BaseModel):
    need: str
    items: list[CountryMatchOut]


class NeedFoundOut(BaseModel):
    """A need the provider could meet."""

    id: str
    type: Literal["need"]
    score: float = Field(ge=0, le=1)
    name: str
    country: str
    reasons: list[str]
    structured_reasons: list[ReasonOut]


class ProviderNeedsOut(BaseModel):
    provider: str
    items: list[NeedFoundOut]


class MatchParams(BaseModel):
    """How many, which kind, and the language of the reasons."""

    limit: int = Field(10, ge=1, le=MAX_MATCHES, description="how many matches")
    kind: ProviderKind | None = Field(None, description="only this kind of provider")
    language: str | None = Field(
        None,
        pattern=r"^[a-zA-Z]{2}(-[a-zA-Z]+)?$",
        description="language of the reasons (en, fr, es, pt, ar, zh, ru; others read "
        "English); default: the request's language",
    )


class ProviderMatchParams(BaseModel):
    limit: int = Field(10, ge=1, le=MAX_MATCHES, description="how many needs")
    language: str | None = Field(
        None, pattern=r"^[a-zA-Z]{2}(-[a-zA-Z]+)?$", description="language of the reasons"
    )


router = Router(tags=["matching"])


def _record(record_type: str, record_id: str, actor: Any) -> Record:
    record = api_record_get(record_type=record_type, uid=record_id, actor=actor)
    if record is None:
        raise ApiError(
            404,
            _("No %(type)s with id '%(id)s' that you may read.")
            % {"type": record_type, "id": record_id},
            details=[{"location": "path", "field": "record_id", "message": record_id}],
        )
    return record


def _language(request: HttpRequest, asked: str | None) -> str:
    return asked or getattr(request, "LANGUAGE_CODE", None) or "en"


@router.get(
    "/needs/{path:record_id}/matches",
    response={200: NeedMatchesOut, **ERRORS},
    operation_id="need_matches",
    openapi_extra=ANONYMOUS_ALLOWED,
    summary="The providers that could meet a need",
    description=(
        "South-South providers (experts, organizations and centres of excellence, offers, "
        "case studies) ranked for the need, best first, each with its score in [0, 1] and its "
        "reasons in words (`language`) and as codes; apart, the best triangular partners "
        "(developed-country providers) and funders. The score and its factors are described in "
        "docs/matching.md. Experts who did not consent to be listed are left out."
    ),
)
def need_matches_read(
    request: HttpRequest, record_id: str, params: Query[MatchParams]
) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    need = _record("need", record_id, actor)
    lists = need_match_lists(
        need=need,  # type: ignore[arg-type]
        actor=actor,
        limit=params.limit,
        kind=params.kind,
        language=_language(request, params.language),
    )
    return {
        "need": lists.need,
        "items": [m.as_dict() for m in lists.matches],
        "triangular_partners": [m.as_dict() for m in lists.triangular_partners],
        "funders": [m.as_dict() for m in lists.funders],
    }


@router.get(
    "/needs/{path:record_id}/country-matches",
    response={200: NeedCountriesOut, **ERRORS},
    operation_id="need_country_matches",
    openapi_extra=ANONYMOUS_ALLOWED,
    summary="The countries that could meet a need",
    description=(
        "Countries of the South ranked by their three best providers for the need (weights "
        "1, ½, ¼), with the best provider's reasons of language, place and evidence."
    ),
)
def need_countries_read(
    request: HttpRequest, record_id: str, params: Query[ProviderMatchParams]
) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    need = _record("need", record_id, actor)
    countries = need_country_matches(
        need=need,  # type: ignore[arg-type]
        actor=actor,
        limit=params.limit,
        language=_language(request, params.language),
    )
    return {"need": need.uid, "items": [c.as_dict() for c in countries]}


def _provider_route(record_type: str, segment: str) -> None:
    @router.get(
        f"/{segment}/{{path:record_id}}/matches",
        response={200: ProviderNeedsOut, **ERRORS},
        operation_id=f"{record_type}_matches",
        openapi_extra=ANONYMOUS_ALLOWED,
        summary=f"The needs an {record_type} could meet",
        description=(
            f"Published open needs ranked for the {record_type} (the same score as a need's "
            "matches, read the other way), with reasons."
        ),
    )
    def provider_matches_read(
        request: HttpRequest, record_id: str, params: Query[ProviderMatchParams]
    ) -> dict[str, Any]:
        actor = request.auth  # type: ignore[attr-defined]
        provider = _record(record_type, record_id, actor)
        found = provider_needs(
            provider=provider,
            actor=actor,
            limit=params.limit,
            language=_language(request, params.language),
        )
        return {"provider": provider.uid, "items": [item.as_dict() for item in found]}


_provider_route("offer", "offers")
_provider_route("expert", "experts")
