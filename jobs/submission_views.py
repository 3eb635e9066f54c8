"""The pages of an employer's submission (SPEC §10): the form with its preview, the
thank-you page, the confirmation and the management page behind the signed links.

Only these pages carry forms, so only they set the CSRF cookie; none is cached (each
answers ``Cache-Control: no-store``) or indexed. Writes and mails are in jobs/services.py;
a link that is tampered with, expired or used answers a German page saying what to do.
"""

import datetime

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from common.login_throttle import client_ip
from common.text import today
from jobs import links, selectors, services
from jobs.choices import PostingStatus
from jobs.forms import HONEYPOT_FIELD, MAX_BODY_BYTES, EditForm, ExtendForm, SubmissionForm
from jobs.models import MailKind

# What the preview's buttons send as "schritt".
PREVIEW, SUBMIT, CHANGE = "vorschau", "absenden", "aendern"
# What the management page's buttons send as "aktion", and the notice after each.
WITHDRAW, EXTEND, RESEND = "zurueckziehen", "verlaengern", "erneut-senden"
NOTICE_PARAMETER = "erledigt"
# "abgewiesen": the mail server refused the employer's address for good (the mail is dropped).
REFUSED = "abgewiesen"
NOTICES = ("bestaetigt", "geaendert", "zurueckgezogen", "verlaengert", "gesendet", REFUSED)
# The notice after a change that is no longer possible (the edit page redirects).
EDIT, EDIT_REFUSED = "aendern", "nicht-aenderbar"

# The problems of a link: the status of the page that explains them.
LINK_STATUS = {
    links.Problem.TAMPERED: 400,
    links.Problem.EXPIRED: 410,
    links.Problem.USED: 410,
    links.Problem.GONE: 410,
}


def _base_url(request):
    return request.build_absolute_uri("/")


def _too_large(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        return True


def _refused(request, reason, status):
    return render(request, "jobs/submission_refused.html", {"reason": reason}, status=status)


def _link_problem(request, error, kind):
    context = {"problem": str(error.problem), "kind": kind}
    return render(request, "jobs/submission_link.html", context, status=LINK_STATUS[error.problem])


def _seconds_until_tomorrow():
    now = timezone.localtime(timezone=timezone.get_default_timezone())
    tomorrow = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=now.tzinfo
    )
    return max(1, int((tomorrow - now).total_seconds()))


def _over_limit(request, per_contact=False):
    context = {"per_contact": per_contact}
    response = render(request, "jobs/submission_limit.html", context, status=429)
    response["Retry-After"] = str(_seconds_until_tomorrow())
    return response


def _form_step(request, form_class, template_context, *, instance=None):
    """The form and its preview, shared by a new submission and a change: the valid form
    whose "Absenden" was pressed, or the page to show instead."""
    form = form_class(request.POST, instance=instance)
    step = request.POST.get("schritt", PREVIEW)
    if step == CHANGE or not form.is_valid():
        context = {**template_context, "form": form}
        return None, render(request, "jobs/submission_form.html", context)
    if step != SUBMIT:
        preview = selectors.submission_preview(
            form.instance, form.cleaned_data["tools"], form.cleaned_data["sectors"]
        )
        context = {**template_context, "form": form, "preview": preview}
        return None, render(request, "jobs/submission_preview.html", context)
    return form, None


@method_decorator(never_cache, name="dispatch")
class SubmitView(View):
    """/stellen/einreichen/: the form, the preview, and the stored submission."""

    def get(self, request):
        return render(request, "jobs/submission_form.html", {"form": SubmissionForm()})

    def post(self, request):
        if _too_large(request):
            return _refused(request, "too-large", 413)
        if request.POST.get(HONEYPOT_FIELD):
            return _refused(request, "honeypot", 400)
        address = client_ip(request)
        if services.over_daily_limit(address):
            return _over_limit(request)
        form, page = _form_step(request, SubmissionForm, {})
        if page is not None:
            return page
        try:
            posting = services.submit(form, address, _base_url(request))
        except services.DailyLimitReached as limit:
            return _over_limit(request, per_contact=limit.per_contact)
        return HttpResponseRedirect(
            reverse("jobs:submission_received", args=[links.receipt_token(posting)])
        )


@method_decorator(never_cache, name="dispatch")
class ReceivedView(View):
    """The thank-you page: check your mailbox (or: the mail failed, send it again)."""

    def get(self, request, token):
        try:
            posting = links.received(token)
        except links.LinkError as error:
            return _link_problem(request, error, "receipt")
        unsent = MailKind.CONFIRMATION in services.unsent(posting)
        # The confirmation's recipient refused for good: its address is gone (services.send).
        refused = posting.confirmed_at is None and not posting.contact_email
        context = {"posting": posting, "unsent": unsent, "refused": refused, "token": token}
        return render(request, "jobs/submission_received.html", context)

    def post(self, request, token):
        try:
            posting = links.received(token)
        except links.LinkError as error:
            return _link_problem(request, error, "receipt")
        services.resend(posting, _base_url(request), kinds=[MailKind.CONFIRMATION])
        return HttpResponseRedirect(request.path)


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """The confirmation link: a button (a mail scanner that opens the link confirms
    nothing), then into the review queue and on to the management page."""

    def get(self, request, token):
        try:
            posting = links.confirmable(token)
        except links.LinkError as error:
            return _link_problem(request, error, "confirm")
        return render(request, "jobs/submission_confirm.html", {"posting": posting})

    def post(self, request, token):
        try:
            posting = links.confirmable(token)
        except links.LinkError as error:
            return _link_problem(request, error, "confirm")
        try:
            posting = services.confirm(posting, _base_url(request))
        except links.LinkError as error:  # confirmed meanwhile (a double click)
            return _link_problem(request, error, "confirm")
        return _to_manage(posting, "bestaetigt")


def _refusal(posting, action):
    """Why ``action`` (a button of an out-of-date page, or none we know) is not possible
    for ``posting`` now, in German."""
    if action not in (WITHDRAW, EXTEND, EDIT):
        return _(
            "Diese Aktion ist nicht möglich, weil wir sie nicht kennen. Bitte nutzen Sie die "
            "Schaltflächen auf dieser Seite."
        )
    if posting.status == PostingStatus.WITHDRAWN:
        because = _("weil die Anzeige schon zurückgezogen ist")
    elif action == WITHDRAW and posting.status == PostingStatus.REJECTED:
        because = _("weil die Redaktion die Anzeige abgelehnt hat; sie ist nicht öffentlich")
    elif action == EXTEND and posting.extended:
        because = _("weil die Anzeige schon einmal verlängert wurde")
    elif action == EXTEND and not posting.is_open():
        because = _("weil die Anzeige gerade nicht veröffentlicht ist")
    elif action == EXTEND:
        because = _("weil die Anzeige schon 90 Tage nach ihrer Veröffentlichung endet")
    else:
        because = _("weil sich ihr Stand inzwischen geändert hat")
    return _("Diese Aktion ist nicht mehr möglich, %(because)s.") % {"because": because}


def _to_manage(posting, notice):
    url = reverse("jobs:submission_manage", args=[links.management_token(posting)])
    return HttpResponseRedirect(f"{url}?{NOTICE_PARAMETER}={notice}")


@method_decorator(never_cache, name="dispatch")
class ManageView(View):
    """The management link: status, change, withdraw, extend once, send mails again."""

    def _page(self, request, posting, extend_form=None, status=200, refused=""):
        notice = request.GET.get(NOTICE_PARAMETER, "")
        if notice == EDIT_REFUSED:
            refused = _refusal(posting, EDIT)
        context = {
            "managed": selectors.managed_posting(posting),
            "notice": notice if notice in NOTICES else "",
            "refused": refused,
            "extend_form": extend_form or ExtendForm(),
            "today": today(),
        }
        return render(request, "jobs/submission_manage.html", context, status=status)

    def get(self, request, token):
        try:
            posting = links.manageable(token)
        except links.LinkError as error:
            return _link_problem(request, error, "manage")
        return self._page(request, posting)

    def post(self, request, token):
        try:
            posting = links.manageable(token)
        except links.LinkError as error:
            return _link_problem(request, error, "manage")
        action = request.POST.get("aktion")
        if action == WITHDRAW and services.withdraw(posting) is not None:
            return _to_manage(posting, "zurueckgezogen")
        if action == EXTEND and services.can_extend(posting):
            form = ExtendForm(request.POST)
            if not form.is_valid():
                return self._page(request, posting, extend_form=form, status=400)
            if services.extend(posting, form.cleaned_data["days"]) is not None:
                return _to_manage(posting, "verlaengert")
            posting.refresh_from_db()
        if action == RESEND:
            deliveries = services.resend(posting, _base_url(request))
            refused = any(
                deliveries.get(kind) is services.Delivery.REFUSED
                for kind in services.EMPLOYER_MAILS
            )
            return _to_manage(posting, REFUSED if refused else "gesendet")
        # A button of a page that is out of date (already withdrawn, extended …).
        return self._page(request, posting, status=409, refused=_refusal(posting, action))


@method_decorator(never_cache, name="dispatch")
class ManageEditView(View):
    """A change through the management link: the same form and preview, then back to review."""

    def _context(self, token, posting):
        return {"editing": True, "token": token, "posting": posting}

    def get(self, request, token):
        try:
            posting = links.manageable(token)
        except links.LinkError as error:
            return _link_problem(request, error, "manage")
        if not services.can_edit(posting):
            return _to_manage(posting, EDIT_REFUSED)
        context = {**self._context(token, posting), "form": EditForm(instance=posting)}
        return render(request, "jobs/submission_form.html", context)

    def post(self, request, token):
        if _too_large(request):
            return _refused(request, "too-large", 413)
        try:
            posting = links.manageable(token)
        except links.LinkError as error:
            return _link_problem(request, error, "manage")
        if not services.can_edit(posting):
            return _to_manage(posting, EDIT_REFUSED)
        form, page = _form_step(request, EditForm, self._context(token, posting), instance=posting)
        if page is not None:
            return page
        if services.resubmit(form, _base_url(request)) is None:  # withdrawn meanwhile
            return _to_manage(posting, EDIT_REFUSED)
        return _to_manage(posting, "geaendert")
