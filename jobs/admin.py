from dataclasses import dataclass

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common import history
from common.editorial import ContentAdmin, ContentAdminForm, SluggedAdmin, edit_token, public_link
from common.text import format_eur_range, today
from jobs import services
from jobs.choices import REVIEW_QUEUE_PARAMETER, REVIEW_QUEUE_VALUE
from jobs.models import (
    REJECTION_NEEDS_REASON,
    REJECTION_REASON_MAX_LENGTH,
    Certification,
    JobPosting,
    Occupation,
    Skill,
    Tool,
)


class OccupationForm(ContentAdminForm):
    class Meta:
        help_texts = {
            "name": _(
                "Berufsbezeichnung, gegendert wie auf der Website, z. B. „IT-Projektkoordinator:in“."
            ),
            "summary": _("Was der Beruf ist, in zwei, drei Sätzen."),
        }


@admin.register(Occupation)
class OccupationAdmin(SluggedAdmin):
    form = OccupationForm
    list_display = ["name", "slug", public_link]
    fields = ["name", "slug", "summary"]


# The vocabularies of a profile; searchable, so the profile form offers them by typing.
@admin.register(Tool, Certification, Skill)
class VocabularyAdmin(SluggedAdmin):
    fields = ["name", "slug"]


# True whoever withdrew it: the employer's management link no longer changes a withdrawn
# posting (services.can_edit); the employer can only submit it anew.
WITHDRAWN_BY_EMPLOYER = _(
    "„%(posting)s“ ist eine zurückgezogene Einreichung eines Arbeitgebers. Die Redaktion "
    "kann sie nicht wieder veröffentlichen; soll sie wieder erscheinen, muss der Arbeitgeber "
    "sie neu einreichen (Formular „Stellenanzeige einreichen“)."
)


def withdrawn_by_employer(posting):
    """An employer's submission that the employer (or an editor) took off the site: it
    stays withdrawn, since only the employer may offer it again (a new submission)."""
    return posting.is_submission and posting.status == JobPosting.Status.WITHDRAWN


class JobPostingForm(ContentAdminForm):
    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status")
        # self.instance still holds the stored values here (the form writes them later).
        if withdrawn_by_employer(self.instance) and status != JobPosting.Status.WITHDRAWN:
            self.add_error("status", WITHDRAWN_BY_EMPLOYER % {"posting": self.instance})
        return cleaned_data

    class Meta:
        help_texts = {
            "occupation": _("Der Beruf, gegen dessen Gehaltsspannen die Stelle gestellt wird."),
            "status": _(
                "Neue Stellen sind Entwürfe oder „In Prüfung“; veröffentlicht, abgelehnt und "
                "zurückgezogen wird über die Aktionen der Liste oder hier."
            ),
        }


class RejectForm(forms.Form):
    rejection_reason = forms.CharField(
        label=_("Ablehnungsgrund"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REJECTION_REASON_MAX_LENGTH,
        error_messages={"required": REJECTION_NEEDS_REASON},
        help_text=_("Gilt für alle ausgewählten Stellen und steht in ihrem Verlauf."),
    )


class ReviewQueueFilter(admin.SimpleListFilter):
    """The editors' review queue: confirmed employer submissions waiting for a decision,
    oldest confirmation first (``JobPostingAdmin.get_ordering``)."""

    title = _("Einreichungen von Arbeitgebern")
    parameter_name = REVIEW_QUEUE_PARAMETER
    QUEUE = REVIEW_QUEUE_VALUE

    def lookups(self, request, model_admin):
        return [(self.QUEUE, _("Prüfliste: bestätigt, wartet auf Entscheidung"))]

    def queryset(self, request, queryset):
        if self.value() == self.QUEUE:
            return queryset.filter(status=JobPosting.Status.IN_REVIEW, confirmed_at__isnull=False)
        return queryset


@dataclass(slots=True)
class ActionRow:
    """A posting on an action's page, carrying its state as the editor saw it there."""

    posting: JobPosting
    pay: str
    field: str
    seen: str


def seen_field(posting):
    """The name under which an action's page carries the posting's state as the editor saw
    it (its edit token, i.e. its ``updated_at``)."""
    return f"updated_at_{posting.pk}"


def _notify_failure(request, posting):
    def failed(delivery):
        if delivery is services.Delivery.REFUSED:
            text = _(
                "Die E-Mail an den Arbeitgeber von „%(posting)s“ wurde nicht gesendet: Der "
                "Mailserver des Empfängers hat die Kontaktadresse abgewiesen. Der Arbeitgeber "
                "sieht die Entscheidung nur über seinen Verwaltungslink."
            )
        elif delivery is services.Delivery.DEFERRED:
            text = _(
                "Die E-Mail an den Arbeitgeber von „%(posting)s“ konnte nicht gesendet werden "
                "(vom Mailserver des Empfängers vorerst abgewiesen). Sie ist vorgemerkt: Aktion "
                "„Nicht gesendete E-Mails erneut senden“."
            )
        else:
            text = _(
                "Die E-Mail an den Arbeitgeber von „%(posting)s“ konnte nicht gesendet werden "
                "(Mailserver nicht erreichbar). Sie ist vorgemerkt: Aktion „Nicht gesendete "
                "E-Mails erneut senden“."
            )
        messages.error(request, text % {"posting": posting})

    return failed


@admin.register(JobPosting)
class JobPostingAdmin(ContentAdmin):
    form = JobPostingForm
    list_display = [
        "title",
        "employer_name",
        "region",
        "occupation",
        "pay",
        "status",
        "published_on",
        "valid_through",
        "expired",
        "ref",
        "waiting",
    ]
    list_display_links = ["title"]
    list_filter = [
        ReviewQueueFilter,
        "status",
        "expired",
        "region",
        "occupation",
        "level",
        "published_on",
    ]
    list_select_related = ["region", "occupation"]
    date_hierarchy = "published_on"
    search_fields = ["title", "employer_name", "ref"]
    autocomplete_fields = ["occupation", "region", "tools", "sectors"]
    readonly_fields = [
        "expired",
        "first_published_on",
        "public_title",
        "public_employer_name",
        "public_region",
        "created_at",
        "updated_at",
        "contact_email",
        "submitted_at",
        "confirmed_at",
        "extended",
    ]
    fieldsets = [
        (None, {"fields": ["title", "employer_name", "employer_website", "occupation", "region"]}),
        (
            _("Gehalt und Bedingungen"),
            {"fields": ["level", "min_eur", "max_eur", "employment", "weekly_hours", "workplace"]},
        ),
        (
            _("Werkzeuge und Branchen"),
            {
                "fields": ["tools", "sectors"],
                "description": _(
                    "Tippen zum Suchen; was fehlt, über das Plus-Zeichen neu anlegen."
                ),
            },
        ),
        (_("Beschreibung und Bewerbung"), {"fields": ["description", "apply_url", "apply_email"]}),
        (
            _("Prüfung und Veröffentlichung"),
            {
                "fields": [
                    "status",
                    "rejection_reason",
                    "published_on",
                    "valid_through",
                    "first_published_on",
                    "public_title",
                    "public_employer_name",
                    "public_region",
                    "expired",
                    "ref",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
        (
            _("Einreichung durch den Arbeitgeber"),
            {
                "fields": ["contact_email", "submitted_at", "confirmed_at", "extended"],
                "description": _(
                    "Nicht öffentlich; die Kontaktadresse wird 30 Tage nach dem Ende der "
                    "Stelle gelöscht."
                ),
            },
        ),
    ]
    actions = ["approve", "reject", "withdraw", "resend_mails"]
    # A deleted posting stays deleted: django-reversion's recovery would bring it back
    # without its submission data (never in the history), so a submission the employer
    # withdrew could return as the editors' own and be published. Hence no recovery link
    # on the list (Django's own list template) and no recovery pages.
    change_list_template = "admin/change_list.html"

    def recoverlist_view(self, request, extra_context=None):
        raise Http404

    def recover_view(self, request, version_id, extra_context=None):
        raise Http404

    def get_queryset(self, request):
        # Unconfirmed submissions are nobody's business yet: they are confirmed within
        # 48 hours or deleted (purge_postings), and a flood of them never reaches editors.
        return (
            super()
            .get_queryset(request)
            .exclude(submitted_at__isnull=False, confirmed_at__isnull=True)
        )

    def get_ordering(self, request):
        if request.GET.get(ReviewQueueFilter.parameter_name) == ReviewQueueFilter.QUEUE:
            return ["confirmed_at", "pk"]
        return super().get_ordering(request)

    @admin.display(description=_("wartet seit"), ordering="confirmed_at")
    def waiting(self, posting):
        if posting.status != JobPosting.Status.IN_REVIEW or posting.confirmed_at is None:
            return "–"
        return timesince(posting.confirmed_at)

    def check_restore(self, posting, version):
        # An older state must not bring back (or into review) what the employer took down.
        restored = version.field_dict.get("status")
        if withdrawn_by_employer(posting) and restored != JobPosting.Status.WITHDRAWN:
            raise history.RestoreError(WITHDRAWN_BY_EMPLOYER % {"posting": posting})

    def save_model(self, request, obj, form, change):
        before = JobPosting.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        super().save_model(request, obj, form, change)
        if obj.status != before:
            services.decided(obj, request.build_absolute_uri("/"), _notify_failure(request, obj))

    @admin.action(description=_("Nicht gesendete E-Mails erneut senden"), permissions=["change"])
    def resend_mails(self, request, queryset):
        base_url = request.build_absolute_uri("/")
        deliveries = [
            delivery
            for posting in queryset.filter(unsent_mails__isnull=False).distinct()
            for delivery in services.resend(posting, base_url).values()
        ]
        refused = deliveries.count(services.Delivery.REFUSED)
        if refused:
            self.message_user(
                request,
                services.refused_summary(refused),
                messages.ERROR,
            )
        unsent = sum(delivery.kept for delivery in deliveries)
        if unsent:
            self.message_user(
                request,
                ngettext(
                    "%d E-Mail konnte wieder nicht gesendet werden.",
                    "%d E-Mails konnten wieder nicht gesendet werden.",
                    unsent,
                )
                % unsent,
                messages.ERROR,
            )
        else:
            self.message_user(request, _("Keine E-Mail steht mehr aus."), messages.SUCCESS)

    @admin.display(description=_("Gehalt"), ordering="min_eur")
    def pay(self, posting):
        return format_eur_range(posting.min_eur, posting.max_eur)

    def _apply(self, request, postings, change, comment, seen=None):
        """Apply ``change`` to each posting, validated like the form and saved one by one
        (history and edit token see each); a posting that would break a rule is left as
        it was and named in an error message. The number changed.

        ``seen`` holds each posting's state as the editor saw it (what the action's page
        carried, ``seen_field``); without it, the state this request read."""
        changed = 0
        for posting in postings:
            expected = edit_token(posting) if seen is None else seen.get(seen_field(posting))
            with transaction.atomic():
                # The row as it is now, locked: an employer's change or withdrawal since the
                # editor saw the posting is never overwritten (they look and decide again).
                current = JobPosting.objects.select_for_update().filter(pk=posting.pk).first()
                if current is None or edit_token(current) != expected:
                    self.message_user(
                        request,
                        _(
                            "„%(posting)s“ blieb unverändert: Die Anzeige wurde inzwischen "
                            "geändert. Bitte sehen Sie sie sich noch einmal an."
                        )
                        % {"posting": posting},
                        messages.ERROR,
                    )
                    continue
                if withdrawn_by_employer(current):
                    self.message_user(
                        request, WITHDRAWN_BY_EMPLOYER % {"posting": current}, messages.ERROR
                    )
                    continue
                changed += self._apply_one(request, current, change)
        if reversion.is_active():
            reversion.set_comment(comment)
        return changed

    def _apply_one(self, request, posting, change):
        """``change`` applied to the locked ``posting`` and saved, if it keeps every rule:
        1; else 0, with the rules it would break in an error message."""
        change(posting)
        try:
            posting.full_clean()
        except ValidationError as error:
            problems = "; ".join(
                message for messages_ in error.message_dict.values() for message in messages_
            )
            self.message_user(
                request,
                _("„%(posting)s“ blieb unverändert: %(problems)s")
                % {"posting": posting, "problems": problems},
                messages.ERROR,
            )
            return 0
        posting.save()
        services.decided(
            posting, request.build_absolute_uri("/"), _notify_failure(request, posting)
        )
        return 1

    @admin.action(
        description=_("Ausgewählte Stellen freigeben (veröffentlichen)"), permissions=["change"]
    )
    def approve(self, request, queryset):
        postings = []
        for posting in queryset.exclude(status=JobPosting.Status.PUBLISHED):
            if withdrawn_by_employer(posting):
                self.message_user(
                    request, WITHDRAWN_BY_EMPLOYER % {"posting": posting}, messages.ERROR
                )
            else:
                postings.append(posting)
        if "apply" not in request.POST:
            # First call: what the editor is about to publish, as it is now. An employer
            # may change it until the editor confirms; only what they saw is approved.
            return self._action_page(request, "approve", _("Stellen freigeben"), postings)
        day = today()
        changed = self._apply(
            request,
            postings,
            lambda posting: posting.approve(day),
            _("Freigegeben."),
            seen=request.POST,
        )
        self.message_user(
            request,
            ngettext(
                "%d Stelle freigegeben; sie steht jetzt auf der Website.",
                "%d Stellen freigegeben; sie stehen jetzt auf der Website.",
                changed,
            )
            % changed,
            messages.SUCCESS,
        )
        return None

    @admin.action(
        description=_("Ausgewählte Stellen ablehnen (mit Begründung)"), permissions=["change"]
    )
    def reject(self, request, queryset):
        postings = queryset.exclude(status=JobPosting.Status.REJECTED)
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            day = today()
            reason = form.cleaned_data["rejection_reason"]
            changed = self._apply(
                request,
                postings,
                lambda posting: posting.reject(reason, day),
                _("Abgelehnt: %(reason)s") % {"reason": reason},
                seen=request.POST,
            )
            self.message_user(
                request,
                ngettext("%d Stelle abgelehnt.", "%d Stellen abgelehnt.", changed) % changed,
                messages.SUCCESS,
            )
            return None
        # First call, or a rejection without a reason: the page asking for one.
        return self._action_page(request, "reject", _("Stellen ablehnen"), postings, form)

    def _action_page(self, request, action, title, postings, form=None):
        """The page of an action that needs a confirmation (approve) or a reason (reject):
        the postings, each carrying its state as the editor sees it here. Shown again (a
        missing reason), it carries on what the editor saw first."""
        seen = request.POST if "apply" in request.POST else {}
        rows = [
            ActionRow(
                posting,
                self.pay(posting),
                seen_field(posting),
                seen.get(seen_field(posting), edit_token(posting)),
            )
            for posting in postings
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.model._meta,
            "action": action,
            "rows": rows,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, f"admin/jobs/jobposting/{action}.html", context)

    @admin.action(description=_("Ausgewählte Stellen zurückziehen"), permissions=["change"])
    def withdraw(self, request, queryset):
        day = today()
        changed = self._apply(
            request,
            queryset.exclude(status__in=[JobPosting.Status.WITHDRAWN, JobPosting.Status.REJECTED]),
            lambda posting: posting.withdraw(day),
            _("Zurückgezogen."),
        )
        self.message_user(
            request,
            ngettext("%d Stelle zurückgezogen.", "%d Stellen zurückgezogen.", changed) % changed,
            messages.SUCCESS,
        )
