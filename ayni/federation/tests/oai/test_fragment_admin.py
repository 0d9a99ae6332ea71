"""Stored OAI-PMH renderings in the admin: curators read them, and may delete them."""

import pytest
from django.urls import reverse

from ayni.core.choices import RecordStatus
from ayni.core.tests.records import make_record
from ayni.federation.models import OaiFragment
from ayni.federation.tests.oai.helpers import oai

pytestmark = pytest.mark.django_db


def test_curator_reads_stored_renderings_but_cannot_add_or_change_them(client, curator):
    """The list and a fragment's page open for a curator; adding and saving do not."""
    need = make_record("need", status=RecordStatus.PUBLISHED)
    oai(client, verb="ListIdentifiers", metadataPrefix="ayni")
    fragment = OaiFragment.objects.get(record_type="need", record_pk=need.pk)
    client.force_login(curator)

    listing = client.get(reverse("admin:federation_oaifragment_changelist"))
    page = client.get(reverse("admin:federation_oaifragment_change", args=[fragment.pk]))
    add = client.get(reverse("admin:federation_oaifragment_add"))
    saved = client.post(reverse("admin:federation_oaifragment_change", args=[fragment.pk]), {})

    assert listing.status_code == 200
    assert str(need.pk) in listing.text
    assert page.status_code == 200
    assert "country:SN" in page.text
    assert add.status_code == 403
    assert saved.status_code == 403
    assert OaiFragment.objects.get(pk=fragment.pk).sets == fragment.sets
