from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs import services
from jobs.models import JobPosting, UnsentMail


class Command(BaseCommand):
    help = (
        "Sendet die E-Mails eingereichter Stellen, die nicht gesendet werden konnten "
        "(Mailserver nicht erreichbar), erneut; E-Mails, deren Anlass vorbei ist, werden "
        "verworfen, ebenso solche, deren Empfänger der Mailserver endgültig abweist. Bricht "
        "ab, sobald der Mailserver nicht erreichbar ist oder mit einem Fehler antwortet, "
        "und nennt, wie viele E-Mails noch ausstehen (Rückgabewert 1). Eine E-Mail, die "
        "gerade anderswo gesendet wird, wird ausgelassen statt doppelt gesendet. Täglich "
        "oder öfter laufen lassen, mit der Adresse der Website für die Links in den "
        "E-Mails, z. B. https://revier-it.example/."
    )

    def add_arguments(self, parser):
        parser.add_argument("site", help="Adresse der Website, z. B. https://revier-it.example/")

    def handle(self, *args, site, **options):
        try:
            URLValidator(schemes=["http", "https"])(site)
        except ValidationError:
            raise CommandError(
                _("„%(site)s“ ist keine Adresse der Website wie https://revier-it.example/.")
                % {"site": site}
            ) from None
        sent = refused = 0
        failed = False
        postings = JobPosting.objects.filter(unsent_mails__isnull=False).distinct()
        for posting in postings.select_related("region").order_by("pk"):
            deliveries = services.resend(posting, site).values()
            sent += sum(delivery is services.Delivery.SENT for delivery in deliveries)
            refused += sum(delivery is services.Delivery.REFUSED for delivery in deliveries)
            # The mail server is away: each further mail would wait for its timeout too.
            if services.Delivery.FAILED in deliveries:
                failed = True
                break
        remaining = UnsentMail.objects.count()
        lines = [ngettext("%d E-Mail gesendet.", "%d E-Mails gesendet.", sent) % sent]
        if refused:
            lines.append(services.refused_summary(refused))
        left = (
            ngettext("%d E-Mail steht noch aus.", "%d E-Mails stehen noch aus.", remaining)
            % remaining
        )
        if failed:
            self.stdout.write("\n".join(lines))
            raise CommandError(
                _(
                    "Der Mailserver ist nicht erreichbar oder antwortet mit einem Fehler; abgebrochen."
                )
                + " "
                + left
            )
        lines.append(left if remaining else _("Keine E-Mail steht mehr aus."))
        self.stdout.write("\n".join(lines))
