"""gunicorn's access log as JSON lines (gunicorn.conf.py names it as ``logger_class``).

gunicorn fills ``access_log_format`` by %-formatting with its own escaping, which leaves a
backslash alone: a query string like ``q=\\"`` made the line invalid JSON. Here the line is
built by ``json.dumps``, so any request gives one valid JSON object.
"""

import json
import time
import traceback

from gunicorn.glogging import Logger

from common.logs import without_signed_values


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        # Like gunicorn's own access(): a line that cannot be written must not end the
        # request's clean-up (it runs before the response is closed).
        try:
            self.access_log.info("%s", self._line(resp, req, environ, request_time))
        except Exception:  # noqa: BLE001 - logged, and the request goes on
            self.error(traceback.format_exc())

    def _line(self, resp, req, environ, request_time):
        atoms = self.atoms(resp, req, environ, request_time)
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "logger": "gunicorn.access",
            "remote": atoms["h"],
            "method": atoms["m"],
            "path": without_signed_values(atoms["U"]),
            "query": atoms["q"],
            "status": int(atoms["s"]),
            "bytes": atoms["B"],
            "duration_us": atoms["D"],
            "user_agent": atoms["a"],
            "request_id": atoms.get("{x-request-id}o", "-"),
        }
        return json.dumps(entry, ensure_ascii=False)
