"""PDF downloads, under the language prefix and the ``portal`` namespace.

``/<lang>/case-studies/<id>/pdf/`` and ``/<lang>/country-profiles/<id>/pdf/``. Include these
before the detail pages' ``<record_type>/<path:uid>/``, which would otherwise take ``…/pdf/``
as part of the identifier.
"""

from django.urls import path

from ayni.portal.views import pdf

urlpatterns = [
    path("case-studies/<path:uid>/pdf/", pdf.CaseStudyPdfView.as_view(), name="case_study_pdf"),
    path(
        "country-profiles/<path:uid>/pdf/",
        pdf.CountryProfilePdfView.as_view(),
        name="country_profile_pdf",
    ),
]
