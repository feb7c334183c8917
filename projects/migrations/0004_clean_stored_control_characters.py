"""Clean text stored before #14 by the app's text policy (as it stood then, copied here)."""

import re

from django.db import migrations

LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
FORBIDDEN = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)

TEXT_FIELDS = {
    ("projects", "Department"): ("name",),
    ("projects", "DepartmentPlan"): ("overall_goal", "sub_goals", "safeguards"),
    ("projects", "Project"): ("name", "purpose", "goals"),
    ("indicators", "Indicator"): (
        "name", "description", "value_raw", "value_unit", "value_text", "basis"
    ),
}


def _clean(value):
    if isinstance(value, str):
        return FORBIDDEN.sub("", LINE_BREAKS.sub("\n", value))
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def clean_stored_text(apps, schema_editor):
    for (app, name), fields in TEXT_FIELDS.items():
        model = apps.get_model(app, name)
        changed = []
        for row in model.objects.only("pk", *fields).iterator(chunk_size=2000):
            new = {field: _clean(getattr(row, field)) for field in fields}
            if any(new[field] != getattr(row, field) for field in fields):
                for field, value in new.items():
                    setattr(row, field, value)
                changed.append(row)
        model.objects.bulk_update(changed, fields, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0008_alter_frameadoption_fiscal_year_and_more"),
        ("projects", "0003_alter_department_name_and_more"),
    ]

    operations = [migrations.RunPython(clean_stored_text, migrations.RunPython.noop)]
