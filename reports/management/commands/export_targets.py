"""Export 绩效目标表 from the command line (scripts, auditors).

python manage.py export_targets --department 802010 --year 2023 --format docx --output FILE
python manage.py export_targets --all --year 2023 --output FILE.zip
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from projects.models import Department
from projects.selectors import department_targets
from reports import services


class Command(BaseCommand):
    help = "导出单位绩效目标表（Word/Excel），或用 --all 把该年度全部单位导出为一个 zip。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--department", help=_("单位编码，例如 802010"))
        parser.add_argument("--year", type=int, required=True, help=_("预算年度，例如 2023"))
        parser.add_argument("--format", choices=services.FORMATS, default="docx")
        parser.add_argument("--all", action="store_true", help=_("该年度全部单位，输出 zip"))
        parser.add_argument("--output", help=_("输出文件；默认为当前目录下的标准文件名"))

    def handle(self, *args, **options) -> None:
        if options["all"] == bool(options["department"]):
            raise CommandError(
                _("请指定 --department 单位编码，或用 --all 导出全部单位（二选一）。")
            )
        if options["all"]:
            path = self._export_all(options["year"], options["output"])
        else:
            path = self._export_department(options)
        self.stdout.write(self.style.SUCCESS(_("已导出：%(path)s") % {"path": path}))

    def _export_department(self, options) -> Path:
        code, year, fmt = options["department"], options["year"], options["format"]
        department = Department.objects.filter(code=code).first()
        if department is None:
            raise CommandError(_("没有编码为 %(code)s 的单位。") % {"code": code})
        targets = department_targets(department=department, fiscal_year=year)
        if not targets.tables and not targets.overall_goal:
            raise CommandError(
                _("单位 %(code)s 在 %(year)s 年没有绩效目标。") % {"code": code, "year": year}
            )
        path = Path(options["output"] or services.department_file_name(targets, fmt))
        services.department_export(targets=targets, fmt=fmt, output=path)
        return path

    def _export_all(self, year: int, output: str | None) -> Path:
        try:
            departments = services.batch_departments(fiscal_year=year, codes=[])
        except services.ExportError as error:
            raise CommandError(str(error)) from error
        path = Path(output or _("%(year)s年-全部单位-绩效目标表.zip") % {"year": year})
        services.batch_export(departments=departments, fiscal_year=year, output=path)
        return path
