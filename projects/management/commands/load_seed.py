"""Load the seed department documents from fixtures/seed/*.json (idempotent).

`make run` calls this on every start, so a department-year that already exists is kept as it
is: a clerk's edits and a submitted or approved year must survive a restart. `--reset` puts
the seed values back into a year that is still editable and refuses a locked one.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.frames import ensure_official_frames
from projects.exceptions import LockedError, TargetDataError
from projects.models import DepartmentPlan, Project
from projects.permissions import SYSTEM
from projects.services import department_targets_save
from projects.targets import DepartmentTargets, department_from_dict

SEED_DIR = Path(settings.BASE_DIR) / "fixtures" / "seed"


def _stored_year(targets: DepartmentTargets) -> tuple[bool, DepartmentPlan | None]:
    """Whether the department-year exists (a plan or any project), and its plan if any."""
    where = {
        "department__code": targets.department_code,
        "fiscal_year": targets.fiscal_year,
    }
    plan = DepartmentPlan.objects.filter(**where).first()
    return plan is not None or Project.objects.filter(**where).exists(), plan


class Command(BaseCommand):
    help = (
        "导入 fixtures/seed/ 中的示例单位绩效目标。已存在的单位年度保持不变（可重复执行）；"
        "--reset 用种子数据覆盖仍可编辑的单位年度。"
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help=_("JSON 文件；缺省为 fixtures/seed/*.json"))
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_(
                "用种子数据恢复已存在的单位年度（仅限待送审或被退回的年度；"
                "已送审、已审核的年度会被拒绝）。本年度另外新增的项目保留不动。"
            ),
        )

    def handle(self, *args, **options):
        files = [Path(f) for f in options["files"]] or sorted(SEED_DIR.glob("*.json"))
        if not files:
            raise CommandError(_("没有找到种子数据：%(dir)s") % {"dir": SEED_DIR})
        ensure_official_frames()  # reference data, in case a flush removed what migrations seeded
        for path in files:
            targets = department_from_dict(json.loads(path.read_text(encoding="utf-8")))
            self._load(path, targets, reset=options["reset"])

    def _load(self, path: Path, targets: DepartmentTargets, *, reset: bool) -> None:
        label = _("%(code)s%(name)s %(year)s年") % {
            "code": targets.department_code,
            "name": targets.department_name,
            "year": targets.fiscal_year,
        }
        exists, plan = _stored_year(targets)
        if exists and not reset:
            self.stdout.write(
                _("已保留 %(label)s：该单位年度已存在，未改动。如需恢复种子数据，请加 --reset。")
                % {"label": label}
            )
            return
        if plan is not None and not plan.is_editable:
            raise CommandError(self._locked(path, plan))
        try:
            department_targets_save(targets=targets, user=SYSTEM)  # a system job: no user
        except LockedError as error:  # submitted between the check above and the save
            raise CommandError(self._locked(path, error.plan)) from error
        except TargetDataError as error:
            raise CommandError(f"{path.name}：{error}") from error
        done = _("已恢复") if exists else _("已导入")
        self.stdout.write(
            _("%(done)s %(label)s：%(n)d 个项目")
            % {"done": done, "label": label, "n": len(targets.tables)}
        )

    def _locked(self, path: Path, plan: DepartmentPlan) -> str:
        return _(
            "%(file)s：%(unit)s %(year)d年的绩效目标%(status)s，不能用种子数据覆盖。"
            "如确需恢复，请先在审核流程中取消送审或取消审核，再运行 load_seed --reset。"
        ) % {
            "file": path.name,
            "unit": plan.department.heading,
            "year": plan.fiscal_year,
            "status": plan.get_status_display(),
        }
