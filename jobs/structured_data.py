"""schema.org data for search engines, built in Python and written as JSON-LD.

One ``Occupation`` per career profile: the occupation in its city, one
``MonetaryAmountDistribution`` per salary band (monthly gross EUR, the band's lower and
upper bound; the sources give no percentiles, so none are invented), the skills and
certifications of the profile, and the page with its Stand date as ``lastReviewed``.
"""

SCHEMA_ORG = "https://schema.org"


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
