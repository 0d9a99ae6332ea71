"""Addresses of the partnership loop: proposals, answers and the inbox (under /<lang>/)."""

from django.urls import URLPattern, URLResolver, path

from ayni.partnerships import views

app_name = "partnerships"

urlpatterns: list[URLPattern | URLResolver] = [
    path("needs/<str:uid>/propose/", views.ProposalCreateView.as_view(), name="proposal_create"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path(
        "proposals/<int:pk>/<str:action>/",
        views.ProposalAnswerView.as_view(),
        name="proposal_answer",
    ),
    path(
        "proposals/<int:pk>/partnership/<str:step>/",
        views.PartnershipProgressView.as_view(),
        name="partnership_progress",
    ),
    path("inbox/", views.NoticeListView.as_view(), name="inbox"),
]
