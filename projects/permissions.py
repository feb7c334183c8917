"""The one place that answers "may this user …?" and scopes every queryset.

Views, exports, the admin and any API ask these functions; nothing else decides access.
Objects a user may not see are reported as missing (404), so ids of other units leak nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import F, FilteredRelation, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, UserProfile
from core.errors import NotAllowed
from projects.exceptions import LockedError
from projects.models import Department, DepartmentPlan, Project


class _System:
    """The actor of a system job (seed loader, demo generator, command-line import or
    carry-forward): not a user, so nothing to scope, and recorded in history as no user.
    Services take it only when passed explicitly; there is no default that skips a check."""

    pk = None
    is_authenticated = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def role_of(user) -> str | None:
    """The user's role; superusers are admins; anonymous or profile-less users have none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = _profile(user)
    return profile.role if profile else None


def _profile(user) -> UserProfile | None:
    try:
        return user.profile
    except UserProfile.DoesNotExist:
        return None


def visible_departments(user) -> QuerySet[Department]:
    """Departments the user may read."""
    role = role_of(user)
    if user is SYSTEM or role in (Role.ADMIN, Role.AUDITOR):
        return Department.objects.all()
    if role is None:
        return Department.objects.none()
    return Department.objects.filter(_scope(user, role, ""))


def _scope(user, role: str, prefix: str) -> Q:
    """The departments a clerk or reviewer reads, as a condition on a department reached by
    `prefix` ("" for Department itself, "department__" from a project or plan).

    Read from the assignment table directly: the nested department subquery it replaces
    cost PostgreSQL more to plan than to run, on every page (#8).
    """
    profile = _profile(user)
    assigned = UserProfile.departments.through.objects.filter(userprofile_id=profile.pk)
    scope = Q(**{f"{prefix}pk__in": assigned.values("department_id")})
    if role == Role.REVIEWER and profile.region_code:
        scope |= Q(**{f"{prefix}region_code": profile.region_code})
    return scope


def visible_projects(user) -> QuerySet[Project]:
    """Projects of the departments the user may read."""
    role = role_of(user)
    if user is SYSTEM or role in (Role.ADMIN, Role.AUDITOR):
        return Project.objects.all()
    if role is None:
        return Project.objects.none()
    return Project.objects.filter(_scope(user, role, "department__"))


def visible_plans(user) -> QuerySet[DepartmentPlan]:
    role = role_of(user)
    if user is SYSTEM or role in (Role.ADMIN, Role.AUDITOR):
        return DepartmentPlan.objects.all()
    if role is None:
        return DepartmentPlan.objects.none()
    return DepartmentPlan.objects.filter(_scope(user, role, "department__"))


def can_view_department(user, department: Department) -> bool:
    return visible_departments(user).filter(pk=department.pk).exists()


def is_assigned_clerk(user, department: Department) -> bool:
    if role_of(user) != Role.CLERK:
        return False
    if department.pk in _seen_assigned(user):
        return True
    assigned = _profile(user).departments.filter(pk=department.pk).exists()
    if assigned:  # asked again in the same request (a page, then its save): no second query
        _seen_assigned(user).add(department.pk)
    return assigned


def _seen_assigned(user) -> set[int]:
    """Departments this request already found assigned to the clerk (the user object lives
    for one request): a clerk reads only assigned departments, so what a lookup scoped by
    visible_* returned needs no second query to say so."""
    return _profile(user).__dict__.setdefault("_seen_assigned_departments", set())


def _found_by_scope(user, department: Department) -> None:
    if role_of(user) == Role.CLERK:
        _seen_assigned(user).add(department.pk)


def edit_refusal(user, department: Department, plan: DepartmentPlan | None) -> NotAllowed | None:
    """May `user` change `department`'s targets in the year of `plan` (None: the year has no
    plan yet), and if not, why: the one answer every channel asks (editor, services, imports,
    API, admin). None when they may; else the error to raise or show, whose text is the reason.

    Who comes first: a user who may never change the unit is told so without anything of the
    unit's year (an import names units the user may not read). Then the year: a submitted or
    approved year is closed to everyone, system jobs included.
    """
    if user is not SYSTEM and not _may_change_unit(user, department):
        return NotAllowed(
            _("您无权修改预算单位%(unit)s的绩效目标：只有本单位的填报员可以填报和修改。")
            % {"unit": department.code}
        )
    if plan is not None and not plan.is_editable:
        return LockedError(plan)
    return None


def _may_change_unit(user, department: Department) -> bool:
    role = role_of(user)
    return role == Role.ADMIN or (role == Role.CLERK and is_assigned_clerk(user, department))


def require_edit(user, department: Department, plan: DepartmentPlan | None) -> None:
    """Raise the refusal of `edit_refusal` (NotAllowed, or LockedError for a closed year)."""
    refusal = edit_refusal(user, department, plan)
    if refusal is not None:
        raise refusal


def can_edit_targets(user, department: Department, plan: DepartmentPlan | None) -> bool:
    """Clerks edit their own departments, admins any, while the year is a draft or returned:
    `edit_refusal` is None. Asked by pages on every request, so the year (no query) first."""
    if plan is not None and not plan.is_editable:
        return False
    return user is SYSTEM or _may_change_unit(user, department)


def create_department_refusal(user, code: str) -> NotAllowed | None:
    """May `user` create the unit `code` (admins and system jobs only), and if not, why."""
    if user is SYSTEM or role_of(user) == Role.ADMIN:
        return None
    return NotAllowed(
        _(
            "预算单位%(code)s尚不存在；只有管理员可以通过导入新建预算单位，"
            "请联系管理员先建立该单位，或改为导入到您负责的单位。"
        )
        % {"code": code}
    )


def can_submit(user, department: Department) -> bool:
    return is_assigned_clerk(user, department)


def can_review(user, department: Department) -> bool:
    """Reviewers return or approve departments of their county (or their list)."""
    if role_of(user) != Role.REVIEWER:
        return False
    return can_view_department(user, department)


# The review cycle of a department-year: action → (statuses it starts from, status it leads
# to). The actions are workflow.models.ReviewAction.Kind values; the status lives on the plan.
_STATUS = DepartmentPlan.Status
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({_STATUS.DRAFT, _STATUS.RETURNED}), _STATUS.SUBMITTED),
    "withdraw": (frozenset({_STATUS.SUBMITTED}), _STATUS.DRAFT),
    "return": (frozenset({_STATUS.SUBMITTED}), _STATUS.RETURNED),
    "approve": (frozenset({_STATUS.SUBMITTED}), _STATUS.APPROVED),
    "unlock": (frozenset({_STATUS.APPROVED}), _STATUS.RETURNED),
}
# Who takes each action: the unit's clerk sends and takes back, the county's reviewer decides.
_TAKEN_BY = {
    "submit": "clerk",
    "withdraw": "clerk",
    "return": "reviewer",
    "approve": "reviewer",
    "unlock": "reviewer",
}
_ASK = {"clerk": can_submit, "reviewer": can_review}
_NOT_YOURS = {
    "submit": gettext_lazy("只有本单位的填报员可以送审。"),
    "withdraw": gettext_lazy("只有本单位的填报员可以取消送审。"),
    "return": gettext_lazy("只有本县的审核员可以退回。"),
    "approve": gettext_lazy("只有本县的审核员可以审核通过。"),
    "unlock": gettext_lazy("只有本县的审核员可以取消审核。"),
}


def transition_refusal(user, plan: DepartmentPlan, kind: str) -> NotAllowed | None:
    """Whether `user` is the one who takes action `kind` on the plan's unit, and if not, why.
    (Whether the plan's status allows it now is `TRANSITIONS`; the workflow service checks it
    on the locked row and says so in its own words.)"""
    if _ASK[_TAKEN_BY[kind]](user, plan.department):
        return None
    return NotAllowed(str(_NOT_YOURS[kind]))


def allowed_transitions(
    user, plan: DepartmentPlan | None, department: Department | None = None
) -> frozenset[str]:
    """The actions `user` may take on the plan now (its status and their role): what pages
    offer. Each role question is asked at most once, and only when the status needs it.
    `department`: the plan's unit, when the caller has it (saves reading it again)."""
    if plan is None:
        return frozenset()
    department = department or plan.department
    answers: dict[str, bool] = {}
    allowed = set()
    for kind, (starts, _target) in TRANSITIONS.items():
        if plan.status not in starts:
            continue
        who = _TAKEN_BY[kind]
        if who not in answers:
            answers[who] = _ASK[who](user, department)
        if answers[who]:
            allowed.add(kind)
    return frozenset(allowed)


def editable_in_list(user, status: str | None) -> bool:
    """`can_edit_targets` for a year read through `visible_*` (the home list), without a
    query: such a unit is one a clerk is assigned to (clerks read only those), so the role and
    the year's status (None: no plan yet) decide."""
    if status is not None and status not in (_STATUS.DRAFT, _STATUS.RETURNED):
        return False
    return role_of(user) in (Role.ADMIN, Role.CLERK)


def clerks_of(department: Department) -> QuerySet:
    """The active users who send `department`'s years (its assigned clerks): who hears of a
    return, an approval or an unlock."""
    return _users_with(Role.CLERK).filter(profile__departments=department)


def reviewers_of(department: Department) -> QuerySet:
    """The active users who review `department` (`can_review`: the county's reviewers and
    those it is listed for): who hears of a submission."""
    scope = Q(profile__departments=department)
    if department.region_code:
        scope |= Q(profile__region_code=department.region_code)
    return _users_with(Role.REVIEWER).filter(scope).distinct()


def _users_with(role: str) -> QuerySet:
    return get_user_model().objects.filter(is_active=True, profile__role=role)


def can_read_history(user, department: Department) -> bool:
    """Everyone who may read a department may read its history."""
    return can_view_department(user, department)


def can_export(user, department: Department) -> bool:
    return can_view_department(user, department)


def can_administer(user) -> bool:
    return role_of(user) == Role.ADMIN


def department_or_404(user, code: str) -> Department:
    """The department with `code` if the user may read it, else 404 (never 403: no leak)."""
    return _first_or_404(visible_departments(user).filter(code=code), user)


def _only(objects: QuerySet):
    """The object a unique lookup (code, pk) found, or None: like first() but without its
    ORDER BY, which PostgreSQL would plan and Django compile for nothing (#8)."""
    return next(iter(objects.order_by()[:1]), None)


def _first_or_404(departments: QuerySet[Department], user) -> Department:
    department = _only(departments)
    if department is None:
        raise Http404(_("预算单位不存在或您无权查看。"))
    _found_by_scope(user, department)
    return department


def _project_or_404(projects: QuerySet[Project], user) -> Project:
    project = _only(projects)
    if project is None:
        raise Http404(_("项目不存在或您无权查看。"))
    _found_by_scope(user, project.department)
    return project


def department_and_plan_or_404(
    user, code: str, fiscal_year: int
) -> tuple[Department, DepartmentPlan | None]:
    """department_or_404 and its plan of that year (None when there is none), in one query:
    the department page is the most read page, and a query is a fifth of its time."""
    year_plan = FilteredRelation("plans", condition=Q(plans__fiscal_year=fiscal_year))
    department = _first_or_404(
        visible_departments(user)
        .filter(code=code)
        .annotate(year_plan=year_plan)
        .select_related("year_plan"),
        user,
    )
    # No plan that year: the LEFT JOIN leaves the attribute unset rather than None.
    return department, getattr(department, "year_plan", None)


def project_and_plan_or_404(user, pk: int) -> tuple[Project, DepartmentPlan | None]:
    """project_or_404 with its frame and its department's plan of the project's year (None
    when there is none), in one query: the project editor needs all three."""
    year_plan = FilteredRelation(
        "department__plans", condition=Q(department__plans__fiscal_year=F("fiscal_year"))
    )
    project = _project_or_404(
        visible_projects(user)
        .filter(pk=pk)
        .annotate(year_plan=year_plan)
        .select_related("department", "frame", "year_plan"),
        user,
    )
    return project, getattr(project, "year_plan", None)


def project_or_404(user, pk: int) -> Project:
    return _project_or_404(visible_projects(user).select_related("department").filter(pk=pk), user)
