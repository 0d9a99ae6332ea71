"""The controlled vocabularies: countries, M49 regions, groupings, subjects, targets, ...

Each is keyed by its code, so a record's list of codes is stored as rows that the database
itself checks against the vocabulary. The data ships in ``data/`` and ``migrate`` loads it.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ayni.core.models import pick_language
from ayni.vocabularies.choices import RegionLevel, SubjectGroup, TargetFramework, TargetKind


class NamedTerm(models.Model):
    """A term whose name is a language map in the seven UI languages."""

    names = models.JSONField(_("names"), default=dict)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, else English."""
        return pick_language(self.names)[1] or str(self.pk)


class Region(NamedTerm):
    """An area of the UN M49 standard (world, region, sub-region or intermediate region)."""

    code = models.CharField(_("M49 code"), max_length=3, primary_key=True)
    level = models.CharField(_("level"), max_length=20, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("M49 region")
        verbose_name_plural = _("M49 regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{3}$"),
                name="vocabularies_region_code_three_digits",
                violation_error_message=_("An M49 code has three digits."),
            ),
        ]


class Grouping(NamedTerm):
    """A grouping of countries (developing/South, G-77, LDC, LLDC, SIDS, LMMC), with its source."""

    code = models.SlugField(_("code"), max_length=20, primary_key=True)
    source = models.TextField(_("source"))
    as_of = models.DateField(_("as of"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("country grouping")
        verbose_name_plural = _("country groupings")
        ordering = ["position"]


class Country(NamedTerm):
    """A country or territory of ISO 3166-1, placed in the UN M49 hierarchy."""

    code = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO 3166-1 alpha-3 code"), max_length=3, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subregion = models.ForeignKey(
        Region,
        verbose_name=_("sub-region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    intermediate_region = models.ForeignKey(
        Region,
        verbose_name=_("intermediate region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    groupings = models.ManyToManyField(
        Grouping, verbose_name=_("groupings"), blank=True, related_name="countries"
    )

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"),
                name="vocabularies_country_code_alpha2",
                violation_error_message=_("A country code is two upper-case letters."),
            ),
        ]

    def region_codes(self) -> list[str]:
        """The M49 areas the country lies in, from the narrowest to the widest."""
        return [
            code
            for code in (self.intermediate_region_id, self.subregion_id, self.region_id)
            if code
        ]


class Subject(NamedTerm):
    """A CBD thematic programme of work or cross-cutting issue."""

    slug = models.SlugField(_("slug"), max_length=40, primary_key=True)
    group = models.CharField(_("group"), max_length=16, choices=SubjectGroup.choices)
    cbd_code = models.CharField(
        _("CBD thesaurus code"), max_length=40, null=True, blank=True, unique=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader subject"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["position"]


class Target(NamedTerm):
    """An Aichi Biodiversity Target, or a target or goal of the Kunming-Montreal GBF."""

    code = models.CharField(_("code"), max_length=20, primary_key=True)
    framework = models.CharField(_("framework"), max_length=8, choices=TargetFramework.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=TargetKind.choices)
    number = models.CharField(_("number"), max_length=4)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["position"]


class AssistanceType(NamedTerm):
    """A kind of help one party gives another (training, technology transfer, ...)."""

    slug = models.SlugField(_("slug"), max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("assistance type")
        verbose_name_plural = _("assistance types")
        ordering = ["position"]


class Language(NamedTerm):
    """A language of ISO 639-1."""

    code = models.CharField(_("ISO 639-1 code"), max_length=2, primary_key=True)
    native = models.CharField(_("native name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[a-z]{2}$"),
                name="vocabularies_language_code_alpha2",
                violation_error_message=_("A language code is two lower-case letters."),
            ),
        ]


class VocabularyRelease(models.Model):
    """A version of the shipped vocabularies that ``migrate`` loaded into this database."""

    version = models.CharField(_("version"), max_length=20, primary_key=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vocabulary release")
        verbose_name_plural = _("vocabulary releases")

    def __str__(self) -> str:
        return self.version
