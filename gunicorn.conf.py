"""gunicorn settings; every value can be overridden from the environment."""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Plain sync workers measured steadier than gthread on small machines; one per core.
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Several instances on one host must not fight over ~/.gunicorn's control socket.
control_socket_disable = True
# Access log as JSON lines on stdout, with the request id the app sets.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%(h)s", '
    '"method": "%(m)s", "path": "%(U)s", "query": "%(q)s", "status": %(s)s, '
    '"bytes": "%(B)s", "duration_us": %(D)s, "request_id": "%({x-request-id}o)s"}'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Move everything the worker has loaded (Django, the project, its modules) out of the
    garbage collector's view: the collector no longer walks tens of thousands of objects
    that live as long as the worker, which was about 0.3 ms of each finder request. What
    is garbage already is collected first, so none of it is kept for the worker's life."""
    gc.collect()
    gc.freeze()
