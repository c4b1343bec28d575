"""The table of the database cache (settings.CACHES), made by `migrate` so no installation can forget it.

The cache holds rate-limit counters that every worker process must share; a missing table would turn the
first counted request into an error. `createcachetable` does nothing when the table exists or when no cache
uses the database.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
