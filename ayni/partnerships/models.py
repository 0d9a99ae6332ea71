"""Proposed matches between a need and a provider, and the notices that tell each side."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ayni.partnerships.choices import OPEN_STATES, NoticeVerb, ProposalState


class Proposal(models.Model):
    """A match proposed between a need and one provider (an expert, organization or offer).

    It becomes a partnership (``ayni.needs.models.Partnership``) when both sides accept.
    """

    need = models.ForeignKey(
        "needs.Need", verbose_name=_("need"), on_delete=models.CASCADE, related_name="proposals"
    )
    provider_expert = models.ForeignKey(
        "roster.Expert",
        verbose_name=_("provider (expert)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    provider_organization = models.ForeignKey(
        "roster.Organization",
        verbose_name=_("provider (organization)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    provider_offer = models.ForeignKey(
        "needs.Offer",
        verbose_name=_("provider (offer)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    provider_uid = models.CharField(
        _("provider identifier"),
        max_length=255,
        help_text=_("The exchange id of the provider record (one open proposal per need and id)."),
    )
    funder = models.ForeignKey(
        "roster.Organization",
        verbose_name=_("funder (triangular)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals_funded",
    )
    message = models.TextField(_("message"), blank=True, max_length=4000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=24, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    partnership = models.OneToOneField(
        "needs.Partnership",
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )
    case_study = models.ForeignKey(
        "casestudies.CaseStudy",
        verbose_name=_("draft case study"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("proposed at"), default=timezone.now)
    need_answered_at = models.DateTimeField(
        _("accepted by the requesting side at"), null=True, blank=True
    )
    provider_answered_at = models.DateTimeField(
        _("accepted by the provider at"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("agreed, declined or withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ProposalState.values),
                name="partnerships_proposal_state_valid",
                violation_error_message=_("The state is not a known state."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        provider_expert__isnull=False,
                        provider_organization__isnull=True,
                        provider_offer__isnull=True,
                    )
                    | Q(
                        provider_expert__isnull=True,
                        provider_organization__isnull=False,
                        provider_offer__isnull=True,
                    )
                    | Q(
                        provider_expert__isnull=True,
                        provider_organization__isnull=True,
                        provider_offer__isnull=False,
                    )
                ),
                name="partnerships_proposal_one_provider",
                violation_error_message=_(
                    "A proposal names one provider: an expert, an organization or an offer."
                ),
            ),
            models.UniqueConstraint(
                fields=["need", "provider_uid"],
                condition=Q(state__in=OPEN_STATES),
                name="partnerships_proposal_one_open",
                violation_error_message=_(
                    "This provider has already been proposed for this need and awaits an answer."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need.uid} ↔ {self.provider_uid} ({self.state})"

    @property
    def provider(self) -> models.Model:
        """The provider record: the expert, organization or offer."""
        found = self.provider_expert or self.provider_organization or self.provider_offer
        assert found is not None  # the constraint holds
        return found

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def need_accepted(self) -> bool:
        return self.need_answered_at is not None

    @property
    def provider_accepted(self) -> bool:
        return self.provider_answered_at is not None


class Notice(models.Model):
    """A line on a person's dashboard: something happened to a match they are part of."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    verb = models.CharField(_("what happened"), max_length=16, choices=NoticeVerb.choices)
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    subject = models.CharField(
        _("about"), max_length=500, blank=True, help_text=_("The need's title, as it was.")
    )
    link = models.CharField(_("link"), max_length=500)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="partnerships_notice_unread")]
        constraints = [
            models.CheckConstraint(
                condition=Q(verb__in=NoticeVerb.values),
                name="partnerships_notice_verb_valid",
                violation_error_message=_("The notice's kind is not known."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.verb} {self.subject}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
