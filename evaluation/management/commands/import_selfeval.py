"""Import 项目支出绩效自评表 (Word or Excel) into a unit's self-evaluation of a year (#18).

python manage.py import_selfeval FILE.docx|FILE.xlsx --department 219001 --year 2022

The year's targets must be approved; the self-evaluation is opened when it does not exist.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError

from core.errors import DomainError
from evaluation import importing, selectors, services
from projects.models import Department
from projects.permissions import SYSTEM


class Command(BaseCommand):
    help = "把项目支出绩效自评表（Word或Excel）导入单位的绩效自评（实际完成值、得分、资金等）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=_("自评表 .docx 文件"))
        parser.add_argument("--department", required=True, help=_("单位编码"))
        parser.add_argument("--year", type=int, required=True, help=_("预算年度"))

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        suffix = path.suffix.lower()
        if not path.is_file() or suffix not in (".docx", ".xlsx"):
            raise CommandError(_("请指定一个 .docx（Word）或 .xlsx（Excel）格式的自评表文件。"))
        if path.stat().st_size > importing.MAX_BYTES:
            raise CommandError(_("文件超过20MB，请拆分后再导入。"))
        department = Department.objects.filter(code=options["department"]).first()
        if department is None:
            raise CommandError(_("没有编码为 %(code)s 的单位。") % {"code": options["department"]})
        year = options["year"]
        try:
            read = importing.read_docx if suffix == ".docx" else importing.read_xlsx
            tables = read(str(path))
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError) as error:
            raise CommandError(
                _("无法读取该Word文件，请确认文件完好并另存为 .docx 后再试。")
            ) from error
        if not tables:
            raise CommandError(_("文件中没有找到自评表（需要有“三级指标”和“实际完成值”列）。"))
        try:
            evaluation = selectors.evaluation_of(department, year) or services.evaluation_open(
                department=department, fiscal_year=year, user=SYSTEM
            )
            evaluation.department = department
            report = importing.evaluation_import(evaluation=evaluation, tables=tables, user=SYSTEM)
        except DomainError as error:
            raise CommandError(str(error)) from error
        for problem in report.problems:
            self.stdout.write(self.style.WARNING(problem))
        self.stdout.write(
            self.style.SUCCESS(
                _("已导入%(projects)s个项目、%(indicators)s条指标。")
                % {"projects": report.projects, "indicators": report.indicators}
            )
        )
