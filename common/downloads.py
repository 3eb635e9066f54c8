"""File downloads: CSV for German spreadsheets, and the headers every download needs.

Downloads go through the page cache (common.cache) like pages, stored under the content
version with their Content-Disposition and revalidated with an ETag.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse

# Excel in German settings opens a ";"-separated file with a BOM straight into columns
# and reads the umlauts right.
CSV_BOM = "\ufeff"

# A spreadsheet runs a cell that starts like a formula (=HYPERLINK(…), +cmd|…, @SUM(…)), and
# a tab or carriage return in front does not stop all of them. OWASP's remedy: a leading
# apostrophe, which spreadsheets read as "this is text" and do not show.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_cell(value):
    """``value`` as it may go into a CSV file: numbers as they are (a difference of -120
    stays a number), text that a spreadsheet would run as a formula made inert."""
    if value is None or isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_text(header, rows):
    """A ";"-separated CSV file for German spreadsheets; every cell goes through
    ``csv_cell``, so no caller can forget it."""
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(value) for value in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
