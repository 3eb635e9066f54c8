"""What every content admin shares: history with diff and restore, no lost updates, slugs.

``ContentAdmin`` is the base of the admins in regions/, jobs/ and portal/ (legal pages). It keeps django-reversion's recording of every change and replaces
its history page by one that shows, per version, who changed what (old → new, including a
profile's salary bands, sections and sources) with a button to restore that state.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.admin import VersionAdmin
from reversion.models import Version

from common import history

TOKEN_FIELD = "edit_token"  # noqa: S105 - a form field name, not a secret


def edit_token(obj):
    """Changes whenever ``obj`` (or, for a profile, one of its inline rows) is saved.

    A model with ``updated_at`` (auto_now, bumped by every save of the admin form, the
    import and a restore) uses it; other models use their newest history version.
    """
    if hasattr(obj, "updated_at"):
        return f"t:{obj.updated_at.isoformat()}" if obj.updated_at else ""
    latest = Version.objects.get_for_object(obj).order_by("-pk").values_list("pk", flat=True)
    return f"v:{latest.first() or 0}"


def _who(user):
    if user is None:
        return _("einem Import oder Skript")
    return user.get_full_name() or user.get_username()


class ContentAdminForm(forms.ModelForm):
    """Refuses to save over a change made since the form was opened."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[TOKEN_FIELD].initial = edit_token(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        instance = self.instance
        if instance.pk is None or instance._state.adding:
            return cleaned_data
        manager = type(instance)._default_manager
        using = router.db_for_write(type(instance))
        if connections[using].in_atomic_block:
            # Held until the admin's transaction commits: two saves at the same moment
            # are checked one after the other.
            manager = manager.select_for_update()
        current = manager.filter(pk=instance.pk).first()
        if current is None:
            raise ValidationError(
                _(
                    "Dieser Eintrag wurde inzwischen gelöscht; Ihre Änderungen wurden nicht gespeichert."
                ),
                code="deleted",
            )
        if cleaned_data.get(TOKEN_FIELD) != edit_token(current):
            raise ValidationError(self._conflict_message(current), code="conflict")
        return cleaned_data

    def _conflict_message(self, current):
        last = history.last_change(current)
        who, when = (last[0], last[1]) if last else (None, getattr(current, "updated_at", None))
        opts = current._meta
        reload_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(current.pk)]
        )
        return format_html(
            "{} <a href='{}'>{}</a>",
            _(
                "„%(object)s“ wurde inzwischen von %(who)s geändert (%(when)s). Ihre Änderungen "
                "wurden nicht gespeichert, damit nichts überschrieben wird."
            )
            % {
                "object": current,
                "who": _who(who),
                "when": localize(localtime(when)) if when else _("gerade eben"),
            },
            reload_url,
            _(
                "Aktuellen Stand laden (Ihre Eingaben hier gehen dabei verloren; "
                "übertragen Sie sie danach erneut.)"
            ),
        )


class ContentAdmin(VersionAdmin):
    form = ContentAdminForm
    change_form_template = "admin/editorial/change_form.html"
    object_history_template = "admin/editorial/history.html"
    history_latest_first = True

    def get_fields(self, request, obj=None):
        # The token is rendered once, hidden, by the change form template.
        return [name for name in super().get_fields(request, obj) if name != TOKEN_FIELD]

    # History --------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        restore = path(
            "<path:object_id>/history/<int:version_id>/restore/",
            self.admin_site.admin_view(self.restore_view),
            name=f"{opts.app_label}_{opts.model_name}_restore",
        )
        return [restore, *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("Diesen Eintrag gibt es nicht (mehr)."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Änderungsverlauf: %(object)s") % {"object": obj},
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "module_name": str(opts.verbose_name_plural),
            "entries": history.history(obj),
            "can_restore": self.has_change_permission(request, obj),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def restore_view(self, request, object_id, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("Diesen Eintrag gibt es nicht (mehr)."))
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision"), pk=version_id
        )
        opts = self.model._meta
        try:
            history.restore(version, request.user, check=self.check_restore)
        except history.RestoreError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id])
            )
        messages.success(
            request,
            _("Der Stand vom %(date)s ist wiederhergestellt.")
            % {"date": localize(localtime(version.revision.date_created))},
        )
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
        )

    def check_restore(self, obj, version):
        """Raise ``history.RestoreError`` (its message for the editor) when ``version`` must
        not be brought back over ``obj``, the current object, locked. Any may by default."""

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion's own revert form reverts a whole revision, which for an import
        # includes other objects; the history page's restore button is the one way here.
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id])
        )


class SluggedAdmin(ContentAdmin):
    """Names with a URL slug: prefilled while typing, German transliteration (ä → ae)."""

    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    class Media:
        # Django's URLify turns "ä" into "a"; this makes it "ae" like german_slugify.
        js = ["js/german-urlify.js"]


def public_link(obj):
    """Link to the public page (drafts show as a preview to staff), or "–" without one."""
    try:
        url = obj.get_absolute_url()
    except NoReverseMatch:  # a model without a public page
        return "–"
    return format_html("<a href='{}'>{}</a>", url, _("ansehen"))


public_link.short_description = gettext_lazy("Website")
