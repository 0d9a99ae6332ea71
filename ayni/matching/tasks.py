"""Background work of matching: the cross-tabulation's counts and the stored text vectors.

Scheduled (see docs/deployment.md): ``matching_refresh_task`` once a day, or the command
``manage.py matching_refresh`` from cron, which run the same services.
"""

from django_tasks import task

from ayni.matching.services import (
    crosstab_counts_rebuild,
    crosstab_counts_refresh,
    need_vectors_refresh,
    provider_vectors_refresh,
)


@task()
def crosstab_counts_refresh_task(record_type: str, pks: list[int]) -> int:
    """Count records written in bulk (an import, a harvest) once their transaction committed."""
    return crosstab_counts_refresh(record_type=record_type, pks=pks)


@task()
def crosstab_counts_rebuild_task() -> int:
    """Recompute the cross-tabulation's counts from the records (daily safety net)."""
    return crosstab_counts_rebuild()


@task()
def provider_vectors_refresh_task() -> dict[str, int | str]:
    """Encode the providers whose text changed since their vector was stored."""
    report = provider_vectors_refresh()
    return {"encoder": report.encoder, "encoded": report.encoded, "fresh": report.fresh,
            "removed": report.removed}  # fmt: skip


@task()
def need_vectors_refresh_task() -> dict[str, int | str]:
    """Encode the published needs whose text changed since their vector was stored."""
    report = need_vectors_refresh()
    return {"encoder": report.encoder, "encoded": report.encoded, "fresh": report.fresh,
            "removed": report.removed}  # fmt: skip


@task()
def matching_refresh_task() -> dict[str, int | str]:
    """The daily refresh: providers' and needs' vectors, then the cross-tabulation's counts."""
    providers = provider_vectors_refresh()
    needs = need_vectors_refresh()
    return {
        "encoder": providers.encoder,
        "providers_encoded": providers.encoded,
        "needs_encoded": needs.encoded,
        "crosstab_contributions": crosstab_counts_rebuild(),
    }
