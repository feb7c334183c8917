from django.contrib import admin

from reports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "fiscal_year", "status", "done", "total", "created_by", "created_at")
    list_filter = ("status", "fiscal_year")
    readonly_fields = [f.name for f in ExportJob._meta.fields]
