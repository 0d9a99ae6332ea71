"""A case study or a country profile as a PDF (WeasyPrint, Debian's fonts), in the reader's
language.

The PDF shows what the record's page shows (``record_page``), to whoever may open that page:
an absent record and one the reader may not see both answer 404.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language, get_language_bidi
from django.views import View
from weasyprint import HTML

from ayni.portal.maps.render import country_map_svg
from ayni.portal.selectors import portal_record_get, record_page, record_url

#: The record types that can be downloaded as PDF.
PDF_TYPES = ("case-study", "country-profile")


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's URL fetcher: fetch nothing (the print template is self-contained)."""
    raise ValueError(f"Not fetched while printing: {url}")


def pdf_filename(record_type: str, uid: str) -> str:
    """The file name offered for download: ``case-study-ayni-cs-42.pdf``."""
    return f"{record_type}-{slugify(uid.replace(':', '-')) or 'record'}.pdf"


class RecordPdfView(View):
    """A record's page as a PDF download; 404 unless the reader may open the page."""

    record_type = ""

    def get(self, request: HttpRequest, uid: str) -> HttpResponse:
        if self.record_type not in PDF_TYPES:
            raise Http404(uid)
        record = portal_record_get(record_type=self.record_type, uid=uid, actor=request.user)
        if record is None:
            raise Http404(uid)
        page = record_page(record=record, actor=request.user)
        country = page.data.get("country") if self.record_type == "country-profile" else None
        context = {
            "page": page,
            "language": get_language() or "en",
            "bidi": get_language_bidi(),
            "url": request.build_absolute_uri(record_url(self.record_type, uid)),
            "map": country_map_svg(country) if country else "",
        }
        html = render_to_string("portal/record_pdf.html", context, request=request)
        document = HTML(
            string=html, base_url=request.build_absolute_uri("/"), url_fetcher=refuse_fetch
        )
        response = HttpResponse(document.write_pdf(), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=pdf_filename(self.record_type, uid)
        )
        return response


class CaseStudyPdfView(RecordPdfView):
    """A case study as a PDF."""

    record_type = "case-study"


class CountryProfilePdfView(RecordPdfView):
    """A country profile as a PDF."""

    record_type = "country-profile"
