"""When the shared cache or the database is gone or hangs: answer anyway, never a 500.

Both can vanish (connection refused) or hang (a frozen server, whose kernel still
acknowledges TCP, so a call on an open connection waits for ever). What the site does:

- The shared cache (Redis in production) is asked through ``cache_call``. Its client gives
  up after a short socket timeout (settings), and a process that found it unreachable
  leaves it alone for ``CACHE_PAUSE_SECONDS``, so a hung Redis costs one timeout per pause,
  not one per request. Meanwhile pages are made uncached and the content version is not
  read (common.content_version). A process that saw the cache fail moves the content version
  on once the cache answers again (``when_cache_returns``): a change saved during the
  outage may not have moved it, and no page stored before it may be served after it.
- A request gets ``REQUEST_DEADLINE_SECONDS`` (settings). A request still running then, in
  practice one waiting on a hung database, is ended with ``DeadlineExceeded``, which
  common.errors answers with the German 503 (also when the interrupted code raised another
  error while cleaning up). Only where signals can reach it: in the main
  thread, that is gunicorn's sync workers, the production setup (gunicorn.conf.py). The
  worker timeout is the backstop for anything the deadline cannot interrupt.
- A process that lost the database (a failed connection, a lost one, a deadline that
  caught it waiting for the database) answers
  every request that would need it with the German 503 at once for
  ``DATABASE_PAUSE_SECONDS``, then tries again: a queue of requests waiting for a connect
  timeout each would starve the probes. Cached pages and static files are still served.
  A statement timeout (the database is alive but slow, e.g. a held lock) fails only its own
  request.
"""

import logging
import signal
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from psycopg import pq
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CACHE_PAUSE_SECONDS = 5.0
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
DATABASE_PAUSE_SECONDS = 2.0

# Per process; a race between threads costs at most one more attempt.
_cache = {"paused_until": 0.0, "failed": False}
_database = {"paused_until": 0.0}
_on_cache_return = []


class CacheUnreachable(Exception):
    """The shared cache did not answer; the caller goes on without it."""


class DeadlineExceeded(Exception):
    """The request ran past REQUEST_DEADLINE_SECONDS; ``waiting_for_database`` says whether
    it was waiting for a statement's answer then."""

    def __init__(self, waiting_for_database=False):
        super().__init__()
        self.waiting_for_database = waiting_for_database


def reset():
    """Forget the outages this process saw (for tests)."""
    _cache.update(paused_until=0.0, failed=False)
    _database["paused_until"] = 0.0


def when_cache_returns(callback):
    """Call ``callback()`` when the cache answers again after this process saw it fail."""
    _on_cache_return.append(callback)


def cache_available():
    return time.monotonic() >= _cache["paused_until"]


def cache_call(method, *args, **kwargs):
    """``method(*args, **kwargs)`` of the default cache, or CacheUnreachable.

    Raised at once, without a network call, while the cache is paused after a failure.
    """
    if not cache_available():
        raise CacheUnreachable
    try:
        result = method(*args, **kwargs)
    except (RedisError, OSError) as error:  # Redis, or the directory of a file cache
        _cache.update(paused_until=time.monotonic() + CACHE_PAUSE_SECONDS, failed=True)
        logger.warning(
            "Shared cache unreachable (%s); pages are made uncached, next try in %s s.",
            error,
            CACHE_PAUSE_SECONDS,
        )
        raise CacheUnreachable from error
    if _cache["failed"]:
        _cache["failed"] = False
        logger.warning("Shared cache reachable again.")
        for callback in _on_cache_return:
            callback()
        # What the callbacks changed (the content version) must be in the answer; asked
        # the same guarded way, since the cache may have failed again meanwhile.
        return cache_call(method, *args, **kwargs)
    return result


def database_paused():
    return time.monotonic() < _database["paused_until"]


def deadline_exceeded(error):
    """The DeadlineExceeded behind ``error``, if it or an error raised while handling it
    (a rollback on the interrupted connection, say) ended the request; else None."""
    while error is not None:
        if isinstance(error, DeadlineExceeded):
            return error
        error = error.__cause__ or error.__context__
    return None


def is_outage(error):
    """Whether ``error`` ended a request because the database is gone or hangs.

    A lost connection has no SQLSTATE or one of class 08 (connection exception) or 57P
    (the server shutting down or starting). A statement the server cut itself (57014, the
    statement timeout), a deadlock or a lock it would not wait for came from a database
    that answers; a deadline counts only when it caught the request waiting for one.
    """
    deadline = deadline_exceeded(error)
    if deadline is not None:
        return deadline.waiting_for_database
    if isinstance(error, OperationalError | InterfaceError):
        sqlstate = getattr(error.__cause__, "sqlstate", None)
        return sqlstate is None or sqlstate.startswith(("08", "57P"))
    return False


def database_failed():
    """Note that this process lost the database: pause it for a moment."""
    _database["paused_until"] = time.monotonic() + DATABASE_PAUSE_SECONDS


def _waiting_for_database():
    # psycopg's own word for a connection whose statement has not been answered yet.
    info = getattr(connection.connection, "info", None)
    return info is not None and info.transaction_status == pq.TransactionStatus.ACTIVE


def _expired(signum, frame):
    raise DeadlineExceeded(waiting_for_database=_waiting_for_database())


class RequestDeadlineMiddleware:
    """Give every request REQUEST_DEADLINE_SECONDS (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.REQUEST_DEADLINE_SECONDS
        # A signal handler can only be set, and a signal only arrives, in the main thread:
        # gunicorn's sync workers build the handler there. Threads (runserver, gthread)
        # go without a deadline.
        self.armed = bool(self.seconds) and threading.current_thread() is threading.main_thread()
        if self.armed:
            signal.signal(signal.SIGALRM, _expired)

    def __call__(self, request):
        if not self.armed or threading.current_thread() is not threading.main_thread():
            return self.get_response(request)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            return self.get_response(request)
        finally:
            left, _ = signal.setitimer(signal.ITIMER_REAL, 0)
            if not left and request.method not in SAFE_METHODS:
                # Cut by the deadline, a request that may write may have lost the content
                # version's bump among its on-commit callbacks: the next cache call moves
                # the version on, as after an outage of the cache. (Not after a cut GET:
                # the cached pages are what keeps the site up while the database hangs.)
                _cache["failed"] = True
