"""schema.org data for search engines, built in Python and written as JSON-LD.

One ``Occupation`` per career profile: the occupation in its city, one
``MonetaryAmountDistribution`` per salary band (monthly gross EUR, the band's lower and
upper bound; the sources give no percentiles, so none are invented), the skills and
certifications of the profile, and the page with its Stand date as ``lastReviewed``.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

SCHEMA_ORG = "https://schema.org"

# Inside <script> only these could end the element or open markup; JSON may write them as
# \u escapes (the same escapes Django's json_script uses). Replaced one by one: str.translate
# with a mapping looks up every character in Python (3 % of the profile page).
_JSON_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))


def json_ld_script(data):
    """``data`` as a schema.org JSON-LD block that no text in it can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escape)
    # Safe: after the replacements above the JSON contains no "<", ">" or "&" at all.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def occupation(profile, bands, skills, qualifications, page_url):
    """The ``Occupation`` of ``profile`` as a dict ready for json.dumps."""
    region = profile.region
    location = {"@type": "City", "name": region.name}
    if region.state:
        location["containedInPlace"] = {"@type": "State", "name": region.state}
    data = {
        "@context": SCHEMA_ORG,
        "@type": "Occupation",
        "name": profile.occupation.name,
        "description": profile.teaser or profile.occupation.summary or profile.title,
        "occupationLocation": [location],
        "estimatedSalary": [
            {
                "@type": "MonetaryAmountDistribution",
                "name": str(band.get_level_display()),
                "currency": "EUR",
                "duration": "P1M",
                "minValue": band.min_eur,
                "maxValue": band.max_eur,
            }
            for band in bands
        ],
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": page_url,
            "url": page_url,
            "lastReviewed": profile.as_of.isoformat(),
        },
    }
    if skills:
        data["skills"] = list(skills)
    if qualifications:
        data["qualifications"] = list(qualifications)
    return data
