"""What a search engine does for Ayni: match analysed terms and rank the entries.

Everything else (filters, one hit per record, facet counts, sorting, snippets) is plain SQL
and Python shared by both engines in ``ayni.search.selectors``: an engine only turns the
query's term groups and filter-token groups into tables, a condition and a score over the
entries (lower first), so that the engine's index intersects words and filters at once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ENTRY_TABLE = "search_searchentry"
FACET_TABLE = "search_searchfacet"
CODE_TABLE = "search_searchfacetcode"


def boolean_query(
    groups: list[list[str]],
    *,
    quote: Callable[[str], str],
    prefix: str,
    any_of: str,
    all_of: str,
) -> str:
    """An engine's query text: any term of a group, every group (in the engine's syntax).

    A lone CJK character (shorter than the bigrams indexed) matches as a prefix.
    """
    clauses = []
    for group in groups:
        parts = [
            quote(term) + (prefix if len(term) == 1 and ord(term) > 0x2FFF else "")
            for term in group
        ]
        clauses.append("(" + any_of.join(parts) + ")")
    return all_of.join(clauses)


@dataclass(frozen=True)
class Match:
    """An engine's part of the SQL: the tables (entries aliased ``e``), the condition and the
    score (lower ranks first), with the parameters of the tables and of the condition."""

    tables: str
    condition: str
    score: str
    table_params: list[Any] = field(default_factory=list)
    condition_params: list[Any] = field(default_factory=list)


class SearchBackend:
    """The interface of a full-text engine over ``SearchEntry.terms``."""

    vendor = ""
    #: The entry's date as the engine sorts it, cheap to read (``e.date`` as stored).
    sort_date = "e.date"

    def match(
        self,
        groups: list[list[str]],
        filters: list[list[str]] | None = None,
        exclude: list[str] | None = None,
    ) -> Match:
        """The entries holding, for each group, one of its terms, for each filter group one of
        its filter tokens (``country:SN``), and none of the ``exclude`` tokens
        (``status:draft``), with their score (of the words only)."""
        raise NotImplementedError

    def after_bulk_load(self) -> None:
        """Tidy the engine's structures after a large load (optional)."""
