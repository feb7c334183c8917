from django.db import migrations, models


def record_units_of_finished_jobs(apps, schema_editor):
    """Finished jobs name the units of their zip, which decides who may still download it;
    before this a job of "all units" held every unit with projects or a plan in the year."""
    ExportJob = apps.get_model("reports", "ExportJob")
    Department = apps.get_model("projects", "Department")
    for job in ExportJob.objects.filter(status="done"):
        codes = job.department_codes or sorted(
            Department.objects.filter(
                models.Q(projects__fiscal_year=job.fiscal_year)
                | models.Q(plans__fiscal_year=job.fiscal_year)
            )
            .distinct()
            .values_list("code", flat=True)
        )
        ExportJob.objects.filter(pk=job.pk).update(exported=codes)


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0002_departmentplan_grade_departmentplan_status_and_more"),
        ("reports", "0002_alter_exportjob_fiscal_year_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="exportjob",
            name="exported",
            field=models.JSONField(blank=True, default=list, verbose_name="已导出单位"),
        ),
        migrations.AddField(
            model_name="exportjob",
            name="skipped",
            field=models.JSONField(blank=True, default=list, verbose_name="未导出单位"),
        ),
        migrations.RunPython(record_units_of_finished_jobs, migrations.RunPython.noop),
    ]
