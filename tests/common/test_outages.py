"""Without the shared cache the pages are made uncached; the content version catches up.

The cache here is Django's Redis backend pointed at a loopback port where nothing listens,
so the real client fails as it does when Redis is stopped. tests/system/test_outages.py
takes real servers away under load (Redis stopped and frozen, PostgreSQL frozen).
"""

import socket

import pytest
from django.core.cache import cache
from django.db import ProgrammingError
from redis.exceptions import TimeoutError as RedisTimeoutError

from common import content_version, outages
from regions.models import CareerProfile

pytestmark = pytest.mark.django_db(transaction=True)


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_nowhere():
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def redis_away(settings):
    settings.CACHES = redis_nowhere()
    settings.PAGE_CACHE_ENABLED = True


def test_pages_are_made_uncached_while_the_cache_is_away(client, ruhr_content, redis_away):
    assert client.get("/regionen/").status_code == 200
    profile = CareerProfile.objects.get(region__slug="duisburg")
    profile.title = "IT-Projektkoordination in Duisburg"
    profile.save()  # its version bump fails, and must not fail the save
    page = client.get("/regionen/")
    assert page.status_code == 200
    assert "IT-Projektkoordination in Duisburg" in page.content.decode()
    assert content_version.current() is None


def test_readyz_stays_ready_and_names_the_cache(client, redis_away):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content.decode() == (
        "ready\ndatabase: ok\ncache: unreachable, pages are made uncached\n"
    )


def test_a_process_that_saw_the_cache_fail_moves_the_version_on_when_it_returns(
    settings, monkeypatch
):
    monkeypatch.setattr(outages, "CACHE_PAUSE_SECONDS", 0)  # try again at once
    version = content_version.current()
    shared = settings.CACHES
    settings.CACHES = redis_nowhere()
    assert content_version.bump() is None  # a change saved meanwhile did not move it
    settings.CACHES = shared  # the same cache, back with the version of before
    assert cache.get(content_version.KEY) == version
    assert content_version.current() == version + 1


def test_a_cache_that_fails_again_while_the_version_catches_up_is_still_unreachable(
    monkeypatch,
):
    # Redis answers once after an outage and then times out again (a restarting server).
    monkeypatch.setattr(outages, "CACHE_PAUSE_SECONDS", 0)
    answers = iter([])

    def flaky():
        try:
            return next(answers)
        except StopIteration:
            raise RedisTimeoutError("Timeout reading from socket") from None

    with pytest.raises(outages.CacheUnreachable):
        outages.cache_call(flaky)  # the outage
    answers = iter(["answer"])
    with pytest.raises(outages.CacheUnreachable):
        outages.cache_call(flaky)  # answers, then fails while catching up


def test_a_deadline_counts_also_behind_the_error_its_clean_up_raised():
    try:
        try:
            raise outages.DeadlineExceeded(waiting_for_database=True)
        except outages.DeadlineExceeded:
            raise ProgrammingError("can't change 'autocommit' now") from None
    except ProgrammingError as error:
        cleanup_error = error
    assert outages.deadline_exceeded(cleanup_error) is not None
    assert outages.is_outage(cleanup_error)
    assert not outages.is_outage(outages.DeadlineExceeded(waiting_for_database=False))
