"""The root URLconf plus a stand-in for the public profile page (built on another branch),
so the admin's "Auf der Website ansehen" link can be followed in tests."""

from django.http import HttpResponse
from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns


def profile(request, occupation, region):
    return HttpResponse(f"{occupation}/{region}")


jobs_patterns = ([path("berufe/<occupation>/<region>/", profile, name="profile")], "jobs")

urlpatterns = [*portal_urlpatterns, path("", include(jobs_patterns))]
