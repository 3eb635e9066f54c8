"""JSON-lines logging: every record carries the id of the request it belongs to."""

import contextvars
import json
import logging
import re

request_id = contextvars.ContextVar("request_id", default="-")

# A path segment in django.core.signing's "value:timestamp:signature" form (a colon may come
# percent-encoded) is a key to something, e.g. an employer's confirmation or management link:
# logs keep which page was asked for, not the key to it.
SIGNED_SEGMENT = re.compile(r"(?<=/)[^/\s]*(?::|%3[aA])[^/\s]*(?::|%3[aA])[^/\s]*(?=/)")
SIGNED_PLACEHOLDER = "[signiert]"


def without_signed_values(text):
    """``text`` with every path segment that holds a signed value replaced by a
    placeholder."""
    return SIGNED_SEGMENT.sub(SIGNED_PLACEHOLDER, text)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        # Django logs an error answer (django.request, django.security) after the
        # middleware has returned it and the context variable is reset, but passes the
        # request along with the record.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "id", None) or request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": without_signed_values(record.getMessage()),
            "request_id": getattr(record, "request_id", "-"),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
