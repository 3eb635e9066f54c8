import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.exchange import ContentError, import_content


class Command(BaseCommand):
    help = (
        "Importiert Inhalte aus einer JSON-Datei (Format revier-it-karriere/1), alles oder nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Pfad zur JSON-Datei")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                document = json.load(handle)
        except FileNotFoundError as error:
            raise CommandError(f"Datei nicht gefunden: {file}") from error
        except IsADirectoryError as error:
            raise CommandError(f"{file} ist ein Verzeichnis, keine Datei.") from error
        except PermissionError as error:
            raise CommandError(f"Keine Leseberechtigung für {file}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} ist nicht UTF-8-kodiert.") from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file} ist kein gültiges JSON (Zeile {error.lineno}, Spalte {error.colno}): "
                f"{error.msg}"
            ) from error
        except RecursionError as error:
            raise CommandError(f"{file} ist zu tief verschachtelt.") from error
        except ValueError as error:  # e.g. an integer with thousands of digits
            raise CommandError(f"{file} ist kein verwendbares JSON: {error}") from error
        except OSError as error:
            raise CommandError(f"{file} lässt sich nicht lesen: {error.strerror}") from error
        try:
            result = import_content(document, comment=f"Import aus Datei {Path(file).name}")
        except ContentError as error:
            raise CommandError(
                f"Nichts importiert, die Datenbank ist unverändert. Probleme in {file}:\n{error}"
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Importiert aus {file}. {result.summary()}"))
