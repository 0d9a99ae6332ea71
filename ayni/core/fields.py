"""Field builders for the parts many record types share (vocabulary lists, language maps)."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise


def text_field(verbose_name: str | StrPromise) -> Any:
    """A language map ``{"en": "...", "fr": "..."}`` (the CBD's lstring)."""
    return models.JSONField(verbose_name, default=dict, blank=True)


def codes_field(to: str, verbose_name: str | StrPromise, **extra: Any) -> Any:
    """A list of vocabulary codes, stored as rows the database checks against the vocabulary."""
    return models.ManyToManyField(
        to, verbose_name=verbose_name, blank=True, related_name="+", **extra
    )


def subjects_field() -> Any:
    return codes_field("vocabularies.Subject", _("subjects"))


def gbf_targets_field() -> Any:
    return codes_field(
        "vocabularies.Target", _("GBF targets and goals"), limit_choices_to={"framework": "gbf"}
    )


def aichi_targets_field() -> Any:
    return codes_field(
        "vocabularies.Target", _("Aichi targets"), limit_choices_to={"framework": "aichi"}
    )


def assistance_types_field() -> Any:
    return codes_field("vocabularies.AssistanceType", _("assistance types"))


def languages_field() -> Any:
    return codes_field("vocabularies.Language", _("working languages"))


def country_field(verbose_name: str | StrPromise, *, required: bool) -> Any:
    """A country of ISO 3166-1 (its alpha-2 code is the key)."""
    return models.ForeignKey(
        "vocabularies.Country",
        verbose_name=verbose_name,
        null=not required,
        blank=not required,
        on_delete=models.PROTECT,
        related_name="+",
    )


def date_order_constraint(model: str, start: str, end: str) -> models.CheckConstraint:
    """The end is not before the start (either may be empty)."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=f"{model}_{end}_after_{start}",
        violation_error_message=_("The end date cannot be before the start date."),
    )
