"""Findings as an .xlsx workbook; user text is always written as text, never as a formula."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.xlsx import simple_workbook
from reviews.checks import RULES, Finding
from reviews.checks.base import FIELD_LABELS

WIDTHS = (6, 8, 26, 8, 24, 28, 8, 22, 14, 60, 60, 20)


def _headers() -> list[str]:
    return [
        _("序号"), _("级别"), _("规则"), _("项目序号"), _("项目编码"), _("项目名称"),
        _("指标行"), _("三级指标"), _("字段"), _("问题"), _("修改建议"), _("审核意见"),
    ]  # fmt: skip


def _row(number: int, finding: Finding) -> list[object]:
    loc = finding.location
    return [
        number,
        finding.level.label,
        str(RULES[finding.rule].title),
        loc.project_index,
        loc.project_code,
        loc.project_name,
        loc.row,
        loc.row_name,
        str(FIELD_LABELS.get(loc.field, loc.field)),
        finding.message,
        finding.hint,
        finding.opinion_label,
    ]


def findings_workbook(findings: list[Finding], *, title: str) -> bytes:
    """One sheet: a title line, a header row and one row per finding."""
    return simple_workbook(
        sheet_title=_("审核问题"),
        title=title,
        headers=_headers(),
        rows=(_row(number, finding) for number, finding in enumerate(findings, start=1)),
        widths=WIDTHS,
    )
