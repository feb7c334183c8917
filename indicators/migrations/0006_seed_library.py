"""Seed the indicator library with the seed document's indicators and common ones."""

from django.db import migrations

from indicators.library import ensure_library


def seed(apps, schema_editor):
    ensure_library(apps.get_model("indicators", "LibraryIndicator"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0005_library_indicator")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
