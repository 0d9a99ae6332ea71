"""Background work of the search index."""

from django_tasks import task

from ayni.search.services import search_index_records


@task()
def search_index_task(record_type: str, uids: list[str]) -> int:
    """Index records written in bulk (an import or a harvest) once their transaction committed."""
    return search_index_records(record_type=record_type, uids=uids)
