import pytest

from ayni.federation.tests.harvest.peers import (
    OaiPeer,
    Repository,
    clearing_house,
    dc_record,
    serve,
)


@pytest.fixture
def peer():
    """An OAI-PMH peer (oaipmh's BatchingServer) with 25 Dublin Core records, 10 a page."""
    oai_peer = OaiPeer(Repository([dc_record(n) for n in range(1, 26)]))
    with serve(oai_peer.app) as url:
        oai_peer.url = url  # type: ignore[attr-defined]
        yield oai_peer


@pytest.fixture
def peer_chm(db, peer):
    return clearing_house(
        name="Peer CHM", namespace="peer", protocol="oai-pmh", endpoint=f"{peer.url}/oai"
    )
