from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common import history
from common.models import SUMMARY_MAX_LENGTH, SluggedModel, bounded_text, length_check


def _unique(model_name):
    return [
        models.UniqueConstraint(fields=["slug"], name=f"{model_name}_unique_slug"),
        models.UniqueConstraint(fields=["name"], name=f"{model_name}_unique_name"),
    ]


@history.register()
class Occupation(SluggedModel):
    summary = bounded_text(_("Kurzbeschreibung"), SUMMARY_MAX_LENGTH, blank=True)

    class Meta(SluggedModel.Meta):
        verbose_name = _("Beruf")
        verbose_name_plural = _("Berufe")
        constraints = [
            *_unique("occupation"),
            length_check("occupation", "summary", SUMMARY_MAX_LENGTH),
        ]

    def get_absolute_url(self):
        return reverse("jobs:occupation", kwargs={"occupation": self.slug})


@history.register()
class Tool(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("Werkzeug")
        verbose_name_plural = _("Werkzeuge")
        constraints = _unique("tool")


@history.register()
class Certification(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("Zertifikat oder Weiterbildung")
        verbose_name_plural = _("Zertifikate und Weiterbildungen")
        constraints = _unique("certification")


@history.register()
class Skill(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("Kompetenz")
        verbose_name_plural = _("Kompetenzen")
        constraints = _unique("skill")
