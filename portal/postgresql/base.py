"""Django's PostgreSQL backend with a health check that costs no round trip.

With ``CONN_HEALTH_CHECKS`` Django asks a persistent connection ``SELECT 1`` before the
first query of every request: one more round trip per page, an eighth of the finder's
time under load. A connection the server has closed (a restart, an idle timeout, an
administrator's ``pg_terminate_backend``) has something to read on its socket, the
server's notice or the end of the stream, while a healthy idle one has nothing. So the
check looks at the socket first, without waiting, and asks ``SELECT 1`` only when there
is something to read or the connection is not idle.
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status == TransactionStatus.IDLE and not _readable(
            connection.fileno()
        ):
            return True
        return super().is_usable()


def _readable(fd):
    """Whether the socket ``fd`` has something to read (or was closed), without waiting."""
    if hasattr(select, "poll"):  # no limit on the descriptor's number, unlike select()
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))
    readable, _, _ = select.select([fd], [], [], 0)
    return bool(readable)
