from django.db import models
from django.db.models import Exists, OuterRef, Prefetch


class CareerProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        """Published profiles; drafts too for staff who may see profiles (the preview)."""
        if user.is_active and user.is_staff and user.has_perm("regions.view_careerprofile"):
            return self
        return self.published()

    def with_bands(self):
        from regions.models import SalaryBand

        return self.prefetch_related(
            Prefetch("salary_bands", queryset=SalaryBand.objects.order_by("min_eur"))
        )

    def overlapping(self, level=None, low=None, high=None):
        """Profiles with a salary band (of ``level``, if given) overlapping [low, high].

        A band overlaps when ``band.max >= low`` and ``band.min <= high``; an open end
        (None) matches everything on that side.
        """
        from regions.models import SalaryBand

        bands = SalaryBand.objects.filter(profile=OuterRef("pk"))
        if level:
            bands = bands.filter(level=level)
        if low is not None:
            bands = bands.filter(max_eur__gte=low)
        if high is not None:
            bands = bands.filter(min_eur__lte=high)
        return self.filter(Exists(bands))
