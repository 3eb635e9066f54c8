"""Synthetic content for benchmarks: many regions × occupations. Never part of `make run`."""

import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from common import content_version
from common.text import today
from jobs.models import (
    FULL_TIME_WEEKLY_HOURS,
    MAX_PAY_SPREAD,
    Certification,
    JobPosting,
    Occupation,
    Skill,
    Tool,
    minimum_monthly_pay,
)
from regions.models import (
    CareerProfile,
    ProfileSection,
    Region,
    SalaryBand,
    SalaryLevel,
    Sector,
    Source,
)

MARK = "(synthetisch)"
SECTION_BODY = (
    "Dieser Abschnitt ist **synthetischer Beispieltext** für Lasttests. Er enthält eine Liste:\n\n"
    "- erster Punkt mit etwas Text\n- zweiter Punkt mit [einem Link](https://example.org/)\n\n"
    "und einen zweiten Absatz, damit die Seite so lang ist wie ein echtes Profil."
)


class Command(BaseCommand):
    help = "Erzeugt synthetische Beispielinhalte für Lasttests (nicht für den Betrieb)."

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=50)
        parser.add_argument("--occupations", type=int, default=20)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--postings",
            type=int,
            default=0,
            help="so viele synthetische offene Stellenanzeigen dazu (Standard: keine)",
        )

    def handle(self, *args, regions, occupations, seed, postings, **options):
        if not (1 <= regions <= 500 and 1 <= occupations <= 200):
            raise CommandError("--regions 1 bis 500, --occupations 1 bis 200.")
        if not 0 <= postings <= 100_000:
            raise CommandError("--postings 0 bis 100000.")
        if Region.objects.filter(name__endswith=MARK).exists():
            raise CommandError("Synthetische Inhalte sind schon vorhanden.")
        rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
        with transaction.atomic():
            count = self._generate(rng, regions, occupations)
            made = _postings(rng, postings)
            # bulk_create sends no signals: report the changes by hand.
            content_version.changed()
            if made:
                content_version.changed(key=content_version.POSTINGS)
        self.stdout.write(f"{count} synthetische Berufsprofile angelegt.")
        if made:
            self.stdout.write(f"{made} synthetische Stellenanzeigen angelegt.")

    def _generate(self, rng, n_regions, n_occupations):
        tools = _terms(Tool, "Werkzeug", 30)
        sectors = _terms(Sector, "Branche", 15)
        certifications = _terms(Certification, "Zertifikat", 15)
        skills = _terms(Skill, "Kompetenz", 30)
        regions = Region.objects.bulk_create(
            Region(name=f"Beispielstadt {i:02d} {MARK}", slug=f"beispielstadt-{i:02d}")
            for i in range(1, n_regions + 1)
        )
        occupations = Occupation.objects.bulk_create(
            Occupation(
                name=f"Beispielberuf {i:02d} {MARK}",
                slug=f"beispielberuf-{i:02d}",
                summary="Synthetischer Beruf für Lasttests.",
            )
            for i in range(1, n_occupations + 1)
        )
        profiles = CareerProfile.objects.bulk_create(
            CareerProfile(
                occupation=occupation,
                region=region,
                title=f"{occupation.name} in {region.name}",
                teaser="Synthetisches Profil für Lasttests.",
                as_of=datetime.date(2026, 11, 1),
                published=rng.random() > 0.05,
            )
            for occupation in occupations
            for region in regions
        )
        bands, sections, sources = [], [], []
        links = {"tools": [], "sectors": [], "certifications": [], "skills": []}
        for profile in profiles:
            low = rng.randrange(2600, 4200, 50)
            for step, level in enumerate(SalaryLevel.values):
                start = low + step * rng.randrange(700, 1200, 50)
                bands.append(
                    SalaryBand(
                        profile=profile,
                        level=level,
                        min_eur=start,
                        max_eur=start + rng.randrange(300, 900, 50),
                    )
                )
            sections.extend(
                ProfileSection(
                    profile=profile, position=i, heading=f"Abschnitt {i + 1}", body=SECTION_BODY
                )
                for i in range(4)
            )
            sources.append(Source(profile=profile, title="Synthetische Daten", url=""))
            for name, pool, k in (
                ("tools", tools, 4),
                ("sectors", sectors, 3),
                ("certifications", certifications, 3),
                ("skills", skills, 5),
            ):
                links[name].extend((profile, term) for term in rng.sample(pool, k))
        SalaryBand.objects.bulk_create(bands)
        ProfileSection.objects.bulk_create(sections)
        Source.objects.bulk_create(sources)
        for name, pairs in links.items():
            through = getattr(CareerProfile, name).through
            field = getattr(CareerProfile, name).field.m2m_reverse_field_name()
            through.objects.bulk_create(
                through(careerprofile=profile, **{field: term}) for profile, term in pairs
            )
        return len(profiles)


def _terms(model, label, count):
    return model.objects.bulk_create(
        model(name=f"{label} {i:02d} {MARK}", slug=f"{label.lower()}-{i:02d}-synthetisch")
        for i in range(1, count + 1)
    )


POSTING_DESCRIPTION = (
    "Diese **synthetische Stellenanzeige** dient nur Lasttests.\n\n"
    "- Aufgaben mit etwas Text\n- Anforderungen mit [einem Link](https://example.org/)"
)


def _postings(rng, count):
    """``count`` open postings across the synthetic occupations and cities, each within the
    model's rules (pay range at most twice its lower end and above the minimum wage, a way
    to apply, dates that fit the status); returns how many were made."""
    if not count:
        return 0
    occupations = list(Occupation.objects.filter(name__endswith=MARK))
    regions = list(Region.objects.filter(name__endswith=MARK))
    tools = list(Tool.objects.filter(name__endswith=MARK))
    day = today()
    floor = minimum_monthly_pay(FULL_TIME_WEEKLY_HOURS, settings.MINIMUM_WAGE_EUR_PER_HOUR)
    postings = []
    for number in range(count):
        region = regions[number % len(regions)]
        low = max(floor, rng.randrange(2600, 6000, 50))
        published_on = day - datetime.timedelta(days=rng.randrange(0, 30))
        postings.append(
            JobPosting(
                ref=f"synthetisch-{number + 1:06d}",
                title=f"Synthetische Stelle {number + 1} (m/w/d)",
                employer_name=f"Beispielarbeitgeber {number % 500:03d} {MARK}",
                occupation=rng.choice(occupations),
                region=region,
                level=rng.choice(SalaryLevel.values),
                min_eur=low,
                max_eur=min(low * MAX_PAY_SPREAD, low + rng.randrange(0, 1200, 50)),
                workplace=rng.choice(JobPosting.Workplace.values),
                description=POSTING_DESCRIPTION,
                apply_url="https://example.org/bewerben",
                status=JobPosting.Status.PUBLISHED,
                published_on=published_on,
                valid_through=published_on + datetime.timedelta(days=60),
            )
        )
    for posting in postings:
        posting.record_public_face()  # what save() does at publication
    made = JobPosting.objects.bulk_create(postings, batch_size=1000)
    through = JobPosting.tools.through
    through.objects.bulk_create(
        (
            through(jobposting=posting, tool=tool)
            for posting in made
            for tool in rng.sample(tools, 2)
        ),
        batch_size=2000,
    )
    return len(made)
