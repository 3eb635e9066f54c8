"""Just enough of a browser for the system tests: cookies, and forms as a browser posts them."""

import http.cookiejar
import urllib.parse
import urllib.request
from html.parser import HTMLParser


class FormParser(HTMLParser):
    """Collects the successful controls of the form with ``form_id``."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = (name, attrs)
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select[0], attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None


class BehindTlsProxy(http.cookiejar.DefaultCookiePolicy):
    """Send Secure cookies over loopback HTTP, as a TLS-terminating proxy in front would."""

    def return_ok_secure(self, cookie, request):
        return True


class Browser:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(BehindTlsProxy()))
        )

    def get(self, path):
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def form(self, path, form_id):
        parser = FormParser(form_id)
        parser.feed(self.get(path))
        return parser.fields

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(  # noqa: S310 - the test's own loopback server
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=10) as response:
            return response.geturl(), response.read().decode()

    def login(self, username, password):
        fields = dict(self.form("/admin/login/", "login-form"))
        fields.update(username=username, password=password)
        url, _ = self.post("/admin/login/", list(fields.items()))
        if "/admin/login/" in url:
            raise AssertionError("login failed")
