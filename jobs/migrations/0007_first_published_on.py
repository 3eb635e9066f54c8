from django.db import migrations, models
from django.db.models import F, Q


def mark_published(apps, schema_editor):
    """Which existing postings were once approved, as far as a row can tell.

    - Published: approved, on the site now.
    - Withdrawn or rejected and entered by the editors (no ``submitted_at``): an editor wrote
      or checked the text, and their address has answered 410 until now; they keep it.
    - Withdrawn or rejected employer submissions: the row cannot tell whether an editor ever
      approved them (``withdraw()``/``reject()`` date a never-published posting too). They are
      left unmarked and answer 404: a once-published one loses its 410 page (it has ended
      anyway), but no unreviewed employer text is ever public.
    - Drafts and postings in review: not marked; the next approval marks them.

    ``published_on`` is the best day there is; for a posting approved, edited and approved
    again it is the later approval.
    """
    JobPosting = apps.get_model("jobs", "JobPosting")
    JobPosting.objects.filter(
        Q(status="published") | Q(status__in=["withdrawn", "rejected"], submitted_at__isnull=True),
        published_on__isnull=False,
    ).update(first_published_on=F("published_on"))


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0006_employer_submissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="jobposting",
            name="first_published_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="Der Tag der ersten Freigabe; leer, solange die Stelle nie öffentlich war.",
                null=True,
                verbose_name="zuerst veröffentlicht am",
            ),
        ),
        migrations.RunPython(mark_published, migrations.RunPython.noop, elidable=False),
    ]
