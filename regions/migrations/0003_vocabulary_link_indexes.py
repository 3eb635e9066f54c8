"""Indexes (tool, profile) and (sector, profile) on the many-to-many link tables.

``published_vocabulary()`` asks per tool and per sector for its first published profile
in profile order (see ``regions.querysets._used_by_published``); these indexes answer
that with a few entries, and with none for an entry no profile uses. The link tables are
the ones Django creates for the many-to-many fields, which have no ``Meta.indexes``; the
SQL is the same on PostgreSQL and SQLite, and the model state does not change.
"""

from django.db import migrations

INDEXES = [
    ("careerprofile_tools_tool_profile_idx", "regions_careerprofile_tools", "tool_id"),
    ("careerprofile_sectors_sector_profile_idx", "regions_careerprofile_sectors", "sector_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0002_redaktion_group"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}", "careerprofile_id")',
            reverse_sql=f'DROP INDEX "{name}"',
        )
        for name, table, column in INDEXES
    ]
