"""年度结转: copy a project, or a department's whole year, into the next year as drafts.

Codes, names, amounts, goals and indicator trees are copied unchanged. Nothing is stored to
mark them: a copied value *is* last year's value as long as it equals the value of the
project with the same code (or name) one year earlier, and the edit page says so next to the
field until the clerk changes it (see docs/decisions/006-data-entry-forms.md).

Carrying reads one year and writes the next, so the year it reads may be in any state (a
submitted or approved year is the usual source); what is asked is whether the user may
change the NEXT year (`projects.permissions.edit_refusal` with that year's plan). A whole
year is carried additively: the department goals when the next year has none, and each
project the next year does not have yet; the rest is listed as skipped, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from projects import permissions
from projects.exceptions import NotAllowed, TargetDataError
from projects.models import Department, DepartmentPlan, Project
from projects.selectors import department_targets, first_target_table
from projects.services import department_plan_save, project_save_table
from projects.targets import DepartmentTargets, TargetTable


def last_year_table(*, department: Department, table: TargetTable) -> TargetTable | None:
    """Last year's table of the same project, if there is one (two queries): the project of
    the same code, else (a code changed, or none) of the same name."""
    if not table.name and not table.code:
        return None
    projects = Project.objects.filter(department=department, fiscal_year=table.fiscal_year - 1)
    if not table.code:
        return first_target_table(projects.filter(name=table.name))
    return first_target_table(
        projects.filter(Q(code=table.code) | Q(name=table.name)), code_first=table.code
    )


def _next_year_copy(table: TargetTable, to_year: int) -> TargetTable:
    return replace(table, fiscal_year=to_year, project_id=None, version=None, position=None)


@dataclass(frozen=True)
class Skipped:
    """Something of the source year that is not carried, and why (Chinese)."""

    what: str
    reason: str


@dataclass
class CarryPlan:
    """What carrying a department-year into the next year does (or did): the department goals
    or not, the projects to copy, what is skipped and why; `refusal` when the user may not
    change the next year at all."""

    department: Department
    from_year: int
    to_year: int
    goals: bool = False
    tables: list[TargetTable] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    refusal: NotAllowed | None = None
    source_empty: bool = False
    source: DepartmentTargets | None = None

    @property
    def nothing_to_carry(self) -> bool:
        return not self.goals and not self.tables

    def summary(self) -> str:
        """One sentence of what was carried and what was skipped (for the page's message)."""
        carried = []
        if self.goals:
            carried.append(_("部门整体绩效目标"))
        if self.tables:
            carried.append(
                _("%(count)d个项目（%(names)s）")
                % {"count": len(self.tables), "names": "、".join(t.name for t in self.tables)}
            )
        text = _("已结转到%(year)d年（草稿）：%(what)s。") % {
            "year": self.to_year,
            "what": "，".join(carried),
        }
        if self.skipped:
            text += _("未结转：%(items)s。") % {
                "items": "；".join(f"{s.what}（{s.reason}）" for s in self.skipped)
            }
        return text + _("请逐项确认金额和指标值。")


def _place(department: Department, year: int) -> str:
    return _("%(department)s%(year)s年") % {"department": department, "year": year}


def _existing_projects(department: Department, to_year: int) -> tuple[set[str], set[str], set[str]]:
    """The next year's project codes of this unit, codes of other units, names of this unit."""
    own_codes, other_codes, names = set(), set(), set()
    rows = Project.objects.filter(fiscal_year=to_year).filter(
        Q(department=department) | ~Q(code="")
    )
    for department_id, code, name in rows.values_list("department_id", "code", "name"):
        if department_id == department.pk:
            names.add(name)
            if code:
                own_codes.add(code)
        elif code:
            other_codes.add(code)
    return own_codes, other_codes, names


def _skip_reason(table: TargetTable, to_year: int, existing) -> str:
    own_codes, other_codes, names = existing
    if table.code and table.code in own_codes:
        return _("%(year)d年已有编码相同的项目") % {"year": to_year}
    if table.code and table.code in other_codes:
        return _("项目编码%(code)s在%(year)d年已被其他单位使用") % {
            "code": table.code,
            "year": to_year,
        }
    if table.name in names:
        return _("%(year)d年已有名称相同的项目") % {"year": to_year}
    return ""


def department_carry_plan(*, department: Department, from_year: int, user) -> CarryPlan:
    """What carrying `from_year` of the department into the next year would do for `user`
    (reads only): for the confirmation page, and the plan the carry itself follows."""
    to_year = from_year + 1
    plan = CarryPlan(department=department, from_year=from_year, to_year=to_year)
    next_plan = DepartmentPlan.objects.filter(department=department, fiscal_year=to_year).first()
    plan.refusal = permissions.edit_refusal(user, department, next_plan)
    source = department_targets(department=department, fiscal_year=from_year)
    has_goals = bool(source.overall_goal or source.sub_goals or source.safeguards)
    plan.source_empty = not source.tables and not has_goals
    if has_goals:
        if next_plan is not None and (next_plan.overall_goal or next_plan.sub_goals):
            plan.skipped.append(
                Skipped(
                    _("部门整体绩效目标"),
                    _("%(year)d年已填写，保留不变") % {"year": to_year},
                )
            )
        else:
            plan.goals = True
    existing = _existing_projects(department, to_year)
    for table in source.tables:
        reason = _skip_reason(table, to_year, existing)
        if reason:
            plan.skipped.append(Skipped(_("项目“%(name)s”") % {"name": table.name}, reason))
        else:
            plan.tables.append(table)
    plan.source = source
    return plan


def project_carry_plan(*, project: Project, user) -> CarryPlan:
    """What carrying one project into the next year would do for `user` (reads only)."""
    to_year = project.fiscal_year + 1
    department = project.department
    plan = CarryPlan(department=department, from_year=project.fiscal_year, to_year=to_year)
    next_plan = DepartmentPlan.objects.filter(department=department, fiscal_year=to_year).first()
    plan.refusal = permissions.edit_refusal(user, department, next_plan)
    table = first_target_table(Project.objects.filter(pk=project.pk))
    reason = _skip_reason(table, to_year, _existing_projects(department, to_year))
    if reason:
        plan.skipped.append(Skipped(_("项目“%(name)s”") % {"name": table.name}, reason))
    else:
        plan.tables.append(table)
    return plan


@transaction.atomic
def project_carry_forward(*, project: Project, user) -> Project:
    """Copy one project into the next year as a draft of that year.

    The project's own year may be in any state; the next year must be open to `user`."""
    plan = project_carry_plan(project=project, user=user)
    if plan.refusal is not None:
        raise plan.refusal
    if plan.skipped:
        skipped = plan.skipped[0]
        raise TargetDataError(
            {
                skipped.what: [
                    _("%(reason)s，不能重复结转；请直接编辑%(year)s年的项目。")
                    % {"reason": skipped.reason, "year": plan.to_year}
                ]
            }
        )
    return project_save_table(
        department=project.department,
        table=_next_year_copy(plan.tables[0], plan.to_year),
        user=user,
    )


@transaction.atomic
def department_carry_forward(*, department: Department, from_year: int, user) -> CarryPlan:
    """Carry a department-year into the next year: the department goals when the next year
    has none, and every project the next year does not have yet; all in one transaction.

    Returns the plan it followed (what was carried, what was skipped and why). Raises the
    permission module's refusal when the user may not change the next year, and
    TargetDataError when there is nothing (left) to carry."""
    plan = department_carry_plan(department=department, from_year=from_year, user=user)
    if plan.refusal is not None:
        raise plan.refusal
    place = _place(department, plan.to_year)
    if plan.source_empty:
        raise TargetDataError(
            {place: [_("%(year)s年没有可结转的绩效目标。") % {"year": from_year}]}
        )
    if plan.nothing_to_carry:
        raise TargetDataError(
            {
                place: [
                    _("%(from)s年的绩效目标都已结转到%(year)s年，没有需要结转的内容。")
                    % {"from": from_year, "year": plan.to_year}
                ]
            }
        )
    source = plan.source
    if plan.goals:
        stored = DepartmentPlan.objects.filter(
            department=department, fiscal_year=plan.to_year
        ).first() or DepartmentPlan(department=department, fiscal_year=plan.to_year)
        department_plan_save(
            plan=stored,
            overall_goal=source.overall_goal,
            sub_goals=source.sub_goals,
            safeguards=source.safeguards,
            expected_version=None,
            user=user,
        )
    for table in plan.tables:
        project_save_table(
            department=department, table=_next_year_copy(table, plan.to_year), user=user
        )
    return plan
