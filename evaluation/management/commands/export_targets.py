"""`export_targets` with `--stage targets|monitoring|selfeval` (#18).

This command takes the place of reports' `export_targets` (evaluation is listed before reports
in INSTALLED_APPS, and Django lets the earlier app's command win): `--stage targets`, the
default, is reports' command unchanged; the other stages write the unit-year's monitoring
table or self-evaluation table through the same renderers.

python manage.py export_targets --department 802010 --year 2023 --stage monitoring --month 7 \
    --format docx --output FILE
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from evaluation import layout, selectors
from evaluation.models import MonitoringRound
from projects.models import Department, DepartmentPlan
from reports import services
from reports.management.commands import export_targets

STAGES = ("targets", "monitoring", "selfeval")


class Command(export_targets.Command):
    help = (
        "导出单位绩效目标表、运行监控表或绩效自评表（Word/Excel）；"
        "--stage targets 时可用 --all 导出全部单位。"
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--stage",
            choices=STAGES,
            default="targets",
            help=_("targets 绩效目标表（默认）、monitoring 运行监控表、selfeval 绩效自评表"),
        )
        parser.add_argument(
            "--month",
            type=int,
            help=_("运行监控的截止月份（1–12）；不填时为最近一期，没有时为7月的空白表"),
        )

    def handle(self, *args, **options) -> None:
        if options["stage"] == "targets":
            return super().handle(*args, **options)
        if options["all"] or not options["department"]:
            raise CommandError(_("运行监控表和绩效自评表请用 --department 指定单位编码。"))
        path = self._export_stage(options)
        self.stdout.write(self.style.SUCCESS(_("已导出：%(path)s") % {"path": path}))
        return None

    def _export_stage(self, options) -> Path:
        code, year, fmt = options["department"], options["year"], options["format"]
        department = Department.objects.filter(code=code).first()
        if department is None:
            raise CommandError(_("没有编码为 %(code)s 的单位。") % {"code": code})
        if options["stage"] == "monitoring":
            document, title = self._monitoring(department, year, options["month"])
        else:
            stage = selectors.evaluation_of(department, year)
            sheet = (
                selectors.evaluation_sheet(stage)
                if stage is not None
                else self._blank(department, year, selectors.blank_evaluation_sheet)
            )
            document, title = layout.evaluation_document(sheet), layout.evaluation_title(sheet)
        path = Path(options["output"] or services.safe_file_name(f"{title}.{fmt}"))
        services.RENDERERS[fmt](document, path)
        return path

    def _monitoring(self, department: Department, year: int, month: int | None):
        if month is not None and not 1 <= month <= 12:
            raise CommandError(_("--month 应在1到12之间。"))
        rounds = MonitoringRound.objects.filter(department=department, fiscal_year=year)
        if month is not None:
            rounds = rounds.filter(period_end_month=month)
        stage = rounds.order_by("-period_end_month").first()
        if stage is not None:
            stage.department = department
            sheet = selectors.monitoring_sheet(stage)
        else:
            sheet = self._blank(
                department,
                year,
                lambda d, y: selectors.blank_monitoring_sheet(d, y, month or 7),
            )
        return layout.monitoring_document(sheet), layout.monitoring_title(sheet)

    def _blank(self, department: Department, year: int, make):
        """A blank table ready to fill, for approved targets only."""
        plan = DepartmentPlan.objects.filter(department=department, fiscal_year=year).first()
        if plan is None or not plan.is_locked:
            raise CommandError(
                _("单位 %(code)s 在 %(year)s 年的绩效目标尚未审核通过，不能导出空白表。")
                % {"code": department.code, "year": year}
            )
        return make(department, year)
