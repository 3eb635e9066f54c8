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
