"""gunicorn.conf.py: a bad number in the environment stops gunicorn with a clear message."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def check_config(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "WEB_"))}
    return subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "gunicorn.conf.py",
            "--print-config",
            "portal.wsgi",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )


# WEB_CONCURRENCY is left out: gunicorn itself reads it with int() when it starts, before
# this file, so a bad value ends in gunicorn's own ValueError (its traceback names it).
@pytest.mark.parametrize(
    "name",
    [
        "GUNICORN_THREADS",
        "GUNICORN_TIMEOUT",
        "GUNICORN_GRACEFUL_TIMEOUT",
        "GUNICORN_KEEPALIVE",
    ],
)
def test_a_bad_integer_names_the_variable_and_its_value(name):
    result = check_config(**{name: "zehn"})
    assert result.returncode != 0
    assert f"{name} must be a whole number" in result.stderr
    assert "'zehn'" in result.stderr
    assert "Traceback" not in result.stderr


def test_good_integers_are_read():
    result = check_config(GUNICORN_TIMEOUT="12", WEB_CONCURRENCY="3")
    assert result.returncode == 0, result.stderr
    printed = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition("=") for line in result.stdout.splitlines())
    )
    assert printed["timeout"] == "12"
    assert printed["workers"] == "3"
