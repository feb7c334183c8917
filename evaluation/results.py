"""结果应用: next year's targets judged against last year's self-evaluation (pure functions).

Four rules compare a year's TargetTables with the previous year's `ProjectResult`s (found by
`selectors.project_key`, like carry-forward):

- a target changed to below last year's actual (the indicator is the same 三级, higher is
  better and the units agree);
- a target left unchanged although last year's actual exceeded it by 20% or more;
- a project graded 差 last year whose budget grows;
- an indicator that scored under 60% of its 分值 last year and is gone this year.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from evaluation import scoring
from evaluation.selectors import ProjectResult, project_key
from indicators.values import format_number, parse_value
from projects.targets import TargetTable

FAR_ABOVE = Decimal("1.2")
BADLY = Decimal("0.6")
POOR = str(scoring.GRADE_LABELS[scoring.POOR])


@dataclass(frozen=True)
class CrossYearFinding:
    project: str
    indicator: str
    message: str


def _higher_is_better(target: str, direction: str) -> bool:
    parsed = parse_value(target)
    return scoring.sense(parsed.comparator, direction) == scoring.HIGHER


def cross_year_findings(
    tables: list[TargetTable], results: dict[str, ProjectResult]
) -> list[CrossYearFinding]:
    """Every finding of the four rules, project by project in the tables' order."""
    found: list[CrossYearFinding] = []
    for table in tables:
        key = project_key(table.code, table.name)
        result = results.get(key)
        if result is None:
            continue
        last_budget = result.budget
        if (
            result.grade == POOR
            and last_budget is not None
            and table.budget_total is not None
            and table.budget_total > last_budget
        ):
            found.append(
                CrossYearFinding(
                    table.name,
                    "",
                    _(
                        "上年自评等级为“差”，本年预算由%(last)s万元增加到%(now)s万元：请说明增加的理由，"
                        "或压减预算。"
                    )
                    % {
                        "last": format_number(last_budget),
                        "now": format_number(table.budget_total),
                    },
                )
            )
        names = {row.name for row in table.indicators}
        for row in table.indicators:
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
                found.append(
                    CrossYearFinding(
                        table.name,
                        row.name,
                        _(
                            "指标值%(target)s与上年相同，而上年实际完成%(actual)s，远超目标：请提高"
                            "指标值。"
                        )
                        % {"target": row.value, "actual": last.actual},
                    )
                )
            elif row.value.strip() != last.target.strip() and target.number < actual.number:
                found.append(
                    CrossYearFinding(
                        table.name,
                        row.name,
                        _(
                            "本年指标值%(target)s低于上年实际完成值%(actual)s：请按上年实际水平"
                            "设定，或说明下调的原因。"
                        )
                        % {"target": row.value, "actual": last.actual},
                    )
                )
        for name, last in result.indicators.items():
            if name in names or last.score is None or last.points <= 0:
                continue
            if last.score < last.points * BADLY:
                found.append(
                    CrossYearFinding(
                        table.name,
                        name,
                        _(
                            "上年指标“%(name)s”得分%(score)s（分值%(points)s），本年已删除：请说明"
                            "删除的原因，不要回避未完成的指标。"
                        )
                        % {
                            "name": name,
                            "score": format_number(last.score),
                            "points": format_number(last.points),
                        },
                    )
                )
    return found
