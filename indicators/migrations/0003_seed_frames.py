"""Seed the two official indicator frames (domain.md) and the seed region's adoption."""

from django.db import migrations

from indicators.frames import ensure_official_frames


def seed(apps, schema_editor):
    ensure_official_frames(
        tuple(
            apps.get_model("indicators", name)
            for name in ("IndicatorFrame", "FrameLevel1", "FrameLevel2", "FrameAdoption")
        )
    )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
