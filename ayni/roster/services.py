"""Writes of the roster: endorsing experts."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ayni.core import permissions
from ayni.core.choices import RevisionAction
from ayni.core.errors import PermissionDenied
from ayni.core.services import revision_record
from ayni.roster.models import Expert


@transaction.atomic
def expert_endorse(*, expert: Expert, actor: Any) -> Expert:
    """A focal point of the expert's country (or a curator) vouches for the expert."""
    if not permissions.can_endorse_expert(actor, expert):
        raise PermissionDenied(
            _("Only a focal point of the expert's country or a curator can endorse an expert.")
        )
    now = timezone.now()
    expert.endorsed_by = actor
    expert.endorsed_at = now
    expert.last_verified = now.date()
    expert.save(update_fields=["endorsed_by", "endorsed_at", "last_verified", "datestamp"])
    revision_record(record=expert, action=RevisionAction.ENDORSE, actor=actor)
    return expert
