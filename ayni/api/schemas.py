"""The shapes of the API: the record body (the exchange format, one model per type) and errors.

The record models are generated from the exchange format's field lists, so the OpenAPI schema
names every field of every type; the exchange format (``ayni.federation.formats.ayni_jsonl``)
stays the one definition. Input models are strict (no silent coercion) and allow fields the
format does not know, which the services report as warnings, not errors.
"""

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ayni.federation.formats.ayni_jsonl import COMMON_FIELDS, RECORD_FIELDS, STATUSES, Kind
from ayni.federation.formats.ayni_jsonl import Field as FormatField

LanguageMap = dict[str, str]
MAX_LIMIT = 200

KIND_TYPES: dict[Kind, Any] = {
    Kind.TEXT: LanguageMap,
    Kind.STRING: str,
    Kind.URL: str,
    Kind.EMAIL: str,
    Kind.BOOL: bool,
    Kind.DATE: str,
    Kind.PARTIAL_DATE: str,
    Kind.DATETIME: str,
    Kind.TIMEZONE: str,
    Kind.CODE: str,
    Kind.CODES: list[str],
    Kind.TEXT_LIST: list[LanguageMap],
    Kind.LINKS: list[dict[str, str]],
    Kind.PEOPLE: list[dict[str, str]],
    Kind.REF: str,
    Kind.REFS: list[str],
    Kind.REF_OR_NAME: str,
    Kind.REFS_OR_COUNTRIES: list[str],
}

StatusName = Literal["draft", "submitted", "published", "archived", "rejected"]
assert tuple(StatusName.__args__) == STATUSES  # type: ignore[attr-defined]


class ErrorDetail(BaseModel):
    """One problem: where (``location`` and ``field``) and what."""

    location: str | None = Field(None, description="'body', 'query' or 'path'.")
    field: str | None = Field(None, description="The field or query parameter at fault.")
    message: str


class ErrorBody(BaseModel):
    code: str = Field(description="A stable code: not_found, invalid, forbidden, ...")
    message: str = Field(description="What went wrong, for a person.")
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorOut(BaseModel):
    """Every error of the API has this shape."""

    error: ErrorBody


class ListParams(BaseModel):
    """The query parameters of a list: filters (repeat one for any of several values)."""

    status: StatusName | None = Field(None, description="published unless given")
    country: list[str] = Field(default_factory=list, description="ISO 3166-1 alpha-2, e.g. SN")
    subject: list[str] = Field(default_factory=list, description="subject slug")
    target: list[str] = Field(
        default_factory=list, description="GBF-TARGET-NN, GBF-GOAL-X or AICHI-TARGET-NN"
    )
    assistance_type: list[str] = Field(default_factory=list, description="assistance type slug")
    language: list[str] = Field(default_factory=list, description="ISO 639-1")
    updated_since: dt.datetime | None = Field(
        None, description="changed here at or after (ISO 8601; UTC when no offset)"
    )
    cursor: str | None = Field(None, description="the cursor in a previous page's `next`")
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="records per page")


class RejectIn(BaseModel):
    """Why a submitted record goes back to its author."""

    model_config = ConfigDict(strict=True)

    reason: str = Field(min_length=1, description="The author reads it.")


def model_name(record_type: str) -> str:
    """``case-study`` → ``CaseStudy``."""
    return "".join(part.capitalize() for part in record_type.split("-"))


def _annotation(spec: FormatField) -> Any:
    if spec.kind is Kind.CHOICE and spec.choices:
        return Literal[spec.choices]
    return KIND_TYPES[spec.kind]


def _fields(record_type: str, *, public: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for spec in RECORD_FIELDS[record_type] + COMMON_FIELDS:
        if public and spec.private:
            continue
        description = spec.kind.value + (" (required)" if spec.required else "")
        if spec.private:
            description += "; private: only shown to those who may edit the record"
        fields[spec.name] = (
            _annotation(spec) | None,
            Field(None, description=description),
        )
    return fields


def record_out_model(record_type: str) -> type[BaseModel]:
    """The record as the API returns it (the exchange format)."""
    return create_model(
        f"{model_name(record_type)}Record",
        __config__=ConfigDict(extra="allow"),
        type=(Literal[record_type], ...),  # type: ignore[arg-type]
        id=(str, Field(description="namespace:local")),
        status=(StatusName, ...),
        **_fields(record_type, public=False),
    )


def record_in_model(record_type: str) -> type[BaseModel]:
    """The record as a client sends it; the system fields are ignored, status comes by workflow."""
    return create_model(
        f"{model_name(record_type)}RecordIn",
        __config__=ConfigDict(extra="allow", strict=True),
        type=(Literal[record_type] | None, Field(None)),  # type: ignore[arg-type]
        id=(
            str | None,
            Field(None, description="namespace:local; made up when absent (create only)"),
        ),
        status=(StatusName | None, Field(None, description="Ignored: use the workflow endpoints.")),
        **_fields(record_type, public=False),
    )


def record_list_model(record_type: str, item: type[BaseModel]) -> type[BaseModel]:
    return create_model(
        f"{model_name(record_type)}RecordList",
        items=(list[item], ...),  # type: ignore[valid-type]
        next=(str | None, Field(None, description="The URL of the next page; null at the end.")),
    )
