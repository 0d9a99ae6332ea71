"""Load release 2026.1 of the shipped vocabularies (see ayni/vocabularies/data/SOURCES.md)."""

from django.db import migrations

from ayni.vocabularies.loading import load_vocabularies


class Migration(migrations.Migration):
    dependencies = [("vocabularies", "0001_initial")]

    operations = [migrations.RunPython(load_vocabularies, migrations.RunPython.noop)]
