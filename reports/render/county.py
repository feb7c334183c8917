"""The county summary workbook: every project of a batch on one sheet, rows added as they come."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from reports.render.sheets import (
    HEI,
    Styles,
    a4_setup,
    merge,
    number_cell,
    streamed_sheet,
    text_cell,
)
from reports.summary import ProjectSummary, total

HEADINGS = (
    "单位编码",
    "单位名称",
    "项目编码",
    "项目名称",
    "预算数（万元）",
    "财政资金（万元）",
    "其他资金（万元）",
    "指标数",
)
WIDTHS = (10, 30, 24, 36, 14, 14, 14, 8)


class CountySummary:
    """A streamed one-sheet workbook: `add()` each department's projects, then `save()`."""

    def __init__(self, fiscal_year: int) -> None:
        self.workbook = Workbook(write_only=True)
        self.sheet = streamed_sheet(self.workbook, f"{fiscal_year}年项目汇总")
        self.styles = Styles(self.workbook)
        self.sums = [Decimal(0), Decimal(0), Decimal(0)]  # running totals: memory stays flat
        self.projects = self.indicators = 0
        for column, width in enumerate(WIDTHS, start=1):
            self.sheet.column_dimensions[get_column_letter(column)].width = width
        a4_setup(self.sheet, title_rows="1:2", landscape=True)
        title_style = self.styles.array(bold=True, framed=False, size=14, font=HEI)
        self.sheet.append(
            [text_cell(self.sheet, f"{fiscal_year}年项目绩效目标汇总表", title_style)]
        )
        merge(self.sheet, 1, 1, 1, len(HEADINGS))
        head = self.styles.array(bold=True)
        self.sheet.append([text_cell(self.sheet, h, head) for h in HEADINGS])

    def add(self, summaries: list[ProjectSummary]) -> None:
        """Append one row per project (amounts as numbers, format 0.00)."""
        text, money = (
            self.styles.array(horizontal="left"),
            self.styles.array(horizontal="right", money=True),
        )
        for s in summaries:
            amounts = (s.budget_total, s.fiscal_funds, s.other_funds)
            self.sheet.append(
                [text_cell(self.sheet, v, text) for v in (s.department_code, s.department_name)]
                + [text_cell(self.sheet, v, text) for v in (s.code, s.name)]
                + [number_cell(self.sheet, a, money) for a in amounts]
                + [number_cell(self.sheet, s.indicator_count, self.styles.array())]
            )
            self.sums = [a + total([b]) for a, b in zip(self.sums, amounts, strict=True)]
            self.projects += 1
            self.indicators += s.indicator_count

    def save(self, output: str | Path | BinaryIO) -> None:
        """Add the 合计 row and write the workbook."""
        label = self.styles.array(bold=True)
        money = self.styles.array(horizontal="right", money=True, bold=True)
        self.sheet.append(
            [text_cell(self.sheet, "合计", label), text_cell(self.sheet, "", label)]
            + [
                text_cell(self.sheet, "", label),
                text_cell(self.sheet, f"{self.projects}个项目", label),
            ]
            + [number_cell(self.sheet, amount, money) for amount in self.sums]
            + [number_cell(self.sheet, self.indicators, label)]
        )
        self.workbook.save(output)
