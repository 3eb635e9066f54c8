"""gunicorn settings; every value can be overridden from the environment."""

import os


def env_int(name, default, minimum=0):
    """A whole number from the environment; a bad one stops gunicorn, naming the variable."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number is None or number < minimum:
        # SystemExit, not an exception: gunicorn prints it without a traceback and stops.
        raise SystemExit(f"{name} must be a whole number of at least {minimum}, not {value!r}.")
    return number


bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Plain sync workers measured steadier than gthread on small machines; one per core. They
# also run each request in the main thread, where the request deadline of common/outages.py
# can end it (threads go without).
workers = env_int("WEB_CONCURRENCY", os.cpu_count() or 2, minimum=1)
threads = env_int("GUNICORN_THREADS", 1, minimum=1)
worker_class = "gthread" if threads > 1 else "sync"
# The backstop for a worker stuck where the request deadline (4 s) cannot reach it: it is
# killed and replaced after 10 s. Longer than the deadline plus a connect timeout (2 s), so
# it never kills a worker that is about to answer its 503 itself; short enough that a stuck
# worker is back within seconds.
timeout = env_int("GUNICORN_TIMEOUT", 10)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
# Several instances on one host must not fight over ~/.gunicorn's control socket.
control_socket_disable = True
# Access log as JSON lines on stdout, with the request id the app sets; built with
# json.dumps, so no query string or header can break a line.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
logger_class = "common.access_log.JsonAccessLogger"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The one header the proxy sets; gunicorn's default also believes X-Forwarded-Ssl and
# X-Forwarded-Protocol, which Caddy passes on from the client, and answers a contradiction
# between them with its own English 400.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}


def when_ready(server):
    # The content version and the cached pages live in Django's cache; workers that do not
    # share it would each keep their own, and an edit would reach only one of them.
    if workers > 1 and not (os.environ.get("REDIS_URL") or os.environ.get("DJANGO_CACHE_DIR")):
        server.log.warning(
            "%s workers without a shared cache: set REDIS_URL (or DJANGO_CACHE_DIR on one "
            "host), or edits will not reach every worker at once.",
            workers,
        )
