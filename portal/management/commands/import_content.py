import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.exchange import ContentError, UnreadableDocument, import_content, parse_document


class Command(BaseCommand):
    help = (
        "Importiert Inhalte aus einer JSON-Datei (Format revier-it-karriere/1), alles oder "
        "nichts; „-“ liest die Standardeingabe."
    )
    # call_command(..., stdin=…) stands in for the process's standard input in tests.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="Pfad zur JSON-Datei oder - für die Standardeingabe")

    def handle(self, *args, file, **options):
        if file == "-":
            subject, place = "Die Standardeingabe", "der Standardeingabe"
            comment = "Import aus der Standardeingabe"
            data = self._read_stdin(options.get("stdin") or sys.stdin)
        else:
            subject = place = file
            comment = f"Import aus Datei {Path(file).name}"
            data = self._read_file(file)
        try:
            text = data if isinstance(data, str) else data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{subject} ist nicht UTF-8-kodiert (Byte {error.start + 1})."
            ) from error
        try:
            document = parse_document(text)
        except UnreadableDocument as error:
            raise CommandError(f"{subject} ist {error}") from error
        try:
            result = import_content(document, comment=comment)
        except ContentError as error:
            raise CommandError(
                f"Nichts importiert, die Datenbank ist unverändert. Probleme in {place}:\n{error}"
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Importiert aus {place}. {result.summary()}"))

    def _read_file(self, file):
        try:
            with open(file, "rb") as handle:
                return handle.read()
        except FileNotFoundError as error:
            raise CommandError(f"Datei nicht gefunden: {file}") from error
        except IsADirectoryError as error:
            raise CommandError(f"{file} ist ein Verzeichnis, keine Datei.") from error
        except PermissionError as error:
            raise CommandError(f"Keine Leseberechtigung für {file}.") from error
        except OSError as error:
            raise CommandError(f"{file} lässt sich nicht lesen: {error.strerror}") from error

    def _read_stdin(self, stream):
        # The bytes, where there are any, so the encoding is UTF-8 whatever the locale says.
        try:
            return stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        except OSError as error:
            raise CommandError(
                f"Die Standardeingabe lässt sich nicht lesen: {error.strerror}"
            ) from error
