"""Records for the export tests: published, draft, experts with and without consent."""

from typing import Any

from ayni.search.tests.factories import case_study, event, need, offer, write_and_index

EXPERT_EMAIL = "ana.secret@example.org"


def expert(uid: str, *, consent: bool, **fields: Any) -> dict[str, Any]:
    return {
        "type": "expert",
        "id": uid,
        "status": "published",
        "name": "Ana Souza" if consent else "Hidden Person",
        "country": "BR",
        "email": EXPERT_EMAIL,
        "consent_public": consent,
        "subjects": ["marine-coastal"],
        "bio": {"pt": "Especialista em manguezais."},
        **fields,
    }


def export_world() -> None:
    """A French need of Senegal, a draft need, a Spanish offer of Brazil, an Arabic case
    study, an English event in Fiji, and two experts (one without consent)."""
    write_and_index(
        need(),
        need("test:need-draft", status="draft", title={"fr": "Brouillon des mangroves"}),
        offer(),
        case_study(),
        event(),
        expert("test:expert-public", consent=True),
        expert("test:expert-hidden", consent=False),
    )
