"""Real servers for system tests: gunicorn instances, Redis, the PostgreSQL of the run.

These tests run in the PostgreSQL pass of `make test` (marker `system`), against the test
database that pytest-django created on the throwaway cluster of scripts/with-postgres.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.conftest import ROOT

# The instances' secret key: a command run beside them signs links they accept.
INSTANCE_SECRET_KEY = "system-test-key-" + "x" * 40


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def create_editor():
    """The editor "chefin" (a superuser), with the password "ein-langes-passwort"."""
    # Hashed as the servers (default hashers) check it, not with the tests' fast hasher.
    hasher = PBKDF2PasswordHasher()
    get_user_model().objects.create(
        username="chefin",
        password=hasher.encode("ein-langes-passwort", hasher.salt()),
        is_staff=True,
        is_superuser=True,
    )


def database_url():
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.fail("system tests need the PostgreSQL pass (make test-postgres)")


class RedisServer:
    """A throwaway redis-server on a free loopback port, which a test can stop, start again
    on the same port, freeze (SIGSTOP: connections are accepted, nothing is answered) and
    resume."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.fail("redis-server is missing (Debian: redis-server); make test installs it")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.process.kill()
                    raise
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def redis_server():
    server = RedisServer()
    yield server
    server.resume()
    server.stop()


@pytest.fixture
def redis_url(redis_server):
    return redis_server.url


@pytest.fixture(scope="session")
def collected_static():
    # Production settings serve fingerprinted files from collectstatic's manifest.
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_DEBUG": "0"},
        check=True,
    )


@pytest.fixture
def start_instance(postgres_only, collected_static):
    """Start a gunicorn instance of the portal on the test database; stopped afterwards."""
    processes = []

    def start(**env):
        port = free_port()
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": INSTANCE_SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_PAGE_CACHE": "1",
            "DJANGO_LOG_LEVEL": "ERROR",
            "GUNICORN_ACCESSLOG": "",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            **env,
        }
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "portal.wsgi"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/healthz", process)
        return base

    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=30)
