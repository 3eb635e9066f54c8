"""The client address django-axes counts failed logins for.

Without a proxy it is the connection's address. Behind ``TRUSTED_PROXY_COUNT`` reverse
proxies that each append to ``X-Forwarded-For``, it is the entry the outermost trusted
proxy wrote: counted from the right, so a client cannot choose its address by sending a
forged header of its own.
"""

from django.conf import settings


def client_ip(request):
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
