"""The monitoring table and the self-evaluation table as Documents: one layout function each.

`monitoring_document(sheet)` lays out the 项目支出绩效目标执行监控表 and
`evaluation_document(sheet)` the 项目支出绩效自评表 (财预〔2020〕10号 style, as the Anhui form),
one Grid per project, in the cells of `reports.layout`; the unchanged HTML, Word and Excel
renderers print them (decision 017). Like the target table, each Grid has a header part and an
indicator part, which Word prints as two tables. Like a department's target tables, the Grids
are laid out one at a time as a renderer reads them (`ProjectGrids`), so an export of 1,000
projects holds one table's Grid, not all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from itertools import groupby
from typing import Generic, TypeVar

from evaluation import scoring
from evaluation.sheets import (
    EvaluationProject,
    EvaluationSheet,
    MonitoringProject,
    MonitoringSheet,
)
from indicators.values import format_number, parse_value
from projects.money import format_wan
from reports.layout import (
    AMOUNT,
    CAPTION,
    CENTER,
    HEAD,
    INDICATORS,
    LABEL,
    LEFT,
    RIGHT,
    TEXT,
    VALUE,
    Cell,
    Document,
    Grid,
    Row,
    Sections,
    cell,
)

P = TypeVar("P", MonitoringProject, EvaluationProject)

UNIT_CAPTION = "（单位：万元）"
LIKELIHOOD = {"certain": "确定能", "possible": "有可能", "impossible": "完全不可能"}
CAUSES = {
    "funds": "经费保障",
    "rules": "制度保障",
    "staff": "人员保障",
    "facilities": "硬件条件保障",
    "other": "其他",
}


def _amount(value: Decimal | None, colspan: int = 1) -> Cell:
    return Cell(format_wan(value), AMOUNT, colspan=colspan, value=value, align=RIGHT)


def _score(value: Decimal | None) -> Cell:
    text = "" if value is None else f"{scoring.cents(value):.2f}"
    return Cell(text, AMOUNT, value=value, align=CENTER)


def _goals(goals: list[str]) -> str:
    return "\n".join(f"{n}.{goal}" for n, goal in enumerate(goals, start=1))


def _merged_level1(rows, make, label=lambda level1, members: level1) -> list[Row]:
    """Indicator rows with 一级 merged over consecutive rows of the same 一级."""
    laid = []
    for level1, group in groupby(rows, key=lambda r: r.level1):
        members = list(group)
        for offset, row in enumerate(members):
            cells = make(row)
            if offset == 0:
                cells.insert(0, cell(label(level1, members), LABEL, rowspan=len(members)))
            laid.append(Row(tuple(cells), INDICATORS))
    return laid


def _empty(title: str, widths: tuple[float, ...]) -> Grid:
    """A unit-year without projects still prints (and Excel needs one sheet): it says so."""
    row = Row((cell("本年度没有审核通过的项目。", TEXT, colspan=len(widths)),))
    return Grid(title=title, rows=(row,), columns=len(widths), column_widths=widths)


class ProjectGrids(Generic[P]):
    """A stage document's tables, one per project, each laid out when it is read and not
    kept: what `reports.layout.TableGrids` is for the target tables, so a 1,000-project
    export holds one Grid at a time (decision 017). `reports.layout.Sections` takes it as its
    tables: it reads `len()`, iterates, and asks `headings` for the outline (Word's and
    Excel's titles, sheet names and links) without laying anything out."""

    def __init__(
        self,
        sheet: MonitoringSheet | EvaluationSheet,
        projects: Sequence[P],
        layout: Callable[..., Grid],
        heading: Callable[[P, int], tuple[str, str]],
    ) -> None:
        self._sheet, self._projects = sheet, tuple(projects)
        self._layout, self._heading = layout, heading

    def __len__(self) -> int:
        return len(self._projects)

    def __iter__(self) -> Iterator[Grid]:
        for position, project in enumerate(self._projects, start=1):
            yield self._layout(self._sheet, project, position)

    def __repr__(self) -> str:
        return f"ProjectGrids({len(self)} projects)"

    @property
    def headings(self) -> list[tuple[str, str]]:
        return [self._heading(p, n) for n, p in enumerate(self._projects, start=1)]


# --- 项目支出绩效目标执行监控表 ---

MONITORING_COLUMNS = 9
MONITORING_WIDTHS = (9.0, 9.0, 13.0, 9.0, 9.0, 9.0, 7.5, 12.0, 12.0)


def monitoring_grid(sheet: MonitoringSheet, project: MonitoringProject, position: int) -> Grid:
    period = sheet.period_label
    checkpoint = project.checkpoint(sheet.period_end_month)
    plan_head = f"支出计划（{checkpoint.label}）" if checkpoint else "支出计划"
    plan_cells = (
        (_amount(checkpoint.amount), cell(scoring.format_rate(checkpoint.rate), VALUE))
        if checkpoint
        else (cell("无可比节点", TEXT), cell("", VALUE))
    )
    header = [
        Row(
            (
                Cell(sheet.department_heading, CAPTION, colspan=6, align=LEFT),
                Cell(UNIT_CAPTION, CAPTION, colspan=3, align=RIGHT),
            )
        ),
        Row(
            (
                cell("项目名称", LABEL),
                cell(project.name, TEXT, colspan=4),
                cell("项目编码", LABEL),
                cell(project.code, TEXT, colspan=3),
            )
        ),
        Row(
            (
                cell("主管部门及代码", LABEL),
                cell(sheet.parent_heading, TEXT, colspan=4),
                cell("实施单位", LABEL),
                cell(sheet.department_heading, TEXT, colspan=3),
            )
        ),
        Row((cell("监控时间段", LABEL), cell(f"{sheet.fiscal_year}年{period}", TEXT, colspan=8))),
        Row(
            (
                cell("项目资金", LABEL, rowspan=2),
                cell("年初预算数", HEAD),
                cell("调整后预算数", HEAD),
                cell(f"{period}执行数", HEAD),
                cell("执行率", HEAD),
                cell("全年预计执行数", HEAD),
                cell(plan_head, HEAD),
                cell("计划进度", HEAD),
                cell("执行进度偏慢原因", HEAD),
            )
        ),
        Row(
            (
                _amount(project.budget),
                _amount(project.adjusted_budget),
                _amount(project.executed),
                cell(scoring.format_rate(project.rate), VALUE),
                _amount(project.projected),
                *plan_cells,
                cell(project.lag_reason, TEXT),
            )
        ),
        Row(
            (
                cell("年度总体目标", LABEL),
                cell(_goals(project.goals), TEXT, colspan=4),
                cell("执行情况", LABEL),
                cell(project.goal_progress, TEXT, colspan=3),
            )
        ),
        Row((cell("预计结余资金的处理", LABEL), cell(project.remainder_plan, TEXT, colspan=8))),
    ]
    headings = (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        f"{period}完成情况",
        "全年预计完成情况",
        "完成目标可能性",
        "偏差原因分析",
        "纠偏措施",
    )
    indicators = [Row(tuple(cell(h, HEAD) for h in headings), INDICATORS)]

    def make(row) -> list[Cell]:
        cause = CAUSES.get(row.cause, "")
        if row.cause_text.strip():
            cause = f"{cause}：{row.cause_text}" if cause else row.cause_text
        return [
            cell(row.level2, TEXT),
            cell(row.name, TEXT),
            cell(row.target, VALUE),
            cell(row.progress, VALUE),
            cell(row.projected, VALUE),
            cell(LIKELIHOOD.get(row.likelihood, ""), VALUE),
            cell(cause, TEXT),
            cell(row.measures, TEXT),
        ]

    indicators += _merged_level1(project.rows, make)
    title, anchor = monitoring_heading(project, position)
    return Grid(
        title=title,
        rows=tuple(header + indicators),
        columns=MONITORING_COLUMNS,
        column_widths=MONITORING_WIDTHS,
        anchor=anchor,
    )


def monitoring_heading(project: MonitoringProject, position: int) -> tuple[str, str]:
    """A monitoring table's title and anchor, known without laying it out."""
    return f"{position}.{project.name}绩效目标执行监控表", f"monitoring-{position}"


def monitoring_title(sheet: MonitoringSheet) -> str:
    period = f"{sheet.fiscal_year}年{sheet.period_label}"
    return f"{sheet.department_heading}{period}项目支出绩效目标执行监控表"


def monitoring_document(sheet: MonitoringSheet) -> Document:
    """A unit's monitoring round: one table per project, in order, each laid out when a
    renderer reads it (ProjectGrids)."""
    title = monitoring_title(sheet)
    if not sheet.projects:
        return Document(title=title, sections=(_empty(title, MONITORING_WIDTHS),))
    grids = ProjectGrids(sheet, sheet.projects, monitoring_grid, monitoring_heading)
    return Document(title=title, sections=Sections((), grids))


# --- 项目支出绩效自评表 ---

EVALUATION_COLUMNS = 8
EVALUATION_WIDTHS = (10.0, 9.0, 14.0, 10.0, 10.0, 6.0, 6.0, 15.0)
GRADE_TEXT = {scoring.EXCELLENT: "优", scoring.GOOD: "良", scoring.FAIR: "中", scoring.POOR: "差"}
ACHIEVEMENT = {"achieved": "达成", "partly": "部分达成", "not_achieved": "未达成"}


def evaluation_grid(sheet: EvaluationSheet, project: EvaluationProject, position: int) -> Grid:
    blank = [cell("", VALUE) for _ in range(5)]
    header = [
        Row(
            (
                Cell(f"（{sheet.fiscal_year}年度）", CAPTION, colspan=5, align=LEFT),
                Cell(UNIT_CAPTION, CAPTION, colspan=3, align=RIGHT),
            )
        ),
        Row((cell("项目名称", LABEL), cell(project.name, TEXT, colspan=7))),
        Row(
            (
                cell("主管部门", LABEL),
                cell(sheet.parent_heading, TEXT, colspan=3),
                cell("实施单位", LABEL),
                cell(sheet.department_heading, TEXT, colspan=3),
            )
        ),
        Row(
            (
                cell("项目资金", LABEL, rowspan=5),
                cell("", HEAD),
                cell("年初预算数", HEAD),
                cell("全年预算数", HEAD),
                cell("全年执行数", HEAD),
                cell("分值", HEAD),
                cell("执行率", HEAD),
                cell("得分", HEAD),
            )
        ),
        Row(
            (
                cell("年度资金总额", LABEL),
                _amount(project.budget),
                _amount(project.base_budget),
                _amount(project.executed),
                _score(project.budget_points),
                cell(scoring.format_rate(project.rate), VALUE),
                _score(project.final_funds_score),
            )
        ),
        Row((cell("其中：本年财政拨款", LABEL), _amount(project.fiscal_funds), *blank)),
        Row((cell("上年结转资金", LABEL), cell("", VALUE), *blank)),
        Row((cell("其他资金", LABEL), _amount(project.other_funds), *blank)),
        Row(
            (
                cell("年度总体目标", LABEL, rowspan=2),
                cell("预期目标", HEAD, colspan=4),
                cell("实际完成情况", HEAD, colspan=3),
            )
        ),
        Row(
            (
                cell(_goals(project.goals), TEXT, colspan=4),
                cell(project.actual_summary, TEXT, colspan=3),
            )
        ),
    ]
    headings = (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    indicators = [Row(tuple(cell(h, HEAD) for h in headings), INDICATORS)]

    def make(row) -> list[Cell]:
        actual = row.actual
        if row.achievement and parse_value(row.target).number is None:
            actual = actual or ACHIEVEMENT[row.achievement]
        return [
            cell(row.level2, TEXT),
            cell(row.name, TEXT),
            cell(row.target, VALUE),
            cell(actual, VALUE),
            _score(row.points),
            _score(row.final_score),
            cell(row.deviation, TEXT),
        ]

    def label(level1: str, members) -> str:
        points = sum((r.points for r in members), Decimal(0))
        return f"{level1}（{format_number(points)}分）"

    indicators += _merged_level1(project.rows, make, label)
    indicators.append(
        Row(
            (
                cell("总分", LABEL, colspan=5),
                _score(project.points_total),
                _score(project.total),
                cell(f"自评等级：{GRADE_TEXT[project.grade]}", LABEL),
            ),
            INDICATORS,
        )
    )
    title, anchor = evaluation_heading(project, position)
    return Grid(
        title=title,
        rows=tuple(header + indicators),
        columns=EVALUATION_COLUMNS,
        column_widths=EVALUATION_WIDTHS,
        anchor=anchor,
    )


def evaluation_heading(project: EvaluationProject, position: int) -> tuple[str, str]:
    """A 自评表's title and anchor, known without laying it out."""
    return f"{position}.{project.name}绩效自评表", f"selfeval-{position}"


def evaluation_title(sheet: EvaluationSheet) -> str:
    return f"{sheet.department_heading}{sheet.fiscal_year}年度项目支出绩效自评表"


def evaluation_document(sheet: EvaluationSheet) -> Document:
    """A unit's self-evaluation: one 自评表 per project, in order, each laid out when a
    renderer reads it (ProjectGrids)."""
    title = evaluation_title(sheet)
    if not sheet.projects:
        return Document(title=title, sections=(_empty(title, EVALUATION_WIDTHS),))
    grids = ProjectGrids(sheet, sheet.projects, evaluation_grid, evaluation_heading)
    return Document(title=title, sections=Sections((), grids))
