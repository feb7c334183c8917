"""An independent reader of the seed text (fixtures/source/), used by tests to check the fixture.

The text is a Word document flattened to plain text: a table row ends at a blank line, each
cell starts with a tab, an empty cell continues a vertical merge, and a lone space is a blank
cell. Lines without a tab continue the previous cell (multi-line cells).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED_PATH = (
    Path(__file__).resolve().parent.parent / "fixtures" / "source" / "000_0404a47cf35d884c.txt"
)
TITLE = re.compile(r"^\s*\[bookmark: [^\]]+\](\d+)\.(.+)绩效目标表\s*$")
SECTION = re.compile(r"^\[bookmark: [^\]]+\](一|二|三)、")
ITEM = re.compile(r"^(\d+)、(.*)$")
MERGED = None  # marker for a continuation cell of a vertical merge


@dataclass
class SeedTable:
    position: int
    name: str
    rows: list[list[str | None]] = field(default_factory=list)


@dataclass
class SeedDocument:
    overall_goal: str
    sub_goals: list[str]
    safeguards: list[str]
    tables: list[SeedTable]


def _rows(lines: list[str]) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    current: list[str | None] = []
    for line in lines:
        if line.startswith("\t"):
            content = line[1:]
            current.append(MERGED if content == "" else content.strip())
        elif line.strip() and current and current[-1] is not None:
            current[-1] = f"{current[-1]}\n{line.strip()}"
        else:  # a blank line or the lone-space paragraph between the two tables
            if current:
                rows.append(current)
            current = []
    if current:
        rows.append(current)
    return rows


def _narrative(lines: list[str]) -> tuple[str, list[str], list[str]]:
    sections: dict[str, list[str]] = {"一": [], "二": [], "三": []}
    current = None
    for line in lines:
        match = SECTION.match(line)
        if match:
            current = match.group(1)
            continue
        if (
            current
            and line.strip()
            and line.strip() not in {"总体绩效目标", "分项绩效目标", "工作保障措施"}
        ):
            sections[current].append(line.strip())
    items = lambda key: [ITEM.match(x).group(2) for x in sections[key]]  # noqa: E731
    return "\n".join(sections["一"]), items("二"), items("三")


def read_seed(path: Path = SEED_PATH) -> SeedDocument:
    lines = path.read_text(encoding="utf-8").split("\n")
    starts = [(i, TITLE.match(line)) for i, line in enumerate(lines) if TITLE.match(line)]
    overall, sub_goals, safeguards = _narrative(lines[: starts[0][0]])
    tables = []
    for n, (index, match) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        tables.append(SeedTable(int(match.group(1)), match.group(2), _rows(lines[index + 1 : end])))
    return SeedDocument(overall, sub_goals, safeguards, tables)


# The seed prints 资金支出计划（%） above cumulative amounts (its 12月底 equals the budget); our
# tables print the label of the plan's kind, 资金支出计划（万元） for amounts (#16).
SEED_PLAN_LABEL, PRINTED_PLAN_LABEL = "资金支出计划（%）", "资金支出计划（万元）"


def read_printed_seed(path: Path = SEED_PATH) -> SeedDocument:
    """The seed as our tables print it: verbatim but for the plan row's label."""
    seed = read_seed(path)
    for table in seed.tables:
        table.rows = [
            [PRINTED_PLAN_LABEL if cell == SEED_PLAN_LABEL else cell for cell in row]
            for row in table.rows
        ]
    return seed
