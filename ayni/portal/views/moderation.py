"""The moderation pages: the curators' queue, and the publish / reject / endorse / merge actions
that the queue and a focal point's dashboard post to. The services check every permission.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ayni.core import permissions
from ayni.core.choices import RecordStatus
from ayni.core.errors import ApplicationError, PermissionDenied
from ayni.core.exchange import resolve_ids
from ayni.core.models import Record
from ayni.core.registry import record_model
from ayni.core.services import record_publish, record_reject
from ayni.portal.forms import RECORD_FORMS, MergeForm, RejectForm
from ayni.portal.selectors import record_url
from ayni.portal.services import record_merge
from ayni.roster.services import expert_endorse


def submitted_records() -> list[tuple[str, list[Record]]]:
    """Every submitted record, per type (its plural name), oldest first."""
    groups = []
    for record_type in RECORD_FORMS:
        model = record_model(record_type)
        records = list(
            model._default_manager.filter(status=RecordStatus.SUBMITTED)
            .select_related("submitted_by")
            .order_by("updated", "pk")[:500]
        )
        if records:
            groups.append((str(model._meta.verbose_name_plural), records))
    return groups


def _record_or_404(record_type: str, uid: str, actor: Any) -> Record:
    if record_type not in RECORD_FORMS:
        raise Http404(uid)
    record = record_model(record_type)._default_manager.filter(uid=uid).first()
    if record is None or not permissions.can_view(actor, record):
        raise Http404(uid)
    return record


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:dashboard")
    return HttpResponseRedirect(target)


@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """The curators' queue of submitted records: publish, reject with a reason, merge."""
    if not permissions.is_curator(request.user):
        raise HttpForbidden(_("Only curators moderate the queue."))
    groups = submitted_records()
    return render(
        request,
        "portal/moderation_queue.html",
        {
            "groups": groups,
            "count": sum(len(records) for _name, records in groups),
            "merge_form": MergeForm(),
        },
    )


@require_POST
@login_required
def record_moderate(request: HttpRequest, record_type: str, uid: str, action: str) -> HttpResponse:
    """Publish a record or endorse an expert (POST), through the services."""
    record = _record_or_404(record_type, uid, request.user)
    try:
        if action == "publish":
            record_publish(record=record, actor=request.user)
            messages.success(request, _("Published: %(title)s") % {"title": record.display_title})
        elif action == "endorse" and record_type == "expert":
            expert_endorse(expert=record, actor=request.user)  # type: ignore[arg-type]
            messages.success(request, _("Endorsed: %(title)s") % {"title": record.display_title})
        else:
            raise Http404(action)
    except ApplicationError as error:
        if isinstance(error, PermissionDenied):
            raise HttpForbidden(error.message) from error
        messages.error(request, error.message)
    return _back(request)


@login_required
def record_reject_view(request: HttpRequest, record_type: str, uid: str) -> HttpResponse:
    """Reject a submitted record with a reason the author reads (GET: the form)."""
    record = _record_or_404(record_type, uid, request.user)
    if not permissions.can_moderate(request.user, record):
        raise HttpForbidden(_("Only a curator or a focal point of the record's country can."))
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_reject(record=record, actor=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            if isinstance(error, PermissionDenied):
                raise HttpForbidden(error.message) from error
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Rejected: %(title)s. The author is told by e-mail.")
                % {"title": record.display_title},
            )
            return _back(request)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "portal/moderation_reject.html",
        {
            "form": form,
            "record": record,
            "record_url": record_url(record_type, uid),
            "next": request.POST.get("next") or request.GET.get("next") or "",
        },
        status=status,
    )


@login_required
def record_merge_view(request: HttpRequest) -> HttpResponse:
    """Merge two records of one type: keep one, archive the other (curators)."""
    if not permissions.is_curator(request.user):
        raise HttpForbidden(_("Only curators merge duplicate records."))
    form = MergeForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        keep_uid, duplicate_uid = form.cleaned_data["keep"], form.cleaned_data["duplicate"]
        found = resolve_ids([keep_uid, duplicate_uid], RECORD_FORMS)
        for name, uid in (("keep", keep_uid), ("duplicate", duplicate_uid)):
            if uid not in found:
                form.add_error(name, _("No record has this identifier."))
        if form.is_valid():
            keep = record_model(found[keep_uid][0])._default_manager.get(uid=keep_uid)
            duplicate = record_model(found[duplicate_uid][0])._default_manager.get(
                uid=duplicate_uid
            )
            try:
                moved = record_merge(keep=keep, duplicate=duplicate, actor=request.user)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "%(duplicate)s was archived as a duplicate of %(keep)s; "
                        "%(count)d records now point to the kept one."
                    )
                    % {"duplicate": duplicate_uid, "keep": keep_uid, "count": len(moved)},
                )
                return HttpResponseRedirect(reverse("portal:moderation_queue"))
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/moderation_merge.html", {"form": form}, status=status)
