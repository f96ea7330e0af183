"""A trigram index on unit names for the public search, on PostgreSQL only.

The search (`disclosure.selectors_public.name_filter`) looks for a word anywhere
in a name: `name LIKE '%word%' OR short_name LIKE '%word%'`. A B-tree cannot
serve that; a pg_trgm GIN index can, for words of three characters or more
(CJK characters count as letters for pg_trgm). One index over both columns,
because the planner uses it for the OR only when both branches are indexed.
SQLite has no such index and keeps scanning the names, which is fine at its
scale.

pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the owner
of the database may create it. Where it is not installed at all the index is
skipped and the search still works, only slower. Going back drops the index
and leaves the extension, which other objects may have come to use.
"""

from django.db import migrations

INDEX = "units_unit_name_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON units_unit "
        "USING gin (name gin_trgm_ops, short_name gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("units", "0004_workflow_permissions")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
