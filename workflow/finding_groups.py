"""The 退回 page's findings, grouped by project and, within a project, by rule (#17 item 9).

A county's submission can carry a hundred findings; the page shows them in collapsible groups
with counts, a select-all per group and filters (static/js/return-page.js). The checkbox value
stays the finding's index in the department review, which `_chosen_findings` reads back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reviews.checks import RULES, Finding, Level


@dataclass
class RuleGroup:
    rule: str
    title: str
    items: list[tuple[int, Finding]] = field(default_factory=list)


@dataclass
class ProjectGroup:
    key: str  # "unit" for the department's overall goals, else "p<position>"
    label: str
    rules: list[RuleGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(r.items) for r in self.rules)

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rules for _i, f in r.items if f.level == Level.ERROR)


def rule_title(rule_id: str) -> str:
    known = RULES.get(rule_id)
    return str(known.title) if known else _("其他问题")


def finding_groups(findings: Sequence[Finding]) -> list[ProjectGroup]:
    """Findings by project (the unit's own goals first, then the document's order), and within
    a project by rule in the order the rules first appear; each item keeps its index."""
    projects: dict[int, ProjectGroup] = {}
    for index, finding in enumerate(findings):
        where = finding.location
        position = where.project_index or 0
        group = projects.get(position)
        if group is None:
            label = (
                _("第%(n)d个项目 %(name)s") % {"n": position, "name": where.project_name}
                if position
                else _("部门整体绩效目标")
            )
            group = projects[position] = ProjectGroup(f"p{position}" if position else "unit", label)
        rule = next((r for r in group.rules if r.rule == finding.rule), None)
        if rule is None:
            rule = RuleGroup(finding.rule, rule_title(finding.rule))
            group.rules.append(rule)
        rule.items.append((index, finding))
    return [projects[position] for position in sorted(projects)]


def rule_counts(findings: Sequence[Finding]) -> list[tuple[str, str, int]]:
    """(rule id, Chinese title, how many) for the rule filter, most frequent first."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    return [(rule, rule_title(rule), n) for rule, n in ranked]
