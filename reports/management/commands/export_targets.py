"""Export 绩效目标表 from the command line (scripts, auditors).

python manage.py export_targets --department 802010 --year 2023 --format docx --output FILE
python manage.py export_targets --all --year 2023 --output FILE.zip
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.models import Department
from projects.selectors import department_targets
from reports import services


class Command(BaseCommand):
    help = "导出单位绩效目标表（Word/Excel），或用 --all 把该年度全部单位导出为一个 zip。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--department", help="单位编码，例如 802010")
        parser.add_argument("--year", type=int, required=True, help="预算年度，例如 2023")
        parser.add_argument("--format", choices=services.FORMATS, default="docx")
        parser.add_argument("--all", action="store_true", help="该年度全部单位，输出 zip")
        parser.add_argument("--output", help="输出文件；默认为当前目录下的标准文件名")

    def handle(self, *args, **options) -> None:
        if options["all"] == bool(options["department"]):
            raise CommandError("请指定 --department 单位编码，或用 --all 导出全部单位（二选一）。")
        if options["all"]:
            path = self._export_all(options["year"], options["output"])
        else:
            path = self._export_department(options)
        self.stdout.write(self.style.SUCCESS(f"已导出：{path}"))

    def _export_department(self, options) -> Path:
        code, year, fmt = options["department"], options["year"], options["format"]
        department = Department.objects.filter(code=code).first()
        if department is None:
            raise CommandError(f"没有编码为 {code} 的单位。")
        targets = department_targets(department=department, fiscal_year=year)
        if not targets.tables and not targets.overall_goal:
            raise CommandError(f"单位 {code} 在 {year} 年没有绩效目标。")
        path = Path(options["output"] or services.department_file_name(targets, fmt))
        services.department_export(targets=targets, fmt=fmt, output=path)
        return path

    def _export_all(self, year: int, output: str | None) -> Path:
        try:
            departments = services.batch_departments(fiscal_year=year, codes=[])
        except services.ExportError as error:
            raise CommandError(str(error)) from error
        path = Path(output or f"{year}年-全部单位-绩效目标表.zip")
        services.batch_export(departments=departments, fiscal_year=year, output=path)
        return path
