from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs import services


class Command(BaseCommand):
    help = (
        "Löscht personenbezogene Daten eingereichter Stellen: unbestätigte Einreichungen "
        "nach 48 Stunden, Kontaktadressen 30 Tage nach dem Ende einer Stelle oder 90 Tage "
        "nach der Bestätigung einer Stelle, die noch in Prüfung ist, und die "
        "Adress-Prüfsummen der Tageshöchstzahlen samt dem Schlüssel ihres Tages nach "
        "diesem Tag. Täglich laufen lassen; ein zweiter Lauf löscht nichts mehr."
    )

    def handle(self, *args, **options):
        unconfirmed, contacts, hashes = services.purge()
        lines = [
            ngettext(
                "%d unbestätigte Einreichung gelöscht (älter als 48 Stunden).",
                "%d unbestätigte Einreichungen gelöscht (älter als 48 Stunden).",
                unconfirmed,
            )
            % unconfirmed,
            ngettext(
                "%d Kontaktadresse gelöscht (Stelle seit mehr als 30 Tagen beendet "
                "oder seit mehr als 90 Tagen in Prüfung).",
                "%d Kontaktadressen gelöscht (Stellen seit mehr als 30 Tagen beendet "
                "oder seit mehr als 90 Tagen in Prüfung).",
                contacts,
            )
            % contacts,
            ngettext(
                "%d Adress-Prüfsumme vergangener Tage gelöscht.",
                "%d Adress-Prüfsummen vergangener Tage gelöscht.",
                hashes,
            )
            % hashes,
        ]
        if not (unconfirmed or contacts or hashes):
            lines.append(_("Nichts weiter zu löschen."))
        self.stdout.write("\n".join(lines))
