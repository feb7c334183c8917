"""What our worksheets share: cell styles by kind, A4 print setup, text sizes.

The sheets are written by the streaming writer in reports.render.xlsxml; cells are
`(value, style id)` tuples, so a row costs one tuple per column.
"""

from __future__ import annotations

import math

from reports.render.ooxml import SONG
from reports.render.xlsxml import PrintSetup, Style, Workbook

MONEY_FORMAT = "0.00"
PAPER_A4 = 9
LINE_HEIGHT = 14.5  # points per line of 10.5 pt 宋体


class Styles:
    """The cell styles of one workbook by kind, registered once and then looked up by key."""

    def __init__(self, book: Workbook) -> None:
        self._book = book
        self._ids: dict[tuple, int] = {}
        # A cell's style by its (role, align, bold), filled by the grid renderer: one lookup
        # per cell instead of building the key of get().
        self.by_look: dict[tuple[str, str, bool], int] = {}

    def get(
        self,
        *,
        horizontal: str = "center",
        bold: bool = False,
        framed: bool = True,
        money: bool = False,
        size: float = 10.5,
        font: str = SONG,
    ) -> int:
        """A style id: the font, centred vertically and wrapped, framed unless said not."""
        key = (horizontal, bold, framed, money, size, font)
        found = self._ids.get(key)
        if found is None:
            style = Style(
                font=font,
                size=size,
                bold=bold,
                border=framed,
                horizontal=horizontal,
                vertical="center",
                wrap=True,
                number_format=MONEY_FORMAT if money else "General",
            )
            found = self._ids[key] = self._book.add_style(style)
        return found


def a4(*, title_rows: int, landscape: bool = False) -> PrintSetup:
    """A4, fit to one page wide (any height), centred, rows 1…title_rows on every page."""
    return PrintSetup(
        paper_size=PAPER_A4,
        landscape=landscape,
        fit_to_width=1,
        fit_to_height=0,
        horizontally_centered=True,
        margins=(0.6, 0.6, 0.8, 0.8),
        title_rows=(1, title_rows),
    )


def display_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count double."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Wrapped line count of `text` in a column `width` units wide."""
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))
