"""Print the automated review findings of one department and year (text or JSON)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from projects.models import Department
from reviews.selectors import department_review


class Command(BaseCommand):
    help = "对一个单位某年度的绩效目标运行智能审核，列出全部问题。"

    def add_arguments(self, parser):
        parser.add_argument("--department", required=True, help=_("单位编码，例如 802010"))
        parser.add_argument("--year", required=True, type=int, help=_("预算年度，例如 2023"))
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        code, year = options["department"], options["year"]
        department = Department.objects.filter(code=code).first()
        if department is None:
            raise CommandError(_("没有单位编码为 %(code)s 的预算单位。") % {"code": code})
        review = department_review(department=department, fiscal_year=year)
        if not review.targets.tables and not review.targets.overall_goal:
            raise CommandError(
                _("单位 %(code)s 在 %(year)s 年没有绩效目标。") % {"code": code, "year": year}
            )
        if options["format"] == "json":
            data = [finding.to_dict() for finding in review.findings]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for finding in review.findings:
            self.stdout.write(f"[{finding.level.label}] {finding.rule} {finding.message}")
            self.stdout.write(_("    修改建议：%(hint)s") % {"hint": finding.hint})
        self.stdout.write(
            _(
                "%(code)s%(name)s %(year)s年：%(projects)s 个项目，"
                "错误 %(errors)s 条，提示 %(warnings)s 条。"
            )
            % {
                "code": department.code,
                "name": department.name,
                "year": year,
                "projects": len(review.targets.tables),
                "errors": review.errors,
                "warnings": review.warnings,
            }
        )
