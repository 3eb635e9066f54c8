import reversion
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import ngettext

from common.text import format_day, today
from jobs.models import JobPosting


class Command(BaseCommand):
    help = (
        "Markiert veröffentlichte Stellen, deren „gültig bis“ vorbei ist, als abgelaufen, "
        "damit die Redaktion sie in der Verwaltung sieht. Täglich laufen lassen; öffentlich "
        "verschwinden solche Stellen auch ohne diesen Befehl."
    )

    def handle(self, *args, **options):
        day = today()
        marked = 0
        with transaction.atomic():
            ended = JobPosting.objects.ended(day).filter(expired=False).select_for_update()
            # One saved posting and one history entry at a time, like an editor's save.
            for posting in ended.order_by("pk"):
                with reversion.create_revision(atomic=False):
                    reversion.set_comment("Abgelaufen (expire_postings).")
                    posting.expired = True
                    posting.save(update_fields=["expired", "updated_at"])
                marked += 1
        self.stdout.write(
            ngettext(
                "%(count)d abgelaufene Stelle markiert (gültig bis vor dem %(day)s).",
                "%(count)d abgelaufene Stellen markiert (gültig bis vor dem %(day)s).",
                marked,
            )
            % {"count": marked, "day": format_day(day)}
        )
