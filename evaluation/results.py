"""结果应用: next year's targets judged against last year's self-evaluation (pure functions).

Four rules compare a year's TargetTables with the previous year's `ProjectResult`s (found by
`selectors.project_key`, like carry-forward):

- a target changed to below last year's actual (the indicator is the same 三级, higher is
  better and the units agree);
- a target left unchanged although last year's actual exceeded it by 20% or more;
- a project graded 差 last year whose budget grows;
- an indicator that scored under 60% of its 分值 last year and is gone this year.

The same rules are part of the automated review of next year's targets: `register` (called by
`EvaluationConfig.ready`) adds them to the review's rule registry as warnings (a county can
switch them off like any rule) and gives `reviews.selectors` a provider that turns these
findings into review `Finding`s. The reviews room never imports this one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluation import scoring
from evaluation.selectors import ProjectResult, last_year_results, project_key
from indicators.values import format_number, parse_value
from projects.models import Department
from projects.targets import DepartmentTargets, TargetTable
from reviews import selectors as review_selectors
from reviews.checks import Finding, Level, Location, ReviewContext
from reviews.checks.base import RULES, rule

FAR_ABOVE = Decimal("1.2")
BADLY = Decimal("0.6")
POOR = str(scoring.GRADE_LABELS[scoring.POOR])

# Review rule ids (stored in county settings: never rename) and their titles.
BELOW_ACTUAL = "results.below_last_actual"
UNCHANGED_EXCEEDED = "results.unchanged_exceeded"
POOR_BUDGET_GROWS = "results.poor_budget_grows"
BAD_DROPPED = "results.bad_indicator_dropped"
RULE_TITLES = {
    BELOW_ACTUAL: gettext_lazy("指标值低于上年实际完成值"),
    UNCHANGED_EXCEEDED: gettext_lazy("指标值未变而上年实际远超目标"),
    POOR_BUDGET_GROWS: gettext_lazy("上年自评为“差”的项目预算增加"),
    BAD_DROPPED: gettext_lazy("上年得分低的指标被删除"),
}
RULE_OPINIONS = {BELOW_ACTUAL: 4, UNCHANGED_EXCEEDED: 4, POOR_BUDGET_GROWS: 11, BAD_DROPPED: 1}


@dataclass(frozen=True)
class CrossYearFinding:
    project: str
    indicator: str
    problem: str
    hint: str
    rule: str = ""
    position: int = 1  # the table's 1-based place among the tables judged
    row: int | None = None  # the indicator's 1-based row this year (None: the project's)
    field: str = ""  # the TargetTable / IndicatorRow field it points at

    @property
    def message(self) -> str:
        return f"{self.problem}：{self.hint}"


def _higher_is_better(target: str, direction: str) -> bool:
    parsed = parse_value(target)
    return scoring.sense(parsed.comparator, direction) == scoring.HIGHER


def _table_findings(
    table: TargetTable, result: ProjectResult, position: int
) -> Iterator[CrossYearFinding]:
    last_budget = result.budget
    if (
        result.grade == POOR
        and last_budget is not None
        and table.budget_total is not None
        and table.budget_total > last_budget
    ):
        yield CrossYearFinding(
            table.name,
            "",
            _("上年自评等级为“差”，本年预算由%(last)s万元增加到%(now)s万元")
            % {"last": format_number(last_budget), "now": format_number(table.budget_total)},
            _("请说明增加的理由，或压减预算。"),
            POOR_BUDGET_GROWS,
            position,
            None,
            "budget_total",
        )
    names = {row.name for row in table.indicators}
    for number, row in enumerate(table.indicators, start=1):
        last = result.indicators.get(row.name)
        if last is None:
            continue
        target, actual = parse_value(row.value), parse_value(last.actual)
        if (
            target.number is None
            or actual.number is None
            or not scoring.units_match(target, actual)
            or not _higher_is_better(row.value, row.direction)
        ):
            continue
        if (
            row.value.strip() == last.target.strip()
            and target.number > 0
            and actual.number >= target.number * FAR_ABOVE
        ):
            yield CrossYearFinding(
                table.name,
                row.name,
                _("指标值%(target)s与上年相同，而上年实际完成%(actual)s，远超目标")
                % {"target": row.value, "actual": last.actual},
                _("请提高指标值。"),
                UNCHANGED_EXCEEDED,
                position,
                number,
                "value",
            )
        elif row.value.strip() != last.target.strip() and target.number < actual.number:
            yield CrossYearFinding(
                table.name,
                row.name,
                _("本年指标值%(target)s低于上年实际完成值%(actual)s")
                % {"target": row.value, "actual": last.actual},
                _("请按上年实际水平设定，或说明下调的原因。"),
                BELOW_ACTUAL,
                position,
                number,
                "value",
            )
    for name, last in result.indicators.items():
        if name in names or last.score is None or last.points <= 0:
            continue
        if last.score < last.points * BADLY:
            yield CrossYearFinding(
                table.name,
                name,
                _("上年指标“%(name)s”得分%(score)s（分值%(points)s），本年已删除")
                % {
                    "name": name,
                    "score": format_number(last.score),
                    "points": format_number(last.points),
                },
                _("请说明删除的原因，不要回避未完成的指标。"),
                BAD_DROPPED,
                position,
                None,
                "indicators",
            )


def cross_year_findings(
    tables: list[TargetTable], results: dict[str, ProjectResult]
) -> list[CrossYearFinding]:
    """Every finding of the four rules, project by project in the tables' order."""
    found: list[CrossYearFinding] = []
    for position, table in enumerate(tables, start=1):
        result = results.get(project_key(table.code, table.name))
        if result is not None:
            found.extend(_table_findings(table, result, position))
    return found


# --- the same rules inside the automated review ---


def review_findings(
    department: Department, fiscal_year: int, targets: DepartmentTargets, ctx: ReviewContext
) -> list[Finding]:
    """The review `Finding`s of the four rules for a department's document (the provider
    `reviews.selectors` calls): one query without last year's self-evaluation, three with
    one. Rules the county switched off are left out."""
    enabled = [r for r in RULE_TITLES if r not in ctx.config.disabled_rules]
    if not enabled or not targets.tables:
        return []
    results = last_year_results(department, fiscal_year)
    if not results:
        return []
    findings = []
    for found in cross_year_findings(targets.tables, results):
        if found.rule not in enabled:
            continue
        table = targets.tables[found.position - 1]
        location = Location(
            project_index=found.position,
            project_code=table.code,
            project_name=table.name,
            row=found.row,
            row_name=found.indicator if found.row is not None else "",
            field=found.field,
        )
        known = RULES[found.rule]
        findings.append(
            Finding(known.id, known.level, location, found.problem, found.hint, known.opinion)
        )
    return findings


def _no_table_check(*_args) -> Iterator:
    """These rules need last year's results from the database: the review selector's
    provider runs them, the runner on plain tables does not (scope `provided`)."""
    return iter(())


def register() -> None:
    """Add the four rules to the review (once) and their provider to the review selector."""
    for rule_id, title in RULE_TITLES.items():
        if rule_id not in RULES:
            rule(
                rule_id,
                level=Level.WARNING,
                title=title,
                opinion=RULE_OPINIONS[rule_id],
                scope="provided",
            )(_no_table_check)
    review_selectors.register_findings_provider(review_findings)
