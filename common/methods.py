"""Which HTTP methods a view takes, read by common.middleware.AllowedMethodsMiddleware.

A class-based view says it by its handlers (``get``, ``post`` …); a function view by
``read_only`` below. A view that says nothing is left to itself.
"""

from django.views.decorators.http import require_safe

READ_METHODS = ("GET", "HEAD")


def read_only(view):
    """Django's ``require_safe``, readable from outside: GET and HEAD only."""
    view = require_safe(view)
    view.allowed_methods = READ_METHODS
    return view


def allowed_methods(view):
    """The methods ``view`` (as the URL resolver found it) takes, or None if it does not say."""
    view_class = getattr(view, "view_class", None)  # set by View.as_view()
    if view_class is None:
        return getattr(view, "allowed_methods", None)
    # As View answers them itself: HEAD is served by get() when the class has no head().
    return [
        method.upper()
        for method in view_class.http_method_names
        if hasattr(view_class, method) or (method == "head" and hasattr(view_class, "get"))
    ]
