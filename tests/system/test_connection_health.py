"""Persistent PostgreSQL connections survive the server closing them (CONN_HEALTH_CHECKS)."""

import select
import time

import pytest
from django.db import connection

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_a_connection_the_server_closed_is_replaced(postgres_only):
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    administrator = connection.copy()
    try:
        with administrator.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        administrator.close()
    # The server's notice arrives on the socket of the terminated connection.
    select.select([connection.connection.fileno()], [], [], 5)
    time.sleep(0.1)
    assert not connection.is_usable()

    connection.health_check_done = False
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
