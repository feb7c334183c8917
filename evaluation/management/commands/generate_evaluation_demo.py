"""Demo monitoring and self-evaluation data for the approved units of a year (#18).

python manage.py generate_evaluation_demo --year 2024 [--month 7] [--seed 1]
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from evaluation import demo


class Command(BaseCommand):
    help = "为已审核通过的单位生成演示用的运行监控和绩效自评数据（含常见偏差）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help=_("预算年度，例如 2024"))
        parser.add_argument("--month", type=int, default=7, help=_("监控截止月份，默认7"))
        parser.add_argument("--seed", type=int, default=1, help=_("随机种子"))

    def handle(self, *args, **options) -> None:
        if not 1 <= options["month"] <= 12:
            raise CommandError(_("--month 应在1到12之间。"))
        rounds, evaluations = demo.generate(
            fiscal_year=options["year"], month=options["month"], seed=options["seed"]
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("已生成运行监控%(rounds)s个、绩效自评%(evaluations)s个。")
                % {"rounds": rounds, "evaluations": evaluations}
            )
        )
