"""The one place that answers "may this user …?" and scopes every queryset.

Views, exports, the admin and any API ask these functions; nothing else decides access.
Objects a user may not see are reported as missing (404), so ids of other units leak nothing.
"""

from __future__ import annotations

from django.db.models import F, FilteredRelation, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role, UserProfile
from projects.models import Department, DepartmentPlan, Project


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
    if role in (Role.ADMIN, Role.AUDITOR):
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
    if role in (Role.ADMIN, Role.AUDITOR):
        return Project.objects.all()
    if role is None:
        return Project.objects.none()
    return Project.objects.filter(_scope(user, role, "department__"))


def visible_plans(user) -> QuerySet[DepartmentPlan]:
    role = role_of(user)
    if role in (Role.ADMIN, Role.AUDITOR):
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
    return _profile(user).departments.filter(pk=department.pk).exists()


def _seen_assigned(user) -> set[int]:
    """Departments this request already found assigned to the clerk (the user object lives
    for one request): a clerk reads only assigned departments, so what a lookup scoped by
    visible_* returned needs no second query to say so."""
    return _profile(user).__dict__.setdefault("_seen_assigned_departments", set())


def _found_by_scope(user, department: Department) -> None:
    if role_of(user) == Role.CLERK:
        _seen_assigned(user).add(department.pk)


def can_edit_targets(user, department: Department, plan: DepartmentPlan | None) -> bool:
    """Clerks edit their own departments while the year is a draft or returned."""
    if role_of(user) not in (Role.CLERK, Role.ADMIN):
        return False
    if plan is not None and not plan.is_editable:
        return False
    return role_of(user) == Role.ADMIN or is_assigned_clerk(user, department)


def can_submit(user, department: Department) -> bool:
    return is_assigned_clerk(user, department)


def can_review(user, department: Department) -> bool:
    """Reviewers return or approve departments of their county (or their list)."""
    if role_of(user) != Role.REVIEWER:
        return False
    return can_view_department(user, department)


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
