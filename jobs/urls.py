from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("berufe/", views.OccupationListView.as_view(), name="list"),
    path("berufe/<slug:occupation>/", views.OccupationDetailView.as_view(), name="occupation"),
]
