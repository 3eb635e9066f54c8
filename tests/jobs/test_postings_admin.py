"""Editors handle job postings in the admin: rules at the fields, approve, reject with a
reason, withdraw, history with restore, and no lost updates (SPEC §9)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.formats import localize
from django.utils.timezone import localtime
from reversion.models import Version

from common.text import today
from jobs.models import JobPosting, Tool
from regions.models import Sector
from tests.conftest import admin_form_data, confirm_action, make_posting, text_of
from tests.jobs.test_submission import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:jobs_jobposting_changelist")
ADD = reverse("admin:jobs_jobposting_add")


def change_url(posting):
    return reverse("admin:jobs_jobposting_change", args=[posting.pk])


@pytest.fixture
def rita(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def karl(other_editor):
    client = Client()
    client.force_login(other_editor)
    return client


@pytest.fixture
def posting():
    return make_posting(status="in-review")


def new_posting_data(posting_like, **changes):
    data = {
        "title": "Systemadministrator:in (m/w/d)",
        "employer_name": "Stadtwerke Bochum",
        "employer_website": "",
        "occupation": str(posting_like.occupation_id),
        "region": str(posting_like.region_id),
        "level": "experienced",
        "min_eur": "3800",
        "max_eur": "4400",
        "employment": "full-time",
        "weekly_hours": "",
        "workplace": "on-site",
        "description": "Betrieb der **Netze**.",
        "apply_url": "",
        "apply_email": "karriere@example.org",
        "status": "draft",
        "rejection_reason": "",
        "published_on": "",
        "valid_through": "",
        "ref": "",
    }
    data.update(changes)
    return data


def field_errors(response):
    return {
        name: " ".join(errors) for name, errors in response.context["adminform"].form.errors.items()
    }


def test_an_editor_adds_a_posting_and_it_is_in_the_history(rita, posting):
    response = rita.post(ADD, new_posting_data(posting))
    assert response.status_code == 302, field_errors(response)
    added = JobPosting.objects.get(employer_name="Stadtwerke Bochum")
    assert added.ref == f"essen-{today().year}-002"
    (version,) = Version.objects.get_for_object(added)
    assert version.revision.user.first_name == "Rita"


def test_the_form_reminds_of_the_gender_neutral_title(rita):
    assert "Geschlechtsneutral" in rita.get(ADD).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"min_eur": "2409", "max_eur": "2500"}, "min_eur", "gesetzlichen Mindestlohn"),
        ({"max_eur": "7601"}, "max_eur", "höchstens doppelt so hoch"),
        ({"max_eur": "3700"}, "max_eur", "mindestens so hoch sein wie die Untergrenze"),
        ({"employment": "part-time"}, "weekly_hours", "Bei Teilzeit bitte die Wochenstunden"),
        ({"apply_email": ""}, "apply_email", "Web-Adresse oder eine E-Mail-Adresse"),
        ({"status": "rejected"}, "rejection_reason", "Eine Ablehnung braucht eine Begründung."),
        ({"published_on": "2026-12-01"}, "published_on", "Bei Entwurf und Prüfung bitte leer"),
        (
            {"status": "published", "published_on": "2026-12-01", "valid_through": "2027-03-02"},
            "valid_through",
            "Höchstens 90 Tage nach der Veröffentlichung, also spätestens am 1. März 2027.",
        ),
    ],
)
def test_the_form_shows_each_rule_at_its_field(rita, posting, changes, field, message):
    response = rita.post(ADD, new_posting_data(posting, **changes))
    assert response.status_code == 200
    assert message in field_errors(response)[field]
    assert message in response.content.decode()
    assert not JobPosting.objects.filter(employer_name="Stadtwerke Bochum").exists()


def test_the_list_filters_and_searches(rita, posting):
    make_posting(
        title="Data Engineer (m/w/d)",
        status="published",
        published_on=today(),
        valid_through=today(),
        ref="essen-alt-7",
    )
    response = rita.get(CHANGELIST, {"status__exact": "in-review"})
    assert [p.pk for p in response.context["cl"].result_list] == [posting.pk]
    response = rita.get(CHANGELIST, {"q": "essen-alt"})
    assert [p.ref for p in response.context["cl"].result_list] == ["essen-alt-7"]
    response = rita.get(
        CHANGELIST,
        {"region__id__exact": posting.region_id, "occupation__id__exact": posting.occupation_id},
    )
    assert len(response.context["cl"].result_list) == 2
    assert "Softwareentwickler:in" in response.content.decode()


def act(client, action, *postings, **extra):
    data = {"action": action, "_selected_action": [str(p.pk) for p in postings], **extra}
    return client.post(CHANGELIST, data)


def approve(client, *postings, follow=False):
    """The approve action as an editor runs it: its page, then "Freigeben"."""
    return confirm_action(client, act(client, "approve", *postings), follow=follow)


def test_approve_publishes_from_today_for_sixty_days(rita, posting):
    response = approve(rita, posting)
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.PUBLISHED
    assert posting.published_on == today()
    assert posting.valid_through == today() + datetime.timedelta(days=60)
    assert list(JobPosting.objects.open()) == [posting]
    newest = Version.objects.get_for_object(posting).first()
    assert newest.revision.comment == "Freigegeben."
    page = text_of(rita.get(response["Location"]))
    assert "1 Stelle freigegeben; sie steht jetzt auf der Website." in page


def test_approve_names_a_posting_that_breaks_a_rule_and_leaves_it(rita, posting, settings):
    from decimal import Decimal

    settings.MINIMUM_WAGE_EUR_PER_HOUR = Decimal("20.00")
    response = approve(rita, posting)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.IN_REVIEW
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("blieb unverändert" in m and "Mindestlohn von 20,00 €" in m for m in messages)


def test_reject_asks_for_a_reason_and_refuses_none(rita, posting):
    page = act(rita, "reject", posting)
    assert page.status_code == 200
    assert "Ablehnungsgrund" in page.content.decode()
    assert str(posting) in page.content.decode()

    refused = confirm_action(rita, page, rejection_reason="   ")
    assert refused.status_code == 200
    assert "Eine Ablehnung braucht eine Begründung." in refused.content.decode()
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.IN_REVIEW


def test_reject_with_a_reason(rita, posting):
    reason = "Kein Gehalt für die Stufe angegeben."
    response = confirm_action(rita, act(rita, "reject", posting), rejection_reason=reason)
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.REJECTED
    assert posting.rejection_reason == reason
    assert posting.published_on == posting.valid_through == today()
    assert list(JobPosting.objects.open()) == []
    assert reason in Version.objects.get_for_object(posting).first().revision.comment


def test_approve_first_shows_what_the_editor_approves_and_changes_nothing(rita, posting):
    page = act(rita, "approve", posting)
    assert page.status_code == 200
    text = text_of(page)
    for shown in (
        "IT-Projektkoordinator:in (m/w/d)",
        "Hafen Duisburg GmbH",
        "Essen",
        "3.300–3.700 €",
        "In Prüfung",
        localize(localtime(posting.updated_at)),
    ):
        assert shown in text
    assert f'href="{change_url(posting)}"' in page.content.decode()
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.IN_REVIEW


def employer_edits(client, manage, title):
    data = form_data(title=title, contact_email=None, consent=None)
    assert client.post(manage + "bearbeiten/", data).status_code == 302


CHANGED_MEANWHILE = (
    "„IT-Projektleiter:in (m/w/d) – Hafen Duisburg GmbH“ blieb unverändert: Die Anzeige "
    "wurde inzwischen geändert."
)


def test_an_employer_edit_after_the_approve_page_is_not_published_unseen(rita, client, confirmed):
    posting, manage = confirmed
    page = act(rita, "approve", posting)
    employer_edits(client, manage, "IT-Projektleiter:in (m/w/d)")
    response = confirm_action(rita, page, follow=True)
    assert CHANGED_MEANWHILE in text_of(response)
    assert "0 Stellen freigegeben" in text_of(response)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.IN_REVIEW
    assert client.get(posting.get_absolute_url()).status_code == 404
    # Seen again, it is approved.
    assert "IT-Projektleiter:in (m/w/d)" in text_of(act(rita, "approve", posting))
    approve(rita, posting)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.PUBLISHED


def test_an_approval_without_the_pages_values_approves_nothing(rita, posting):
    response = act(rita, "approve", posting, apply="1")
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.IN_REVIEW


def test_an_employer_edit_after_the_reject_page_is_not_rejected_unseen(rita, client, confirmed):
    posting, manage = confirmed
    page = act(rita, "reject", posting)
    employer_edits(client, manage, "IT-Projektleiter:in (m/w/d)")
    mail.outbox.clear()
    response = confirm_action(rita, page, follow=True, rejection_reason="Kein Gehalt.")
    assert CHANGED_MEANWHILE in text_of(response)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.IN_REVIEW
    assert mail.outbox == []


def test_the_reject_page_shown_again_without_a_reason_keeps_what_the_editor_first_saw(
    rita, client, confirmed
):
    posting, manage = confirmed
    page = act(rita, "reject", posting)
    employer_edits(client, manage, "IT-Projektleiter:in (m/w/d)")
    again = confirm_action(rita, page, rejection_reason="")
    assert "Eine Ablehnung braucht eine Begründung." in text_of(again)
    response = confirm_action(rita, again, follow=True, rejection_reason="Kein Gehalt.")
    assert CHANGED_MEANWHILE in text_of(response)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.IN_REVIEW


def test_a_restore_cannot_publish_again_what_the_employer_withdrew(rita, client, confirmed):
    posting, manage = confirmed
    approve(rita, posting)
    published = Version.objects.get_for_object(posting).first()
    assert published.field_dict["status"] == JobPosting.Status.PUBLISHED
    assert client.post(manage, {"aktion": "zurueckziehen"}).status_code == 302
    posting.refresh_from_db()
    withdrawn = JobPosting.objects.values().get(pk=posting.pk)
    mail.outbox.clear()

    restore = reverse("admin:jobs_jobposting_restore", args=[posting.pk, published.pk])
    response = rita.post(restore, follow=True)
    assert "Die Redaktion kann sie nicht wieder veröffentlichen" in text_of(response)
    assert JobPosting.objects.values().get(pk=posting.pk) == withdrawn
    assert client.get(posting.get_absolute_url()).status_code == 410
    assert mail.outbox == []


def test_the_message_for_a_withdrawn_submission_is_true_when_an_editor_withdrew_it(rita, confirmed):
    posting, _ = confirmed
    approve(rita, posting)
    act(rita, "withdraw", posting)
    response = rita.post(
        CHANGELIST, {"action": "approve", "_selected_action": [posting.pk]}, follow=True
    )
    text = text_of(response)
    assert "ist eine zurückgezogene Einreichung eines Arbeitgebers" in text
    assert "Die Redaktion kann sie nicht wieder veröffentlichen" in text
    assert "Der Arbeitgeber hat" not in text and "Verwaltungslink" not in text
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.WITHDRAWN


def test_withdraw_takes_a_published_posting_off(rita, posting):
    approve(rita, posting)
    assert act(rita, "withdraw", posting).status_code == 302
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.WITHDRAWN
    assert posting.published_on == today()
    assert list(JobPosting.objects.open()) == []


def test_second_of_two_concurrent_saves_is_refused(rita, karl, posting):
    karl_data = admin_form_data(karl.get(change_url(posting)), title="Karls Titel (m/w/d)")
    rita_data = admin_form_data(rita.get(change_url(posting)), max_eur="3800")
    assert rita.post(change_url(posting), rita_data).status_code == 302
    response = karl.post(change_url(posting), karl_data)
    assert response.status_code == 200
    assert "wurde inzwischen von Rita geändert" in response.content.decode()
    posting.refresh_from_db()
    assert (posting.title, posting.max_eur) == ("IT-Projektkoordinator:in (m/w/d)", 3800)


def test_an_approval_in_between_refuses_an_open_form(rita, karl, posting):
    karl_data = admin_form_data(karl.get(change_url(posting)), title="Karls Titel (m/w/d)")
    approve(rita, posting)
    response = karl.post(change_url(posting), karl_data)
    assert "wurde inzwischen von Rita geändert" in response.content.decode()


def test_history_shows_the_change_and_restore_brings_back_tools_and_sectors(rita):
    jira, sap = Tool.objects.create(name="Jira"), Tool.objects.create(name="SAP")
    logistics = Sector.objects.create(name="Logistik")
    first = make_posting(status="in-review")
    data = admin_form_data(rita.get(change_url(first)), tools=[jira.pk], sectors=[logistics.pk])
    assert rita.post(change_url(first), data).status_code == 302
    data = admin_form_data(rita.get(change_url(first)), tools=[sap.pk], sectors=[], min_eur="3400")
    assert rita.post(change_url(first), data).status_code == 302

    history = rita.get(reverse("admin:jobs_jobposting_history", args=[first.pk]))
    newest = history.context["entries"][0]
    changes = {c.label: (c.old, c.new) for c in newest.changes}
    assert changes["Werkzeuge"] == ("Jira", "SAP")
    assert changes["Gehalt von (€)"] == ("3.300", "3.400")

    older = Version.objects.get_for_object(first).order_by("pk").first()
    restore = reverse("admin:jobs_jobposting_restore", args=[first.pk, older.pk])
    assert rita.post(restore).status_code == 302
    first.refresh_from_db()
    assert first.min_eur == 3300
    assert list(first.tools.all()) == [jira]
    assert list(first.sectors.all()) == [logistics]


def test_redaktion_has_every_posting_permission(editor):
    for action in ("add", "change", "delete", "view"):
        assert editor.has_perm(f"jobs.{action}_jobposting")


def test_an_editor_may_delete_a_posting(rita, posting):
    url = reverse("admin:jobs_jobposting_delete", args=[posting.pk])
    assert rita.post(url, {"post": "yes"}).status_code == 302
    assert not JobPosting.objects.filter(pk=posting.pk).exists()


def test_a_deleted_posting_cannot_be_recovered(rita):
    # django-reversion's recovery would bring a posting back without its submission data
    # (not in the history): a withdrawn submission would return as the editors' own.
    changelist = rita.get(reverse("admin:jobs_jobposting_changelist"))
    assert changelist.status_code == 200
    assert "recover" not in changelist.content.decode()
    assert rita.get(reverse("admin:jobs_jobposting_recoverlist")).status_code == 404
    assert rita.get(reverse("admin:jobs_jobposting_recover", args=[1])).status_code == 404


def test_the_confirmation_page_carries_a_large_id_unformatted(rita):
    # A German page writes 12345 as "12.345"; the form must send the id as it is.
    posting = make_posting(pk=12345, status="in-review")
    page = act(rita, "approve", posting)
    assert 'value="12345"' in page.content.decode()
    confirm_action(rita, page)
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.PUBLISHED
