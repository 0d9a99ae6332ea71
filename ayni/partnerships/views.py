"""Pages of the partnership loop: propose a match, answer it, move the partnership on, and
read one's notices. Thin: forms check the input, services decide and write, selectors read.
Every page works without JavaScript; every change is a POST with its CSRF token."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View

from ayni.core.errors import ApplicationError
from ayni.core.errors import PermissionDenied as CorePermissionDenied
from ayni.partnerships import services
from ayni.partnerships.forms import (
    AnswerForm,
    NoticeReadForm,
    PartnershipCompleteForm,
    ProposalForm,
)
from ayni.partnerships.models import Proposal
from ayni.partnerships.selectors import (
    ProposalCandidates,
    need_get_for_proposal,
    notice_list,
    notice_unread_count,
    proposal_actions,
    proposal_candidates,
    proposal_get,
    proposal_list_for_need,
    provider_get,
)
from ayni.roster.models import Organization


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _proposal_or_404(request: HttpRequest, pk: int) -> Proposal:
    proposal = proposal_get(pk=pk, actor=request.user)
    if proposal is None:
        raise Http404(_("No such proposal."))
    return proposal


def _detail_url(proposal: Proposal) -> str:
    return reverse("partnerships:proposal_detail", kwargs={"pk": proposal.pk})


class ProposalCreateView(LoginRequiredMixin, View):
    """Propose a match for a need: a provider among its matches, a funder, a message."""

    template_name = "partnerships/proposal_create.html"

    def _context(self, request: HttpRequest, uid: str, data: Any = None) -> dict[str, Any]:
        need = need_get_for_proposal(uid=uid, actor=request.user)
        if need is None:
            raise Http404(_("No such need."))
        try:
            candidates = proposal_candidates(need=need, actor=request.user, language=_language())
        except CorePermissionDenied as error:
            raise Http404(_("No such need.")) from error
        except ApplicationError as error:  # the matching could not run: say so, offer nothing
            messages.error(request, error.message)
            candidates = ProposalCandidates(providers=[], funders=[])
        form = ProposalForm(data, providers=candidates.providers, funders=candidates.funders)
        return {
            "need": need,
            "candidates": candidates,
            "form": form,
            "proposals": proposal_list_for_need(need=need, actor=request.user),
        }

    def get(self, request: HttpRequest, uid: str) -> HttpResponse:
        return render(request, self.template_name, self._context(request, uid))

    def post(self, request: HttpRequest, uid: str) -> HttpResponse:
        context = self._context(request, uid, request.POST)
        form = context["form"]
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        provider = provider_get(uid=form.cleaned_data["provider"], actor=request.user)
        funder = None
        if form.cleaned_data["funder"]:
            funder = Organization.objects.filter(uid=form.cleaned_data["funder"]).first()
        if provider is None:
            form.add_error("provider", _("This provider is no longer published."))
            return render(request, self.template_name, context, status=400)
        try:
            proposal = services.proposal_create(
                need=context["need"],
                provider=provider,
                funder=funder,
                message=form.cleaned_data["message"],
                actor=request.user,
            )
        except CorePermissionDenied as error:
            form.add_error(None, error.message)
            return render(request, self.template_name, context, status=403)
        except ApplicationError as error:
            form.add_error(None, error.message)
            return render(request, self.template_name, context, status=400)
        messages.success(request, _("The match was proposed. The other side has been told."))
        return HttpResponseRedirect(_detail_url(proposal))


class ProposalDetailView(LoginRequiredMixin, View):
    """A proposal, its answers, its partnership and the buttons the reader may use."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        proposal = _proposal_or_404(request, pk)
        context = {
            "proposal": proposal,
            "actions": proposal_actions(proposal=proposal, actor=request.user),
            "complete_form": PartnershipCompleteForm(),
        }
        return render(request, "partnerships/proposal_detail.html", context)


ANSWERS = {
    "accept": _("You accepted the proposal."),
    "decline": _("You declined the proposal."),
    "withdraw": _("You withdrew the proposal."),
}


class ProposalAnswerView(LoginRequiredMixin, View):
    """Accept, decline or withdraw a proposal (POST only)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in ANSWERS:
            raise Http404(action)
        proposal = _proposal_or_404(request, pk)
        form = AnswerForm(request.POST)
        side = (form.cleaned_data["side"] or None) if form.is_valid() else None
        try:
            if action == "accept":
                services.proposal_accept(proposal=proposal, actor=request.user, side=side)
            elif action == "decline":
                services.proposal_decline(proposal=proposal, actor=request.user)
            else:
                services.proposal_withdraw(proposal=proposal, actor=request.user)
        except CorePermissionDenied as error:
            raise DjangoPermissionDenied(error.message) from error
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, ANSWERS[action])
        return HttpResponseRedirect(_detail_url(proposal))


STEPS = {
    "start": _("The partnership is now active."),
    "complete": _("The partnership is completed. A draft case study awaits you."),
    "cancel": _("The partnership was cancelled."),
}


class PartnershipProgressView(LoginRequiredMixin, View):
    """Move the partnership of an agreed proposal on: start, complete, cancel (POST only)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        if step not in STEPS:
            raise Http404(step)
        proposal = _proposal_or_404(request, pk)
        partnership = proposal.partnership
        if partnership is None:
            raise Http404(_("This proposal has no partnership yet."))
        try:
            if step == "start":
                services.partnership_start(partnership=partnership, actor=request.user)
            elif step == "cancel":
                services.partnership_cancel(partnership=partnership, actor=request.user)
            else:
                form = PartnershipCompleteForm(request.POST)
                if not form.is_valid():
                    context = {
                        "proposal": proposal,
                        "actions": proposal_actions(proposal=proposal, actor=request.user),
                        "complete_form": form,
                    }
                    return render(request, "partnerships/proposal_detail.html", context, status=400)
                outcome = form.cleaned_data["outcome"]
                services.partnership_complete(
                    partnership=partnership,
                    actor=request.user,
                    outcome={_language(): outcome} if outcome else None,
                    end_date=form.cleaned_data["end_date"],
                )
        except CorePermissionDenied as error:
            raise DjangoPermissionDenied(error.message) from error
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, STEPS[step])
        return HttpResponseRedirect(_detail_url(proposal))


class NoticeListView(LoginRequiredMixin, View):
    """The inbox: what happened to the matches one is part of; mark notices read (POST)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "notices": notice_list(actor=request.user),
            "unread": notice_unread_count(actor=request.user),
        }
        return render(request, "partnerships/notice_list.html", context)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = NoticeReadForm(request.POST)
        if not form.is_valid() or not (form.cleaned_data["all"] or form.cleaned_data["notice"]):
            messages.error(request, _("Choose a notice to mark read, or all of them."))
        else:
            ids = None if form.cleaned_data["all"] else [form.cleaned_data["notice"]]
            services.notices_mark_read(actor=request.user, notice_ids=ids)
        return HttpResponseRedirect(reverse("partnerships:inbox"))
