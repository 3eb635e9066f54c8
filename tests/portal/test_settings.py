"""Settings read from the environment: integers checked, HSTS preload only on request."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

INTEGER_SETTINGS = [
    "DJANGO_CONN_MAX_AGE",
    "DJANGO_PAGE_CACHE_SECONDS",
    "STALE_AFTER_DAYS",
    "DJANGO_HSTS_SECONDS",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_MINUTES",
    "DJANGO_TRUSTED_PROXY_COUNT",
    "DJANGO_REQUEST_DEADLINE_SECONDS",
    "EMAIL_TIMEOUT",
    "SUBMISSIONS_PER_ADDRESS_PER_DAY",
    "SUBMISSIONS_PER_CONTACT_PER_DAY",
    # Read only for PostgreSQL (test_database_timeouts_are_whole_numbers_too).
]
POSTGRES = "postgres://portal@127.0.0.1:5432/portal"


def load_settings(expression="None", **env):
    """Import the settings in a fresh process with only ``env`` set; print ``expression``."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "AXES_", "STALE_", "REDIS_", "DATABASE_", "EMAIL_"))
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"from portal.settings import *; print({expression})"],
        cwd=ROOT,
        env={**clean, "DJANGO_SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("name", INTEGER_SETTINGS)
@pytest.mark.parametrize("value", ["abc", "1.5", "-3"])
def test_a_bad_integer_stops_with_the_variable_and_its_value(name, value):
    result = load_settings(**{name: value})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:")
    assert name in last_line and repr(value) in last_line


@pytest.mark.parametrize("name", ["DJANGO_DB_CONNECT_TIMEOUT", "DJANGO_DB_STATEMENT_TIMEOUT_MS"])
def test_database_timeouts_are_whole_numbers_too(name):
    result = load_settings(DATABASE_URL=POSTGRES, **{name: "abc"})
    assert result.returncode != 0
    assert name in result.stderr.strip().splitlines()[-1]


def test_a_connect_timeout_of_zero_which_would_wait_for_ever_is_refused():
    result = load_settings(DATABASE_URL=POSTGRES, DJANGO_DB_CONNECT_TIMEOUT="0")
    assert result.returncode != 0
    assert "DJANGO_DB_CONNECT_TIMEOUT" in result.stderr.strip().splitlines()[-1]


def test_the_database_timeouts_reach_postgresql():
    result = load_settings("DATABASES['default']['OPTIONS']", DATABASE_URL=POSTGRES)
    assert result.returncode == 0, result.stderr
    assert "'connect_timeout': 2" in result.stdout
    assert "'options': '-c statement_timeout=3000'" in result.stdout


def test_good_integers_and_blank_values_are_read():
    result = load_settings(
        "DATABASES['default']['CONN_MAX_AGE'], AXES_FAILURE_LIMIT",
        DJANGO_CONN_MAX_AGE=" 0 ",
        AXES_FAILURE_LIMIT="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "5"]


def test_the_lockout_needs_at_least_one_failure():
    result = load_settings(AXES_FAILURE_LIMIT="0")
    assert result.returncode != 0
    assert "AXES_FAILURE_LIMIT" in result.stderr.strip().splitlines()[-1]


def test_hsts_preload_is_off_unless_the_operator_opts_in():
    assert load_settings("SECURE_HSTS_PRELOAD").stdout.strip() == "False"
    assert load_settings("SECURE_HSTS_PRELOAD", DJANGO_HSTS_PRELOAD="1").stdout.strip() == "True"


@pytest.mark.parametrize("value", ["abc", "13.89", "-1", "nan", "inf", "13,90"])
def test_a_minimum_wage_below_the_floor_or_not_a_number_stops_the_start(value):
    result = load_settings(MINIMUM_WAGE_EUR_PER_HOUR=value)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:")
    assert "MINIMUM_WAGE_EUR_PER_HOUR" in last_line and repr(value) in last_line


def test_the_minimum_wage_is_read_as_a_decimal_with_the_floor_as_default():
    wage = "MINIMUM_WAGE_EUR_PER_HOUR"
    assert load_settings(wage, MINIMUM_WAGE_EUR_PER_HOUR=" 14.60 ").stdout.split() == ["14.60"]
    assert load_settings(wage, MINIMUM_WAGE_EUR_PER_HOUR="").stdout.split() == ["13.90"]


def test_the_default_minimum_wage_is_the_database_constraints_floor(settings):
    from jobs.models import MINIMUM_WAGE_FLOOR

    # Unless the environment of this run raises it.
    if "MINIMUM_WAGE_EUR_PER_HOUR" not in os.environ:
        assert settings.MINIMUM_WAGE_EUR_PER_HOUR == MINIMUM_WAGE_FLOOR


@pytest.mark.parametrize(
    ("url", "mailer"),
    [
        ("", {"BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("console:", {"BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            "smtp://post%40firma:g%3Aheim@mail.example:2525",
            {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {
                    "host": "mail.example",
                    "port": 2525,
                    "username": "post@firma",
                    "password": "g:heim",
                    "use_tls": False,
                    "timeout": 2,
                },
            },
        ),
        (
            "smtp+tls://mail.example",
            {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {
                    "host": "mail.example",
                    "port": 587,
                    "username": "",
                    "password": "",
                    "use_tls": True,
                    "timeout": 2,
                },
            },
        ),
    ],
)
def test_email_url_configures_the_default_mailer(url, mailer):
    result = load_settings("MAILERS['default']", EMAIL_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(mailer)


@pytest.mark.parametrize(
    "url", ["http://mail.example", "smtp://", "smtp://mail.example:99999", "smtps://u:geheim@h"]
)
def test_a_bad_email_url_stops_the_start_naming_the_variable_not_the_password(url):
    result = load_settings(EMAIL_URL=url)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: EMAIL_URL")
    assert "geheim" not in result.stderr


def test_the_mail_timeout_must_end_before_the_request_deadline():
    result = load_settings(EMAIL_TIMEOUT="4", DJANGO_REQUEST_DEADLINE_SECONDS="4")
    assert result.returncode != 0
    assert "EMAIL_TIMEOUT (4) must be shorter" in result.stderr.strip().splitlines()[-1]
    assert load_settings(EMAIL_TIMEOUT="9", DJANGO_REQUEST_DEADLINE_SECONDS="0").returncode == 0


@pytest.mark.parametrize(
    ("deadline", "timeout"), [("4", "2"), ("2", "1.0"), ("1", "0.5"), ("0", "2")]
)
def test_the_default_mail_timeout_ends_before_the_request_deadline(deadline, timeout):
    result = load_settings(
        "MAILERS['default']['OPTIONS']['timeout']",
        EMAIL_URL="smtp://mail.example",
        DJANGO_REQUEST_DEADLINE_SECONDS=deadline,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == timeout
