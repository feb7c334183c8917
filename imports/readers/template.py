"""The batch template for hand entry: 项目 and 指标 sheets (drop-downs), 填写说明."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from imports.readers.base import Options, ReadResult

PROJECT_SHEET, INDICATOR_SHEET, HELP_SHEET = "项目", "指标", "填写说明"


def is_template(workbook: Workbook) -> bool:
    return {PROJECT_SHEET, INDICATOR_SHEET} <= set(workbook.sheetnames)


def read(workbook: Workbook, options: Options) -> ReadResult:  # pragma: no cover - replaced
    raise NotImplementedError
