from django.urls import path

from common.methods import read_only
from jobs import feeds, submission_views, views

app_name = "jobs"

urlpatterns = [
    path("berufe/", views.OccupationListView.as_view(), name="list"),
    path("berufe/<slug:occupation>/", views.OccupationDetailView.as_view(), name="occupation"),
    path("stellen/", views.PostingListView.as_view(), name="postings"),
    # An employer's submission (SPEC §10); the signed links carry their token in the path.
    path("stellen/einreichen/", submission_views.SubmitView.as_view(), name="submit"),
    path(
        "stellen/einreichen/danke/<str:token>/",
        submission_views.ReceivedView.as_view(),
        name="submission_received",
    ),
    path(
        "stellen/bestaetigen/<str:token>/",
        submission_views.ConfirmView.as_view(),
        name="submission_confirm",
    ),
    path(
        "stellen/verwalten/<str:token>/",
        submission_views.ManageView.as_view(),
        name="submission_manage",
    ),
    path(
        "stellen/verwalten/<str:token>/bearbeiten/",
        submission_views.ManageEditView.as_view(),
        name="submission_edit",
    ),
    path("stellen/<int:pk>-<slug:slug>/", views.PostingDetailView.as_view(), name="posting"),
    # Without the slug: redirected to the address with it.
    path("stellen/<int:pk>/", views.PostingDetailView.as_view(), name="posting_short"),
    path("feeds/stellen/", read_only(feeds.PostingsFeed()), name="feed"),
]
