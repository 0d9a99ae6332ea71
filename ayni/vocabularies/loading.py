"""Loading the shipped vocabulary files into the database (called by data migrations).

Loading is an upsert keyed by code, so it can run again with a newer release of the files;
a new release of the vocabularies comes as a new migration that calls ``load_vocabularies``.
"""

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = (
    "regions",
    "groupings",
    "countries",
    "subjects",
    "targets",
    "assistance_types",
    "languages",
)


def read_vocabulary(name: str) -> dict[str, Any]:
    """One vocabulary file: ``{"version", "sources", "items"}``."""
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _upsert(model: Any, key: str, rows: list[dict[str, Any]]) -> None:
    existing = set(model.objects.values_list(key, flat=True))
    fresh = [model(**row) for row in rows if row[key] not in existing]
    model.objects.bulk_create(fresh, batch_size=500)
    stale = [model(**row) for row in rows if row[key] in existing]
    fields = [name for name in rows[0] if name != key] if rows else []
    if stale and fields:
        model.objects.bulk_update(stale, fields, batch_size=500)


def load_vocabularies(apps: Any, schema_editor: Any = None) -> None:
    """Upsert every vocabulary from the files in ``data/`` (a migration's RunPython)."""
    Region = apps.get_model("vocabularies", "Region")
    Grouping = apps.get_model("vocabularies", "Grouping")
    Country = apps.get_model("vocabularies", "Country")
    Subject = apps.get_model("vocabularies", "Subject")
    Target = apps.get_model("vocabularies", "Target")
    AssistanceType = apps.get_model("vocabularies", "AssistanceType")
    Language = apps.get_model("vocabularies", "Language")
    VocabularyRelease = apps.get_model("vocabularies", "VocabularyRelease")

    data = {name: read_vocabulary(name) for name in FILES}

    # Regions reference their parents: insert without parents, then set them.
    regions = data["regions"]["items"]
    _upsert(
        Region,
        "code",
        [
            {"code": r["code"], "level": r["level"], "names": r["names"], "position": i}
            for i, r in enumerate(regions)
        ],
    )
    Region.objects.bulk_update(
        [Region(code=r["code"], parent_id=r.get("parent")) for r in regions], ["parent"]
    )

    groupings = data["groupings"]["items"]
    _upsert(
        Grouping,
        "code",
        [
            {
                "code": g["code"],
                "names": g["names"],
                "source": g["source"],
                "as_of": g["as_of"],
                "note": g.get("note", ""),
                "position": i,
            }
            for i, g in enumerate(groupings)
        ],
    )
    _upsert(
        Country,
        "code",
        [
            {
                "code": c["code"],
                "alpha3": c["alpha3"],
                "m49": c.get("m49") or "",
                "region_id": c.get("region"),
                "subregion_id": c.get("subregion"),
                "intermediate_region_id": c.get("intermediate_region"),
                "names": c["names"],
                "position": i,
            }
            for i, c in enumerate(data["countries"]["items"])
        ],
    )
    Membership = Country.groupings.through
    Membership.objects.all().delete()
    Membership.objects.bulk_create(
        [
            Membership(country_id=member, grouping_id=g["code"])
            for g in groupings
            for member in g["members"]
        ],
        batch_size=500,
    )

    subjects = data["subjects"]["items"]
    _upsert(
        Subject,
        "slug",
        [
            {
                "slug": s["slug"],
                "group": s["group"],
                "cbd_code": s.get("cbd_code"),
                "names": s["names"],
                "position": i,
            }
            for i, s in enumerate(subjects)
        ],
    )
    Subject.objects.bulk_update(
        [Subject(slug=s["slug"], parent_id=s.get("parent")) for s in subjects], ["parent"]
    )
    _upsert(
        Target,
        "code",
        [
            {
                "code": t["code"],
                "framework": t["framework"],
                "kind": t["kind"],
                "number": t["number"],
                "names": t["names"],
                "position": i,
            }
            for i, t in enumerate(data["targets"]["items"])
        ],
    )
    _upsert(
        AssistanceType,
        "slug",
        [
            {"slug": a["slug"], "names": a["names"], "position": i}
            for i, a in enumerate(data["assistance_types"]["items"])
        ],
    )
    _upsert(
        Language,
        "code",
        [
            {"code": lang["code"], "names": lang["names"], "native": lang.get("native") or ""}
            for lang in data["languages"]["items"]
        ],
    )
    versions = {data[name]["version"] for name in FILES}
    for version in versions:
        VocabularyRelease.objects.get_or_create(version=version)
