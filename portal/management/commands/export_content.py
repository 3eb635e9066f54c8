import json
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.exchange import export_content


def dump(document):
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = (
        "Schreibt alle Inhalte als JSON (Format revier-it-karriere/1); „-“ für die Standardausgabe."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Zieldatei oder - für die Standardausgabe")

    def handle(self, *args, file, **options):
        text = dump(export_content())
        if file == "-":
            sys.stdout.write(text)
            return
        target = Path(file)
        if target.is_dir():
            raise CommandError(f"{file} ist ein Verzeichnis; bitte einen Dateinamen angeben.")
        if not target.parent.is_dir():
            raise CommandError(f"Das Verzeichnis {target.parent} gibt es nicht.")
        # Write next to the target and rename, so a failed export never leaves half a file.
        try:
            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, target)
        except OSError as error:
            raise CommandError(f"Konnte {file} nicht schreiben: {error.strerror}") from error
        self.stderr.write(self.style.SUCCESS(f"Exportiert nach {file}."))
