import reversion
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.links import fast_reverse
from portal.models import SluggedModel


def _unique(model_name):
    return [
        models.UniqueConstraint(fields=["slug"], name=f"{model_name}_unique_slug"),
        models.UniqueConstraint(fields=["name"], name=f"{model_name}_unique_name"),
    ]


@reversion.register()
class Occupation(SluggedModel):
    summary = models.TextField(_("Kurzbeschreibung"), blank=True)

    class Meta(SluggedModel.Meta):
        verbose_name = _("Beruf")
        verbose_name_plural = _("Berufe")
        constraints = _unique("occupation")

    def get_absolute_url(self):
        return fast_reverse("jobs:occupation", occupation=self.slug)


@reversion.register()
class Tool(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("Werkzeug")
        verbose_name_plural = _("Werkzeuge")
        constraints = _unique("tool")


@reversion.register()
class Certification(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("Zertifikat oder Weiterbildung")
        verbose_name_plural = _("Zertifikate und Weiterbildungen")
        constraints = _unique("certification")


@reversion.register()
class Skill(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("Kompetenz")
        verbose_name_plural = _("Kompetenzen")
        constraints = _unique("skill")
