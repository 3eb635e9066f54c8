from django.urls import path

from common.methods import read_only
from jobs import feeds, views

app_name = "jobs"

urlpatterns = [
    path("berufe/", views.OccupationListView.as_view(), name="list"),
    path("berufe/<slug:occupation>/", views.OccupationDetailView.as_view(), name="occupation"),
    path("stellen/", views.PostingListView.as_view(), name="postings"),
    path("stellen/<int:pk>-<slug:slug>/", views.PostingDetailView.as_view(), name="posting"),
    # Without the slug: redirected to the address with it.
    path("stellen/<int:pk>/", views.PostingDetailView.as_view(), name="posting_short"),
    path("feeds/stellen/", read_only(feeds.PostingsFeed()), name="feed"),
]
