"""JSON log lines carry the id of the request they belong to."""

import json
import logging

import pytest

from common.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_django_request_lines_for_4xx_carry_the_request_id(client, caplog):
    # Django logs a 4xx or 5xx answer after the middleware has returned it, so the filter
    # runs outside the request (as it does for the console handler).
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/gibt-es-nicht/", headers={"X-Request-ID": "abc12345-proxy"})
    assert response.status_code == 404
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abc12345-proxy"
    assert line["status"] == 404


def test_a_signed_link_in_a_django_request_line_is_not_written(client, caplog):
    """A refused or broken signed link is logged as a 4xx with its path: the token, the key
    to an employer's posting, is replaced; other colons in a message stay."""
    token = ".eJyrVkpUslIqS8wpTVWqBQAekgRg:1v9xyz:Wm9vbWFuYWdlbWVudA"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(f"/stellen/verwalten/{token}/")
    assert response.status_code == 400
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    line = json.loads(JsonFormatter().format(record))
    assert "/stellen/verwalten/[signiert]/" in line["message"]
    assert token.split(":")[-1] not in line["message"]
    plain = logging.makeLogRecord({"msg": "Zeit: 12:30:00 auf /seite/", "levelno": logging.INFO})
    assert json.loads(JsonFormatter().format(plain))["message"] == "Zeit: 12:30:00 auf /seite/"
