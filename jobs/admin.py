from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.editorial import ContentAdminForm, SluggedAdmin, public_link
from jobs.models import Certification, Occupation, Skill, Tool


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
