"""Harvesting partner clearing-houses: OAI-PMH, Atom/RSS feeds and another Ayni's JSON Lines.

Each protocol module turns a peer's responses into pages of plain items (a record in the
exchange format, a deletion, or a rejection with its reason); ``services`` writes them through
``records_import`` (the exchange format is the pivot), links duplicates, keeps the run's
progress to resume from, and its report. docs/harvesting.md describes the rules.
"""
