"""The search index: one entry per record and language of its text, and its facet values.

The entries are derived data, rebuilt from the records at any time (``manage.py reindex``).
Each engine adds its own full-text structure over ``terms`` in a migration: an FTS5 table on
SQLite, a ``tsvector`` column with a GIN index on PostgreSQL (see ``ayni.search.backends``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One record's text in one language, with its terms as the analyser made them."""

    record_type = models.CharField(_("record type"), max_length=32)
    uid = models.CharField(_("record identifier"), max_length=255)
    record_pk = models.BigIntegerField(_("record key"))
    status = models.CharField(_("status"), max_length=16)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("The language of the text; empty when the record has no language map."),
    )
    is_primary = models.BooleanField(
        _("primary entry"),
        default=False,
        help_text=_("The one entry of the record that a search without words lists."),
    )
    title = models.TextField(_("title"), blank=True)
    body = models.TextField(_("text"), blank=True)
    terms = models.TextField(
        _("terms"), blank=True, help_text=_("The analysed words of the text, space-separated.")
    )
    filter_tokens = models.TextField(
        _("filter tokens"),
        blank=True,
        help_text=_(
            "The status and facet values as tokens (status:published country:SN ...), "
            "indexed by the engine next to the terms so that filters are matched there."
        ),
    )
    facet_codes = models.BinaryField(
        _("facet codes"),
        blank=True,
        default=b"",
        help_text=_(
            "The facet values of the filter tokens (not the status) as codes of the facet "
            "code table, little-endian unsigned 32-bit integers, for counting them."
        ),
    )
    date = models.DateTimeField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "uid", "language"],
                name="search_searchentry_one_per_language",
                violation_error_message=_("A record has one search entry per language."),
            ),
        ]
        indexes = [
            models.Index(fields=["uid"], name="search_entry_uid"),
            models.Index(fields=["status", "is_primary", "date"], name="search_entry_browse"),
        ]

    def __str__(self) -> str:
        return f"{self.uid} [{self.language}]"


class SearchFacet(models.Model):
    """One facet value of an entry (``country=SN``, ``grouping=sids``, ``year=2025``)."""

    entry = models.ForeignKey(
        SearchEntry,
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="facets",
        db_index=False,  # the (entry, facet, value) index serves
    )
    facet = models.CharField(_("facet"), max_length=16)
    value = models.CharField(_("value"), max_length=64)

    class Meta:
        verbose_name = _("search facet value")
        verbose_name_plural = _("search facet values")
        indexes = [
            models.Index(fields=["facet", "value", "entry"], name="search_facet_value"),
            models.Index(fields=["entry", "facet", "value"], name="search_facet_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class SearchFacetCode(models.Model):
    """The code of one facet value's filter token (``country:SN``) in the entries' facet codes.

    A code is given when an entry first carries the token and is never changed or reused, so
    that the codes of any entry read at any time count as the tokens they stand for.
    """

    code = models.AutoField(_("code"), primary_key=True)
    token = models.CharField(_("filter token"), max_length=96, unique=True)

    class Meta:
        verbose_name = _("search facet code")
        verbose_name_plural = _("search facet codes")

    def __str__(self) -> str:
        return f"{self.code}={self.token}"
