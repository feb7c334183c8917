"""Print the automated review findings of one department and year (text or JSON)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from projects.models import Department
from reviews.selectors import department_review


class Command(BaseCommand):
    help = "对一个单位某年度的绩效目标运行智能审核，列出全部问题。"

    def add_arguments(self, parser):
        parser.add_argument("--department", required=True, help="单位编码，例如 802010")
        parser.add_argument("--year", required=True, type=int, help="预算年度，例如 2023")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        code, year = options["department"], options["year"]
        department = Department.objects.filter(code=code).first()
        if department is None:
            raise CommandError(f"没有单位编码为 {code} 的预算单位。")
        review = department_review(department=department, fiscal_year=year)
        if not review.targets.tables and not review.targets.overall_goal:
            raise CommandError(f"单位 {code} 在 {year} 年没有绩效目标。")
        if options["format"] == "json":
            data = [finding.to_dict() for finding in review.findings]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for finding in review.findings:
            self.stdout.write(f"[{finding.level.label}] {finding.rule} {finding.message}")
            self.stdout.write(f"    修改建议：{finding.hint}")
        self.stdout.write(
            f"{department.code}{department.name} {year}年：{len(review.targets.tables)} 个项目，"
            f"错误 {review.errors} 条，提示 {review.warnings} 条。"
        )
