"""The portal's pages, one module per area.

- ``records``: home, record detail pages.
- ``browse``: list pages per record type, search, about.
- ``contribute``: submit and edit records, dashboards, moderation, contact relay, share links.
- ``insight``: matches, the cross-tabulation heat map, benchmarks, country and region pages.
"""
