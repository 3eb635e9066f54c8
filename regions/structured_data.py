"""schema.org data for search engines, written as JSON-LD by the profile page.

One ``Occupation`` per career profile: the occupation in its city, one
``MonetaryAmountDistribution`` per salary band (monthly gross EUR, the band's lower and
upper bound; the sources give no percentiles, so none are invented), the skills and
certifications of the profile, and the page with its Stand date as ``lastReviewed``.
"""

SCHEMA_ORG = "https://schema.org"


def occupation(detail, page_url):
    """The ``Occupation`` of a profile (a ``selectors.ProfileDetail``), ready for JSON."""
    profile = detail.profile
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
                "name": str(band.label),
                "currency": "EUR",
                "duration": "P1M",
                "minValue": band.min_eur,
                "maxValue": band.max_eur,
            }
            for band in detail.bands
        ],
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": page_url,
            "url": page_url,
            "lastReviewed": profile.as_of.isoformat(),
        },
    }
    if detail.terms["skills"]:
        data["skills"] = list(detail.terms["skills"])
    if detail.terms["certifications"]:
        data["qualifications"] = list(detail.terms["certifications"])
    return data
