"""The portal's pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ayni.portal.selectors import record_counts_published


def home(request: HttpRequest) -> HttpResponse:
    """What Ayni is, and how many published records of each type it holds."""
    return render(request, "portal/home.html", {"counts": record_counts_published()})
