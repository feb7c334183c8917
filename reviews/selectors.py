"""Reads for review pages: run the checks on stored data with a fixed number of queries."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet

from indicators.models import FrameAdoption, Indicator
from indicators.selectors import FrameIndex, frame_trees, year_frame_tree
from indicators.tree import FrameTree
from projects.models import Department, DepartmentPlan, Project
from projects.money import format_wan
from projects.selectors import department_targets, target_tables
from projects.targets import DepartmentTargets, TargetTable
from reviews.checks import (
    RULES,
    Finding,
    Level,
    ReviewConfig,
    ReviewContext,
    run_department,
    run_table_in_year,
)
from reviews.models import PlanForm, ReviewSettings


@dataclass
class DepartmentReview:
    """A department's document for a year with every finding and the counts pages show."""

    department: Department
    targets: DepartmentTargets
    findings: list[Finding]
    config: ReviewConfig

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.level is Level.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def by_rule(self) -> list[tuple[str, str, str, int]]:
        """(rule id, level, title, count), most frequent first."""
        counts = Counter(f.rule for f in self.findings)
        return [
            (rule_id, str(RULES[rule_id].level), str(RULES[rule_id].title), n)
            for rule_id, n in counts.most_common()
        ]

    def by_project(self) -> list[dict]:
        """One entry per table in document order, with its error and warning counts."""
        rows = [
            {"index": i, "table": t, "errors": 0, "warnings": 0}
            for i, t in enumerate(self.targets.tables, start=1)
        ]
        for finding in self.findings:
            index = finding.location.project_index
            if index:
                key = "errors" if finding.level is Level.ERROR else "warnings"
                rows[index - 1][key] += 1
        return rows


@dataclass
class DepartmentSummary:
    """One line of the county overview."""

    department: Department
    project_count: int = 0
    budget_total: Decimal = Decimal(0)
    fiscal_funds: Decimal = Decimal(0)
    errors: int = 0
    warnings: int = 0
    # Workflow status label (待送审/已送审/已审核/被退回), from `department_statuses`.
    status: str = ""

    @property
    def budget_text(self) -> str:
        return format_wan(self.budget_total)

    @property
    def fiscal_text(self) -> str:
        return format_wan(self.fiscal_funds)


@dataclass
class CountyOverview:
    fiscal_year: int
    region_code: str
    departments: list[DepartmentSummary] = field(default_factory=list)
    findings_by_rule: list[tuple[str, str, int]] = field(default_factory=list)


def _pick_settings(rows: Iterable[ReviewSettings], department: Department) -> ReviewConfig:
    """The most specific settings: own or parent department, then region, then default."""
    by_department = {s.department_id: s for s in rows if s.department_id}
    by_region = {s.region_code: s for s in rows if s.region_code}
    default = next((s for s in rows if not s.department_id and not s.region_code), None)
    chosen = (
        by_department.get(department.pk)
        or by_department.get(department.parent_id)
        or by_region.get(department.region_code)
        or default
    )
    return chosen.to_config() if chosen else ReviewConfig()


def config_for(department: Department) -> ReviewConfig:
    """The review settings that apply to a department (one query)."""
    scopes = Q(region_code="", department__isnull=True) | Q(department_id=department.pk)
    if department.parent_id:
        scopes |= Q(department_id=department.parent_id)
    if department.region_code:
        scopes |= Q(region_code=department.region_code)
    return _pick_settings(list(ReviewSettings.objects.filter(scopes)), department)


def plan_form_traits(department: Department, fiscal_year: int) -> dict[str, object]:
    """The form recorded for a unit-year (`PlanForm`: by an import or an admin), one query."""
    row = PlanForm.objects.filter(plan__department=department, plan__fiscal_year=fiscal_year)
    found = row.first()
    return found.traits() if found is not None else {}


def review_context(
    *,
    department: Department | None,
    fiscal_year: int,
    region_code: str = "",
    codes: Iterable[str] = (),
    year_frame: FrameIndex | None = None,
    form: Mapping[str, object] | None = None,
) -> ReviewContext:
    """The one context a department-year's tables are judged in, whoever asks (editor, import
    preview, API, review pages, CLI): the settings that apply to the unit, the tree of the
    frame its region uses that year, its region, and which of `codes` other units' projects
    of the year hold. `department` None: a unit an import would create (default settings;
    `region_code` from the file). `year_frame`: that frame, when the caller has it loaded.
    The form profile is the county's, then the unit-year's recorded form (`PlanForm`), then
    `form`: what a file being imported shows of its form.

    Four queries (settings, the year's form, frame tree, taken codes); the last only when
    there are codes, the frame's only when the caller has not loaded it."""
    region = department.region_code if department is not None else region_code
    if year_frame is not None:
        tree = year_frame.tree
    else:
        tree = year_frame_tree(region_code=region, fiscal_year=fiscal_year)
    config = ReviewConfig()
    if department is not None:
        config = config_for(department).with_form(plan_form_traits(department, fiscal_year))
    config = config.with_form(form)
    return ReviewContext(
        config=config,
        frame=tree,
        region_code=region,
        taken_codes=_taken_codes(department, fiscal_year, codes),
    )


def _taken_codes(department: Department | None, fiscal_year: int, codes: Iterable[str]):
    """Which of `codes` projects of other units hold in the year (one query, none without
    codes; a unit an import would create has no projects, so every holder is another)."""
    wanted = sorted({code.strip() for code in codes if code.strip()})
    if not wanted:
        return frozenset()
    taken = Project.objects.filter(fiscal_year=fiscal_year, code__in=wanted)
    if department is not None:
        taken = taken.exclude(department=department)
    return frozenset(taken.values_list("code", flat=True))


def document_context(targets: DepartmentTargets, department: Department | None) -> ReviewContext:
    """`review_context` for a document not stored yet (read from a file, sent to the API):
    its codes are looked up as taken by other units, as the save will refuse them."""
    return review_context(
        department=department,
        fiscal_year=targets.fiscal_year,
        region_code=targets.region_code,
        codes=[t.code for t in targets.tables],
        form=targets.form,
    )


# Findings that need data of rooms above this one (evaluation's 结果应用 rules compare the
# targets with last year's self-evaluation): a provider takes the department, the year, its
# document and the context, and returns Findings of rules it registered. Registered at app
# ready (`EvaluationConfig.ready`), so this room imports none of them; each provider reads in
# a fixed number of queries.
FindingsProvider = Callable[[Department, int, DepartmentTargets, ReviewContext], list[Finding]]
_PROVIDERS: list[FindingsProvider] = []


def register_findings_provider(provider: FindingsProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def _reading_order(finding: Finding) -> tuple:
    loc = finding.location
    return (loc.project_index or 0, loc.row or 0, loc.field, loc.item or 0, finding.rule)


def department_review(*, department: Department, fiscal_year: int) -> DepartmentReview:
    """Run every enabled rule on a department's stored document for a year, and the
    registered providers' rules (cross-year comparisons) after them, in reading order."""
    targets = department_targets(department=department, fiscal_year=fiscal_year)
    # Stored codes are unique in the year (a database constraint): none is another unit's.
    ctx = review_context(department=department, fiscal_year=fiscal_year)
    findings = run_department(targets, ctx)
    extra = [f for provider in _PROVIDERS for f in provider(department, fiscal_year, targets, ctx)]
    if extra:
        findings = sorted(findings + extra, key=_reading_order)
    return DepartmentReview(department, targets, findings, ctx.config)


@dataclass
class TableReview:
    """The findings of one table being edited, grouped for the edit page."""

    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.level is Level.ERROR)

    def for_field(self, field: str) -> list[Finding]:
        """Findings about a header field (`code`, `budget_total`, `spending_plan`, …)."""
        return [f for f in self.findings if f.location.row is None and f.location.field == field]

    def for_row(self, row: int) -> list[Finding]:
        return [f for f in self.findings if f.location.row == row]

    def general(self) -> list[Finding]:
        """Findings about the table as a whole (e.g. no 满意度 indicator), shown at the top."""
        return [
            f
            for f in self.findings
            if f.location.row is None and f.location.field not in HEADER_INPUTS
        ]


# Header fields of the edit page that show their findings next to the input.
HEADER_INPUTS = frozenset(
    {
        "code",
        "name",
        "budget_total",
        "fiscal_funds",
        "other_funds",
        "purpose",
        "spending_plan",
        "goals",
    }
)


def table_review(
    *,
    department: Department,
    table: TargetTable,
    position: int = 1,
    year_frame: FrameIndex | None = None,
    stored: bool = False,
) -> TableReview:
    """Run the table rules on a table as typed (stored or not), with the year's settings,
    and the department rules that judge one table alone: a code already used that year by
    another project is found too. `year_frame`: the frame the department's region uses in
    the table's year (`indicators.selectors.frame_for`), when the caller has it loaded.
    `stored`: the table is as stored (the editor's), so its code is no other project's —
    codes are unique in a year, a database constraint — and is not looked up."""
    # Only this table's code can be found taken, so only it is looked up (not the year's
    # thousands of codes); the unit's own projects are the department review's business.
    ctx = review_context(
        department=department,
        fiscal_year=table.fiscal_year,
        codes=() if stored else [table.code],
        year_frame=year_frame,
    )
    return TableReview(run_table_in_year(table, ctx, position))


def _year_documents(
    fiscal_year: int, region_code: str, visible: QuerySet[Department] | None = None
) -> tuple[dict[int, DepartmentTargets], dict[int, Department]]:
    """Department id → its document of the year, and the departments (three queries)."""
    plans = DepartmentPlan.objects.filter(fiscal_year=fiscal_year).select_related("department")
    projects = Project.objects.filter(fiscal_year=fiscal_year)
    if visible is not None:
        plans = plans.filter(department__in=visible)
        projects = projects.filter(department__in=visible)
    if region_code:
        plans = plans.filter(department__region_code=region_code)
        projects = projects.filter(department__region_code=region_code)
    documents: dict[int, DepartmentTargets] = {}
    departments: dict[int, Department] = {}
    for plan in plans:
        departments[plan.department_id] = plan.department
        documents[plan.department_id] = _empty_document(plan.department, fiscal_year)
        documents[plan.department_id].overall_goal = plan.overall_goal
    tables = target_tables(projects.order_by("department__code", "display_order", "id"))
    by_code = {d.code: d for d in departments.values()}
    missing = {t.department_code for t in tables} - set(by_code)
    if missing:  # projects saved outside the services may lack a plan row
        by_code |= {d.code: d for d in Department.objects.filter(code__in=missing)}
    for table in tables:
        department = by_code[table.department_code]
        departments[department.pk] = department
        document = documents.setdefault(department.pk, _empty_document(department, fiscal_year))
        document.tables.append(table)
    return documents, departments


def _empty_document(department: Department, fiscal_year: int) -> DepartmentTargets:
    return DepartmentTargets(
        department_code=department.code,
        department_name=department.name,
        fiscal_year=fiscal_year,
        region_code=department.region_code,
    )


def department_statuses(*, fiscal_year: int, department_ids: Iterable[int]) -> dict[int, str]:
    """Department id → workflow status label (待送审/已送审/已审核/被退回), in one query.

    A department with projects but no plan row yet has never been submitted: 待送审.
    """
    labels = dict(DepartmentPlan.Status.choices)
    rows = DepartmentPlan.objects.filter(
        fiscal_year=fiscal_year, department_id__in=list(department_ids)
    ).values_list("department_id", "status")
    return {department_id: str(labels[status]) for department_id, status in rows}


@dataclass(frozen=True)
class _OverviewReference:
    """The small county-wide data an overview judges with: settings, adoptions, frame trees.

    Read once (three queries, whatever the county's size) and used twice: hashed into the
    cache fingerprint and handed to `county_overview`, so the uncached path reads it once.
    """

    settings: list[ReviewSettings]
    adoptions: dict[str, int]  # region code → frame id adopted for the year
    default_frame: int | None
    trees: dict[int, FrameTree]  # every frame, so an in-place edit of any level is seen
    forms: dict[int, dict] = field(default_factory=dict)  # department id → its year's form

    def frame_for(self, department: Department) -> FrameTree | None:
        frame = self.adoptions.get(department.region_code, self.default_frame)
        return self.trees.get(frame) if frame is not None else None

    def context_for(self, department: Department) -> ReviewContext:
        """`review_context` of a stored department-year, from the data read once for all
        (the same settings choice and frame tree; stored codes are never another unit's)."""
        config = _pick_settings(self.settings, department)
        return ReviewContext(
            config=config.with_form(self.forms.get(department.pk)),
            frame=self.frame_for(department),
            region_code=department.region_code,
        )

    def stamp(self) -> tuple:
        settings = [(s.pk, s.updated_at) for s in self.settings]
        forms = sorted((pk, sorted(traits.items())) for pk, traits in self.forms.items())
        return settings, sorted(self.adoptions.items()), self.default_frame, self.trees, forms


def _overview_reference(fiscal_year: int) -> _OverviewReference:
    adoptions = dict(
        FrameAdoption.objects.filter(fiscal_year=fiscal_year).values_list("region_code", "frame_id")
    )
    trees, default = frame_trees(fiscal_year=fiscal_year)
    forms = {
        form.plan.department_id: form.traits()
        for form in PlanForm.objects.filter(plan__fiscal_year=fiscal_year).select_related("plan")
    }
    return _OverviewReference(
        settings=list(ReviewSettings.objects.order_by("pk")),
        adoptions=adoptions,
        default_frame=default,
        trees=trees,
        forms={pk: traits for pk, traits in forms.items() if traits},
    )


def _overview_version(
    fiscal_year: int, region_code: str, visible, reference: _OverviewReference
) -> str:
    """A fingerprint of everything the overview depends on (four small aggregate queries).

    Services bump the project's or plan's `updated_at` on every save, but an indicator edited
    in the admin touches neither, so indicators count through their history (every save and
    delete adds a row; the newest id is an index lookup). The reference data (settings,
    adoptions, frame trees) is hashed by content, so a level renamed in place is seen too.
    """
    projects = Project.objects.filter(fiscal_year=fiscal_year)
    plans = DepartmentPlan.objects.filter(fiscal_year=fiscal_year)
    if region_code:
        projects = projects.filter(department__region_code=region_code)
        plans = plans.filter(department__region_code=region_code)
    stamp = Count("id"), Max("updated_at")
    parts = [
        projects.aggregate(n=stamp[0], last=stamp[1]),
        plans.aggregate(n=stamp[0], last=stamp[1]),
        Indicator.history.aggregate(last=Max("history_id")),
        # A unit renamed or moved in the admin changes the overview's rows.
        Department.history.aggregate(last=Max("history_id")),
        reference.stamp(),
    ]
    scope = (
        "all"
        if visible is None
        else ",".join(map(str, visible.order_by("pk").values_list("pk", flat=True)))
    )
    raw = f"{fiscal_year}|{region_code}|{scope}|{parts}"
    return hashlib.sha256(raw.encode()).hexdigest()


def county_overview_cached(
    *, fiscal_year: int, region_code: str = "", visible: QuerySet[Department] | None = None
) -> CountyOverview:
    """The county overview, recomputed only when its data changed (it runs every rule)."""
    reference = _overview_reference(fiscal_year)
    version = _overview_version(fiscal_year, region_code, visible, reference)
    key = f"reviews:overview:{version}"
    overview = cache.get(key)
    if overview is None:
        overview = county_overview(
            fiscal_year=fiscal_year, region_code=region_code, visible=visible, reference=reference
        )
        cache.set(key, overview, OVERVIEW_CACHE_SECONDS)
    return overview


OVERVIEW_CACHE_SECONDS = 24 * 3600


def county_overview(
    *,
    fiscal_year: int,
    region_code: str = "",
    visible: QuerySet[Department] | None = None,
    reference: _OverviewReference | None = None,
) -> CountyOverview:
    """Every department of a year (optionally one region; only `visible` ones when given)."""
    documents, departments = _year_documents(fiscal_year, region_code, visible)
    if reference is None:
        reference = _overview_reference(fiscal_year)
    statuses = department_statuses(fiscal_year=fiscal_year, department_ids=list(documents))
    overview = CountyOverview(fiscal_year=fiscal_year, region_code=region_code)
    rule_counts: Counter[str] = Counter()
    for pk, document in sorted(documents.items(), key=lambda item: item[1].department_code):
        department = departments[pk]
        findings = run_department(document, reference.context_for(department))
        rule_counts.update(f.rule for f in findings)
        overview.departments.append(_summary(department, document, findings, statuses.get(pk)))
    overview.findings_by_rule = [
        (rule_id, str(RULES[rule_id].title), n) for rule_id, n in rule_counts.most_common()
    ]
    return overview


def _summary(
    department: Department,
    document: DepartmentTargets,
    findings: list[Finding],
    status: str | None,
) -> DepartmentSummary:
    errors = sum(1 for f in findings if f.level is Level.ERROR)
    return DepartmentSummary(
        department=department,
        project_count=len(document.tables),
        budget_total=sum((t.budget_total or Decimal(0) for t in document.tables), Decimal(0)),
        fiscal_funds=sum((t.fiscal_funds or Decimal(0) for t in document.tables), Decimal(0)),
        errors=errors,
        warnings=len(findings) - errors,
        status=status or str(DepartmentPlan.Status.DRAFT.label),
    )


def review_years() -> list[int]:
    """Fiscal years that have plans or projects, newest first."""
    years = set(Project.objects.values_list("fiscal_year", flat=True).distinct())
    years |= set(DepartmentPlan.objects.values_list("fiscal_year", flat=True).distinct())
    return sorted(years, reverse=True)
