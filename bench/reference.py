"""The yardstick: a minimal Django project whose only view answers "ok".

Served by the same gunicorn configuration as the portal in the same benchmark run, so the
portal's figures are ratios to what Django itself costs on this machine today.
"""

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "benchmark-reference-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
USE_TZ = True


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("ok", ok)]
