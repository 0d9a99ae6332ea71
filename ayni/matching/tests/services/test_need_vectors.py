"""Stored need vectors: a need's text is encoded once per version of its text, not on every
match; the scheduled refresh (task and command) keeps them and the providers' up to date."""

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from ayni.core.choices import RecordStatus
from ayni.core.errors import PermissionDenied
from ayni.matching.loading import NeedRef, load_needs
from ayni.matching.models import NeedVector, ProviderVector
from ayni.matching.selectors import need_matches
from ayni.matching.services import (
    matching_state,
    matching_state_clear,
    need_vectors,
    need_vectors_refresh,
)
from ayni.matching.tasks import need_vectors_refresh_task, provider_vectors_refresh_task
from ayni.matching.tests.services.scenario import published_need, published_offer

pytestmark = pytest.mark.usefixtures("lexical_matching")


def loaded(need):
    """The need as the engine reads it, with its reference."""
    need_input, _ref = load_needs(pks=[need.pk])[0]
    return need_input, NeedRef(pk=need.pk, uid=need.uid, datestamp=need.datestamp)


def test_matching_a_need_stores_its_vector_once():
    """The first match of a need stores its vector; later matches (even in a new process,
    the process cache cleared) read it instead of encoding the text again."""
    need = published_need()
    published_offer(title={"fr": "Suivi des mangroves par drone"})
    need_matches(need=need, actor=None)
    row = NeedVector.objects.get(need_pk=need.pk)
    assert row.text_hash
    assert row.datestamp == need.datestamp
    # Mark the stored values: if they come back, they were read, not recomputed.
    marked = np.frombuffer(bytes(row.vector), dtype="<f4") * 0 + 0.125
    row.vector = marked.astype("<f4").tobytes()
    row.save()
    matching_state_clear()
    vector = need_vectors(matching_state(), [loaded(need)])[0]
    assert set(np.round(vector[vector != 0], 4)) == {0.125}
    assert NeedVector.objects.count() == 1


def test_a_changed_text_is_encoded_again():
    """Editing the need's text gives it a new vector (the key is the text's hash); editing
    something else keeps the stored one."""
    need = published_need()
    state = matching_state()
    first = need_vectors(state, [loaded(need)])[0]
    first_hash = NeedVector.objects.get(need_pk=need.pk).text_hash
    need.partner_scope = "regional"
    need.save()
    need_vectors(matching_state(), [loaded(need)])
    assert NeedVector.objects.get(need_pk=need.pk).text_hash == first_hash
    need.title = {"fr": "Inventaire des poissons du fleuve"}
    need.save()
    second = need_vectors(matching_state(), [loaded(need)])[0]
    row = NeedVector.objects.get(need_pk=need.pk)
    assert row.text_hash != first_hash
    assert not np.allclose(first, second)


def test_refresh_encodes_changed_needs_and_drops_unpublished_ones():
    """The refresh encodes the published needs without a fresh vector, leaves the fresh ones
    and removes the vectors of needs no longer published."""
    need = published_need()
    other = published_need(title={"es": "Restauración de manglares"})
    published_need(status=RecordStatus.DRAFT)
    first = need_vectors_refresh()
    assert (first.encoded, first.fresh, first.removed) == (2, 0, 0)
    again = need_vectors_refresh()
    assert (again.encoded, again.fresh) == (0, 2)
    other.status = RecordStatus.ARCHIVED
    other.save()
    need.description = {"fr": "Autre description"}
    need.save()
    last = need_vectors_refresh()
    assert (last.encoded, last.fresh, last.removed) == (1, 0, 1)
    assert list(NeedVector.objects.values_list("need_pk", flat=True)) == [need.pk]


def test_refresh_is_a_curators_task(contributor):
    """A signed-in user who is not a curator cannot run the refresh."""
    with pytest.raises(PermissionDenied):
        need_vectors_refresh(actor=contributor)


def test_scheduled_tasks_refresh_providers_and_needs(settings):
    """The background tasks encode what changed and report it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    published_need()
    published_offer()
    providers = provider_vectors_refresh_task.enqueue().return_value
    needs = need_vectors_refresh_task.enqueue().return_value
    assert providers is not None
    assert needs is not None
    assert (providers["encoded"], needs["encoded"]) == (1, 1)
    assert ProviderVector.objects.count() == NeedVector.objects.count() == 1


def test_refresh_command_for_cron():
    """``manage.py matching_refresh`` refreshes providers, needs and the counts, and says
    what it did."""
    published_need()
    published_offer()
    out = StringIO()
    call_command("matching_refresh", "--encoder", "lexical", stdout=out)
    text = out.getvalue()
    assert "providers (lexical" in text
    assert "1 encoded" in text
    assert "needs (lexical" in text
    assert "cross-tabulation: counts rebuilt" in text
    assert NeedVector.objects.count() == ProviderVector.objects.count() == 1
