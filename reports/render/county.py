"""The county summary workbook: every project of a batch on one sheet, rows added as they come."""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from reports.render.ooxml import HEI
from reports.render.sheets import Styles, a4
from reports.render.xlsxml import Workbook
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
    """A streamed one-sheet workbook: `add()` each department's projects, then `save()`.

    The output is only named at `save()`, so rows are streamed into a temporary file until
    then: memory stays flat however many departments a batch has.
    """

    def __init__(self, fiscal_year: int) -> None:
        self._spool = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in save()
        self.book = Workbook(self._spool)
        self.styles = Styles(self.book)
        self.sums = [Decimal(0), Decimal(0), Decimal(0)]  # running totals: memory stays flat
        self.projects = self.indicators = 0
        setup = a4(title_rows=2, landscape=True)
        self.sheet = self.book.add_sheet(
            f"{fiscal_year}年项目汇总", widths=WIDTHS, print_setup=setup
        )
        title_style = self.styles.get(bold=True, framed=False, size=14, font=HEI)
        self.sheet.append([(f"{fiscal_year}年项目绩效目标汇总表", title_style)])
        self.sheet.merge(1, 1, 1, len(HEADINGS))
        head = self.styles.get(bold=True)
        self.sheet.append([(h, head) for h in HEADINGS])

    def add(self, summaries: list[ProjectSummary]) -> None:
        """Append one row per project (amounts as numbers, format 0.00)."""
        text = self.styles.get(horizontal="left")
        money = self.styles.get(horizontal="right", money=True)
        plain = self.styles.get()
        for s in summaries:
            amounts = (s.budget_total, s.fiscal_funds, s.other_funds)
            self.sheet.append(
                [(v, text) for v in (s.department_code, s.department_name, s.code, s.name)]
                + [(a, money) for a in amounts]
                + [(s.indicator_count, plain)]
            )
            self.sums = [a + total([b]) for a, b in zip(self.sums, amounts, strict=True)]
            self.projects += 1
            self.indicators += s.indicator_count

    def save(self, output: str | Path | BinaryIO) -> None:
        """Add the 合计 row and write the workbook to `output`."""
        label = self.styles.get(bold=True)
        money = self.styles.get(horizontal="right", money=True, bold=True)
        self.sheet.append(
            [("合计", label), ("", label), ("", label), (f"{self.projects}个项目", label)]
            + [(amount, money) for amount in self.sums]
            + [(self.indicators, label)]
        )
        try:
            self.book.close()
            self._spool.seek(0)
            if isinstance(output, str | Path):
                with open(output, "wb") as target:
                    shutil.copyfileobj(self._spool, target)
            else:
                shutil.copyfileobj(self._spool, output)
        finally:
            self._spool.close()
