"""Staged imports in the admin: who uploaded what and what became of it, read-only."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from imports.models import ImportBatch
from projects.admin import ViewOnlyAdmin


@admin.register(ImportBatch)
class ImportBatchAdmin(ViewOnlyAdmin):
    list_display = (
        "created_at",
        "file_name",
        "kind",
        "size",
        "created_by",
        "department_code",
        "fiscal_year",
        "status",
        "policy",
        "problem_count",
        "applied_at",
    )
    list_filter = ("status", "kind", "policy", "fiscal_year")
    search_fields = ("file_name", "sha256", "department_code", "created_by__username")
    list_select_related = ("created_by",)
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        # The uploaded bytes can be megabytes per row: never loaded (nor shown; the hash
        # identifies them). The parsed data is read only when one batch is opened.
        return super().get_queryset(request).defer("content", "data")

    @admin.display(description=_("读取问题数"))
    def problem_count(self, batch: ImportBatch) -> int:
        return len(batch.problems or [])
