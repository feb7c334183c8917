"""Take the typed list numbers off stored goals, which the tables then printed twice (#17).

Goals typed as "1.保障…" were stored with their number and printed "1.1.保障…". Saves now
store items without it (`projects.numbering`); this command repairs what was stored before.
Dry run by default: it lists every change. `--apply` writes them in one transaction, each
save recorded in the history (as a system job) with its version raised. Years that are
submitted or approved stay as they are (closed to everyone, system jobs included); their
tables already print each number once.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from projects.models import DepartmentPlan, Project
from projects.numbering import unnumbered

PLAN_FIELDS = ("sub_goals", "safeguards")


class Command(BaseCommand):
    help = _(
        "去掉已保存的绩效目标、分项绩效目标和工作保障措施开头自带的编号（默认只列出，不修改）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help=_("写入修改（一个事务，记入修改记录）。")
        )

    def handle(self, *args, apply: bool = False, **options):
        with transaction.atomic():
            changed, skipped = self._repair(apply=apply)
        if not changed and not skipped:
            self.stdout.write(_("没有需要修复的编号。"))
            return
        if apply:
            self.stdout.write(_("已修复%(n)d处。") % {"n": changed})
        else:
            self.stdout.write(
                _("共%(n)d处需要修复；这是试运行，没有修改。加 --apply 写入。") % {"n": changed}
            )
        if skipped:
            self.stdout.write(
                _("%(n)d处所在年度已送审或已审核，未修改（打印时编号已只显示一次）。")
                % {"n": skipped}
            )

    def _repair(self, *, apply: bool) -> tuple[int, int]:
        locked_years = set(
            DepartmentPlan.objects.exclude(
                status__in=(DepartmentPlan.Status.DRAFT, DepartmentPlan.Status.RETURNED)
            ).values_list("department_id", "fiscal_year")
        )
        changed = skipped = 0
        projects = Project.objects.select_related("department").order_by(
            "department__code", "fiscal_year", "display_order", "id"
        )
        plans = DepartmentPlan.objects.select_related("department").order_by(
            "department__code", "fiscal_year"
        )
        for owner, fields in [
            *((p, ("goals",)) for p in projects.select_for_update(of=("self",))),
            *((p, PLAN_FIELDS) for p in plans.select_for_update(of=("self",))),
        ]:
            repaired = {
                name: unnumbered(getattr(owner, name))
                for name in fields
                if unnumbered(getattr(owner, name)) != getattr(owner, name)
            }
            if not repaired:
                continue
            locked = (owner.department_id, owner.fiscal_year) in locked_years
            for name, items in repaired.items():
                self._report(owner, name, getattr(owner, name), items, locked)
            if locked:
                skipped += len(repaired)
                continue
            changed += len(repaired)
            if apply:
                for name, items in repaired.items():
                    setattr(owner, name, items)
                owner.version += 1
                owner._change_reason = _("修复重复编号")
                owner.save(update_fields=[*repaired, "version", "updated_at"])
        return changed, skipped

    def _report(self, owner, name: str, before: list[str], after: list[str], locked: bool) -> None:
        label = owner._meta.get_field(name).verbose_name
        where = (
            _("%(unit)s %(year)d年 项目“%(name)s”")
            % {"unit": owner.department.code, "year": owner.fiscal_year, "name": owner.name}
            if isinstance(owner, Project)
            else _("%(unit)s %(year)d年 部门整体绩效目标")
            % {"unit": owner.department.code, "year": owner.fiscal_year}
        )
        note = _("（已送审或已审核，未修改）") if locked else ""
        self.stdout.write(f"{where} · {label}{note}")
        for old, new in zip(before, after, strict=True):
            if old != new:
                self.stdout.write(f"  “{old}” → “{new}”")
