"""File downloads: CSV for German spreadsheets, and the headers every download needs.

Downloads go through the page cache (portal.cache) like pages: built from a small, fixed
number of queries, but with 1,000 profiles the JSON and CSV files cost half a second of
Python each, so they are stored under the content version with their Content-Disposition
and revalidated with an ETag.
"""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

# Excel in German settings opens a ";"-separated file with a BOM straight into columns
# and reads the umlauts right.
CSV_BOM = "\ufeff"


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_text(header, rows):
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def sources_text(sources):
    """All sources of a profile in one cell: 'Titel (URL, abgerufen 2026-11-20); …'."""
    parts = []
    for source in sources:
        details = [source.url] if source.url else []
        if source.retrieved:
            details.append(_("abgerufen %(date)s") % {"date": source.retrieved.isoformat()})
        parts.append(f"{source.title} ({', '.join(details)})" if details else source.title)
    return "; ".join(parts) or _("redaktionelle Recherche")
