"""Reads for the workflow: a department-year's status panel, its timeline, the queues."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from projects import permissions
from projects.models import Department, DepartmentPlan, Project
from reviews.checks import Finding, Level, Location
from reviews.selectors import DepartmentReview
from workflow.models import ReviewAction, ReviewOpinion


@dataclass
class PlanPanel:
    """What the department page shows about review: status, allowed actions, timeline."""

    plan: DepartmentPlan | None
    actions: list[ReviewAction] = field(default_factory=list)
    may_submit: bool = False
    may_withdraw: bool = False
    may_review: bool = False
    may_unlock: bool = False
    may_edit: bool = False

    @property
    def latest_return(self) -> ReviewAction | None:
        returns = [a for a in self.actions if a.kind == ReviewAction.Kind.RETURN]
        return returns[-1] if returns else None

    def opinions_by_project(self) -> dict[int | None, list[ReviewOpinion]]:
        """The opinions of the latest return, grouped by project id (None: whole department)."""
        return self._grouped_opinions

    @cached_property
    def _grouped_opinions(self) -> dict[int | None, list[ReviewOpinion]]:
        # Computed once per page: the department page asks once per table. Only while the
        # return is the latest action: after 取消审核 the year is 被退回 again, but the opinions
        # of the return before the approval were settled.
        if self.plan is None or self.plan.status != DepartmentPlan.Status.RETURNED:
            return {}
        if not self.actions or self.actions[-1].kind != ReviewAction.Kind.RETURN:
            return {}
        grouped: dict[int | None, list[ReviewOpinion]] = {}
        for opinion in self.latest_return.opinions.all() if self.latest_return else []:
            grouped.setdefault(opinion.project_id, []).append(opinion)
        return grouped


def opinions_on_rows(
    opinions: list[ReviewOpinion], row_names: list[str]
) -> tuple[dict[int, list[ReviewOpinion]], list[ReviewOpinion]]:
    """Split a table's opinions into those on an indicator row (by row number) and the rest.

    The clerk may have moved rows since the return, so the 三级 name the opinion quotes finds
    its row when exactly one row has it; else the row number as it was at the return does.
    Opinions on no row, or on a row that no longer exists, stay with the table.
    """
    on_rows: dict[int, list[ReviewOpinion]] = {}
    on_table: list[ReviewOpinion] = []
    for opinion in opinions:
        number = opinion.indicator_order
        quoted = opinion.indicator_name
        same_name = [n for n, name in enumerate(row_names, 1) if quoted and name == quoted]
        if number and len(same_name) == 1:
            number = same_name[0]
        if number and number <= len(row_names):
            on_rows.setdefault(number, []).append(opinion)
        else:
            on_table.append(opinion)
    return on_rows, on_table


def project_return_opinions(
    *, plan: DepartmentPlan | None, project_id: int | None
) -> list[ReviewOpinion]:
    """The opinions about one project of the return that put its year in 被退回.

    Only while the year is 被退回 and its latest action is that return: after 取消审核 the
    year is 被退回 again, but the opinions of the return before the approval were settled.
    No query unless the year is returned, then one, whatever the number of opinions.
    """
    if plan is None or project_id is None or plan.status != DepartmentPlan.Status.RETURNED:
        return []
    latest = ReviewAction.objects.filter(plan_id=plan.pk).order_by("-at", "-id").values("pk")[:1]
    return list(
        ReviewOpinion.objects.filter(
            action_id=Subquery(latest),
            action__kind=ReviewAction.Kind.RETURN,
            project_id=project_id,
        ).order_by("indicator_order", "id")
    )


@dataclass
class EditorOpinions:
    """A return's opinions about one table: on the table as a whole, and per row number."""

    table: list[ReviewOpinion] = field(default_factory=list)
    rows: dict[int, list[ReviewOpinion]] = field(default_factory=dict)


def editor_opinions(
    *, plan: DepartmentPlan | None, project_id: int | None, row_names: list[str]
) -> EditorOpinions | None:
    """The opinions of the return that sent this year back, placed on the editor's rows.

    The rows as shown (names typed so far included) decide the placement; None when there is
    nothing to show, so the rows skip the per-row tag. Read by the editor view (pages room).
    """
    opinions = project_return_opinions(plan=plan, project_id=project_id)
    if not opinions:
        return None
    rows, table = opinions_on_rows(opinions, row_names)
    return EditorOpinions(table=table, rows=rows)


def _timeline(plan: DepartmentPlan) -> list[ReviewAction]:
    # Every action sets status_changed_at (workflow.services._transition; actions cannot be
    # added otherwise), so a plan without it has none: most plans, most of the year.
    if plan.status_changed_at is None:
        return []
    opinions = ReviewOpinion.objects.select_related("project")
    return list(
        ReviewAction.objects.filter(plan=plan)
        .select_related("actor")
        .prefetch_related(Prefetch("opinions", queryset=opinions))
        .order_by("at", "id")
    )


_UNKNOWN = object()


def plan_panel(
    *, user, department: Department, fiscal_year: int, plan: DepartmentPlan | None = _UNKNOWN
) -> PlanPanel:
    """The status panel of a department-year for this user (fixed number of queries).

    `plan` is the year's plan when the caller has read it already (None: there is none)."""
    if plan is _UNKNOWN:
        plan = DepartmentPlan.objects.filter(department=department, fiscal_year=fiscal_year).first()
    if plan is None:
        return PlanPanel(plan=None, may_edit=permissions.can_edit_targets(user, department, None))
    allowed = permissions.allowed_transitions(user, plan, department)
    return PlanPanel(
        plan=plan,
        actions=_timeline(plan),
        may_submit=ReviewAction.Kind.SUBMIT in allowed,
        may_withdraw=ReviewAction.Kind.WITHDRAW in allowed,
        may_review=ReviewAction.Kind.APPROVE in allowed,  # 退回 and 审核通过 go together
        may_unlock=ReviewAction.Kind.UNLOCK in allowed,
        may_edit=permissions.can_edit_targets(user, department, plan),
    )


def review_queue(user) -> QuerySet[DepartmentPlan]:
    """Department-years for this user's attention, with project counts and budget totals.

    Reviewers: submissions waiting for review, oldest first. Clerks: their own years,
    returned ones first. Others: every visible year, newest first.
    """
    same_year = Project.objects.filter(
        department=OuterRef("department"), fiscal_year=OuterRef("fiscal_year")
    ).values("department")
    plans = (
        permissions.visible_plans(user)
        .select_related("department")
        .annotate(
            project_count=Subquery(same_year.annotate(n=Count("id")).values("n")),
            budget=Subquery(same_year.annotate(total=Sum("budget_total")).values("total")),
        )
    )
    role = permissions.role_of(user)
    if role == Role.REVIEWER:
        return plans.filter(status=DepartmentPlan.Status.SUBMITTED).order_by(
            "status_changed_at", "department__code"
        )
    if role == Role.CLERK:
        returned_first = {DepartmentPlan.Status.RETURNED: 0}
        ordered = sorted(
            plans.order_by("-fiscal_year", "department__code"),
            key=lambda p: returned_first.get(p.status, 1),
        )
        return ordered  # a short list: a clerk has a handful of department-years
    return plans.order_by("-fiscal_year", "department__code")


def status_counts(user) -> dict[str, int]:
    """How many visible department-years are in each status (for the queue header)."""
    rows = permissions.visible_plans(user).values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(DepartmentPlan.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def waiting_days(plan: DepartmentPlan) -> int | None:
    if plan.status_changed_at is None:
        return None
    return (timezone.now() - plan.status_changed_at).days


# Fields of an indicator row and of a project header with an input of their own in the
# editors: a finding on one of them links straight to that input (its id in the form).
_ROW_INPUTS = {"level1", "level2", "name", "description", "value", "basis", "weight"}
_PROJECT_INPUTS = {
    "code": "id_code",
    "name": "id_name",
    "budget_total": "id_budget_total",
    "fiscal_funds": "id_fiscal_funds",
    "other_funds": "id_other_funds",
    "purpose": "id_purpose",
    "goals": "id_goals",
    "spending_plan": "id_spending_plan_kind",
}


@dataclass
class BlockingError:
    """An error that blocks 送审, with the editor input it is about (its HTML id, or "")."""

    finding: Finding
    input_id: str

    @property
    def place(self) -> str:
        """Where in its table: `第2行指标“及时拨付” · 指标值` (the table is the group's)."""
        return " · ".join(self.finding.location.label.split(" · ")[1:]) or str(_("本表"))


@dataclass
class BlockingGroup:
    """The blocking errors of one table (project_id None: the department's overall goals)."""

    label: str
    project_id: int | None
    errors: list[BlockingError] = field(default_factory=list)


def blocking_findings(review: DepartmentReview) -> list[BlockingGroup]:
    """The errors of an automated review, by table in document order, each with the id of
    the editor input it is about, so that the refused 送审 can link to each row."""
    tables = review.targets.tables
    groups: dict[int | None, BlockingGroup] = {}
    for finding in review.findings:
        if finding.level is not Level.ERROR:
            continue
        where = finding.location
        index = where.project_index
        if index not in groups:
            if index is None:
                groups[index] = BlockingGroup(label=str(_("部门整体绩效目标")), project_id=None)
            else:
                table = tables[index - 1]
                groups[index] = BlockingGroup(
                    label=f"{index}.{table.name}", project_id=table.project_id
                )
        groups[index].errors.append(BlockingError(finding=finding, input_id=_input_id(where)))
    return [groups[key] for key in sorted(groups, key=lambda k: -1 if k is None else k)]


def _input_id(where: Location) -> str:
    if where.project_index is None:
        return "id_overall_goal" if where.field == "overall_goal" else ""
    if where.row is not None:
        name = where.field if where.field in _ROW_INPUTS else "name"
        return f"id_rows-{where.row - 1}-{name}"
    return _PROJECT_INPUTS.get(where.field, "")
