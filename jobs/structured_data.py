"""schema.org ``JobPosting`` JSON-LD of a posting's page (SPEC §9).

Only what the page shows: title, the description as the page renders it, the dates, the
kind of employment, the employer (and its website), the city with its state and country,
``TELECOMMUTE`` for remote work, and the monthly gross pay range in euros.
"""

from common.markup import render_markdown
from jobs.choices import Employment, Workplace
from regions.structured_data import SCHEMA_ORG

EMPLOYMENT_TYPES = {Employment.FULL_TIME: "FULL_TIME", Employment.PART_TIME: "PART_TIME"}
# The postings are all in the Ruhr area, which lies in North Rhine-Westphalia.
COUNTRY = "DE"


def job_posting(posting, page_url):
    """The ``JobPosting`` of ``posting`` (a JobPosting with its region), ready for JSON."""
    organization = {"@type": "Organization", "name": posting.employer_name}
    if posting.employer_website:
        organization["sameAs"] = posting.employer_website
    data = {
        "@context": SCHEMA_ORG,
        "@type": "JobPosting",
        "title": posting.title,
        "description": render_markdown(posting.description),
        "datePosted": posting.published_on.isoformat(),
        "validThrough": posting.valid_through.isoformat(),
        "employmentType": EMPLOYMENT_TYPES[posting.employment],
        "hiringOrganization": organization,
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": posting.region.name,
                "addressRegion": posting.region.state,
                "addressCountry": COUNTRY,
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": posting.min_eur,
                "maxValue": posting.max_eur,
                "unitText": "MONTH",
            },
        },
        "url": page_url,
    }
    if posting.workplace == Workplace.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
    return data
