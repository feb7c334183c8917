"""Checks of a monitoring table and a self-evaluation, with a fix hint in each message.

Pure functions on `evaluation.sheets` data: the page shows them beside their fields and
送审 is refused while a blocking one remains. A finding names its place by the project's
entry id, the row id (None: the project's own fields) and the field name of the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from evaluation import scoring
from evaluation.sheets import EvaluationSheet, MonitoringSheet
from indicators.values import format_number, parse_value
from projects.money import format_wan

_DIGIT = re.compile(r"\d").search
POSSIBLE, IMPOSSIBLE = "possible", "impossible"  # MonitoredIndicator.Likelihood values
OTHER_CAUSE = "other"


@dataclass(frozen=True)
class Finding:
    entry_id: int | None
    row_id: int | None
    field: str
    message: str
    blocking: bool = True


def _unit_message(target: str, typed: str, label: str) -> str:
    parsed = parse_value(target)
    return _(
        "%(label)s“%(typed)s”的单位与年度指标值“%(target)s”不同，无法比较：请按“%(unit)s”填写，"
        "例如 %(example)s。"
    ) % {
        "label": label,
        "typed": typed,
        "target": target,
        "unit": parsed.unit,
        "example": f"{format_number(parsed.number)}{parsed.unit}",
    }


def _not_comparable(target: str, typed: str, parsed: dict | None = None) -> bool:
    """Whether both are numbers in units that cannot be compared; `parsed` keeps the values
    read in one run of the checks (a table repeats its targets)."""
    if not _DIGIT(typed):  # no number without a digit (parse_value's pattern needs one)
        return False
    if parsed is None:
        parsed = {}
    parsed_target = parsed.get(target)
    if parsed_target is None:
        parsed_target = parsed[target] = parse_value(target)
    if parsed_target.number is None:
        return False
    value = parse_value(typed)
    return value.number is not None and not scoring.units_match(parsed_target, value)


def monitoring_findings(sheet: MonitoringSheet) -> list[Finding]:
    found: list[Finding] = []
    parsed: dict = {}
    compared = (("progress", _("完成情况")), ("projected", _("全年预计完成情况")))
    for project in sheet.projects:
        entry = project.entry_id
        base = project.base_budget
        checkpoint = project.checkpoint(sheet.period_end_month)
        rate = project.rate
        if (
            checkpoint is not None
            and rate is not None
            and rate < checkpoint.rate
            and not project.lag_reason.strip()
        ):
            found.append(
                Finding(
                    entry,
                    None,
                    "lag_reason",
                    _(
                        "%(period)s执行率%(rate)s低于支出计划%(label)s的%(plan)s：请说明执行进度"
                        "偏慢的原因。"
                    )
                    % {
                        "period": sheet.period_label,
                        "rate": scoring.format_rate(rate),
                        "label": checkpoint.label,
                        "plan": scoring.format_rate(checkpoint.rate),
                    },
                )
            )
        if project.executed is None:
            found.append(
                Finding(
                    entry,
                    None,
                    "executed",
                    _("请填写%(period)s执行数（万元），尚无支出的填0。")
                    % {"period": sheet.period_label},
                )
            )
        elif base is not None and project.executed > base:
            found.append(
                Finding(
                    entry,
                    None,
                    "executed",
                    _("执行数%(done)s超过预算数%(budget)s：请核对执行数，或填写调整后预算数。")
                    % {"done": format_wan(project.executed), "budget": format_wan(base)},
                )
            )
        if (
            project.projected is not None
            and base is not None
            and project.projected < base
            and not project.remainder_plan.strip()
        ):
            found.append(
                Finding(
                    entry,
                    None,
                    "remainder_plan",
                    _(
                        "全年预计执行数%(projected)s低于预算数%(budget)s，预计结余%(left)s万元："
                        "请说明结余资金如何处理（如收回财政、调剂使用）。"
                    )
                    % {
                        "projected": format_wan(project.projected),
                        "budget": format_wan(base),
                        "left": format_wan(base - project.projected),
                    },
                )
            )
        for row in project.rows:
            at = (entry, row.row_id)
            if not row.progress.strip():
                found.append(
                    Finding(
                        *at,
                        "progress",
                        _("请填写%(period)s完成情况，尚未开展的写“0”或“未开展”。")
                        % {"period": sheet.period_label},
                    )
                )
            if not row.likelihood:
                found.append(Finding(*at, "likelihood", _("请选择完成目标可能性。")))
            if row.likelihood in (POSSIBLE, IMPOSSIBLE):
                label = _("有可能") if row.likelihood == POSSIBLE else _("完全不可能")
                if not row.cause:
                    found.append(
                        Finding(
                            *at,
                            "cause",
                            _("完成目标可能性为“%(label)s”：请选择偏差原因。") % {"label": label},
                        )
                    )
                if not row.measures.strip():
                    found.append(
                        Finding(
                            *at,
                            "measures",
                            _("完成目标可能性为“%(label)s”：请填写纠偏措施。") % {"label": label},
                        )
                    )
            if row.cause == OTHER_CAUSE and not row.cause_text.strip():
                found.append(Finding(*at, "cause_text", _("偏差原因选了“其他”：请写明具体原因。")))
            for name, label in compared:
                typed = getattr(row, name)
                if _not_comparable(row.target, typed, parsed):
                    found.append(
                        Finding(*at, name, _unit_message(row.target, typed, label), blocking=False)
                    )
    return found


def evaluation_findings(sheet: EvaluationSheet) -> list[Finding]:
    found: list[Finding] = []
    scheme = scoring.SCHEMES[sheet.scheme]
    for project in sheet.projects:
        entry = project.entry_id
        if project.funds_score is not None:
            if project.funds_score > project.budget_points:
                found.append(
                    Finding(
                        entry,
                        None,
                        "funds_score",
                        _("预算执行得分%(score)s超过分值%(points)s：请改为不超过%(points)s的分数。")
                        % {
                            "score": format_number(project.funds_score),
                            "points": format_number(project.budget_points),
                        },
                    )
                )
            proposed = project.proposed_funds_score
            if project.funds_score != proposed and not project.funds_score_reason.strip():
                found.append(
                    Finding(
                        entry,
                        None,
                        "funds_score_reason",
                        _(
                            "预算执行得分与按执行率计算的%(proposed)s分不同：请说明改分理由，"
                            "或清空得分采用计算结果。"
                        )
                        % {"proposed": _score(proposed)},
                    )
                )
        if project.points_total != scheme.total:
            found.append(
                Finding(
                    entry,
                    None,
                    "actual_summary",
                    _("分值合计%(sum)s分，不是%(total)s分：请检查指标权重，或补充缺少的一级指标。")
                    % {
                        "sum": format_number(project.points_total),
                        "total": format_number(scheme.total),
                    },
                    blocking=False,
                )
            )
        deviations = False
        for row in project.rows:
            at = (entry, row.row_id)
            proposal = row.proposal
            if not row.actual.strip():
                found.append(
                    Finding(
                        *at, "actual", _("请填写实际完成值（未开展的写“0”或“未完成”并说明原因）。")
                    )
                )
                continue
            if proposal.problem == scoring.OTHER_UNIT:
                found.append(
                    Finding(*at, "actual", _unit_message(row.target, row.actual, _("实际完成值")))
                )
            if row.score is not None and row.score > row.points:
                found.append(
                    Finding(
                        *at,
                        "score",
                        _("得分%(score)s超过分值%(points)s：请改为不超过%(points)s的分数。")
                        % {
                            "score": format_number(row.score),
                            "points": format_number(row.points),
                        },
                    )
                )
            if row.score is None and proposal.score is None:
                found.append(
                    Finding(
                        *at,
                        "score",
                        _("无法按完成情况计算得分：请选择达成情况或直接填写得分并说明理由。"),
                    )
                )
            if (
                row.score is not None
                and row.score != proposal.score
                and not row.score_reason.strip()
            ):
                found.append(
                    Finding(
                        *at,
                        "score_reason",
                        _(
                            "得分与按完成情况计算的%(proposed)s分不同：请说明改分理由，"
                            "或清空得分采用计算结果。"
                        )
                        % {"proposed": _score(proposal.score)},
                    )
                )
            incomplete = proposal.ratio is not None and proposal.ratio < 1
            if incomplete and not row.deviation.strip():
                found.append(
                    Finding(
                        *at,
                        "deviation",
                        _("未完全完成年度指标值：请填写偏差原因分析及改进措施。"),
                    )
                )
            deviations = deviations or incomplete or bool(row.deviation.strip())
        if project.rows and project.total == scheme.total and deviations:
            found.append(
                Finding(
                    entry,
                    None,
                    "actual_summary",
                    _("自评满分%(total)s分，但有指标未完全完成或写了偏差原因：请核对得分是否如实。")
                    % {"total": format_number(scheme.total)},
                    blocking=False,
                )
            )
    return found


def _score(score: Decimal | None) -> str:
    return "—" if score is None else format_number(score)


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]
