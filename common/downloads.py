"""File downloads: CSV for German spreadsheets, and the headers every download needs.

Downloads go through the page cache (common.cache) like pages, stored under the content
version with their Content-Disposition and revalidated with an ETag.
"""

import csv
import io

from django.http import HttpResponse

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
