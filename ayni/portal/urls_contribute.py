"""Portal addresses of the contribute pages (included into the ``portal`` namespace).

``<record_type:...>`` is the plural segment of ``urls.RecordTypeConverter`` (``case-studies``).
These patterns come before the detail page's, so ``.../<id>/edit/`` is not read as an id.
"""

from django.urls import URLPattern, URLResolver, path

from ayni.portal.views import contribute, moderation

urlpatterns: list[URLPattern | URLResolver] = [
    path("contribute/", contribute.contribute_choose, name="contribute"),
    path(
        "contribute/<record_type:record_type>/new/",
        contribute.RecordCreateView.as_view(),
        name="record_create",
    ),
    path(
        "<record_type:record_type>/<path:uid>/edit/",
        contribute.RecordEditView.as_view(),
        name="record_edit",
    ),
    path(
        "<record_type:record_type>/<path:uid>/contact/",
        contribute.ContactView.as_view(),
        name="contact",
    ),
    path("dashboard/", contribute.dashboard, name="dashboard"),
    path("shared/<str:token>/", contribute.shared_draft, name="shared_draft"),
    path("moderation/", moderation.moderation_queue, name="moderation_queue"),
    path("moderation/merge/", moderation.record_merge_view, name="record_merge"),
    path(
        "moderation/<record_type:record_type>/<path:uid>/reject/",
        moderation.record_reject_view,
        name="record_reject",
    ),
    path(
        "moderation/<record_type:record_type>/<path:uid>/<slug:action>/",
        moderation.record_moderate,
        name="record_moderate",
    ),
]
