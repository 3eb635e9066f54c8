from django.urls import path

from regions import views

app_name = "regions"

urlpatterns = [
    path("regionen/", views.ProfileFinderView.as_view(), name="list"),
    path("regionen/<slug:region>/", views.RegionDetailView.as_view(), name="detail"),
    path(
        "berufe/<slug:occupation>/<slug:region>/",
        views.ProfileDetailView.as_view(),
        name="profile",
    ),
    path("vergleich/", views.CompareView.as_view(), name="compare"),
    path("vergleich/csv/", views.CompareCsvView.as_view(), name="compare_csv"),
]
