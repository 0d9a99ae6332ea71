"""List pages are compressed for harvesters that accept gzip, and only for them."""

import gzip

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.tests.records import make_record
from ayni.federation.tests.oai.helpers import identifiers, validate

pytestmark = pytest.mark.django_db


def test_list_page_is_gzipped_for_a_harvester_that_accepts_it(client, settings):
    """With Accept-Encoding: gzip a page comes compressed; unpacked, it is the plain page."""
    settings.AYNI_OAI_PAGE_SIZE = 2
    for _ in range(3):
        make_record("need", status=RecordStatus.PUBLISHED)
    params = {"verb": "ListRecords", "metadataPrefix": "ayni"}

    plain = client.get("/oai", params)
    packed = client.get("/oai", params, HTTP_ACCEPT_ENCODING="gzip, deflate")

    assert not plain.has_header("Content-Encoding")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert "Accept-Encoding" in plain["Vary"]
    body = gzip.decompress(b"".join(packed.streaming_content))
    plain_body = b"".join(plain.streaming_content)
    assert identifiers(validate(body)) == identifiers(validate(plain_body))
