"""Server-side SVG bar charts (no JavaScript, no CDN): labels escaped, geometry from Decimals."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_AREA, VALUE_WIDTH = 22, 6, 220, 360, 90
ONE_PLACE = Decimal("0.1")
# A long chart shows its largest bars first and the rest on demand (static/js/charts.js).
TOP_BARS = 15


def _width(value: Decimal, largest: Decimal) -> Decimal:
    if largest <= 0 or value <= 0:
        return Decimal(0)
    return (Decimal(value) / Decimal(largest) * BAR_AREA).quantize(
        ONE_PLACE, rounding=ROUND_HALF_UP
    )


def _bar(index: int, label: str, value: Decimal, shown: str, largest: Decimal) -> str:
    y = index * (BAR_HEIGHT + GAP)
    middle = y + BAR_HEIGHT // 2 + 5
    return format_html(
        "<g><title>{label}：{shown}</title>"
        '<text x="{lx}" y="{ty}" text-anchor="end" font-size="12">{short}</text>'
        '<rect x="{bx}" y="{y}" width="{w}" height="{h}" fill="#0d6efd"></rect>'
        '<text x="{vx}" y="{ty}" font-size="12">{shown}</text></g>',
        label=label,
        shown=shown,
        short=label if len(label) <= 16 else label[:15] + "…",
        lx=LABEL_WIDTH - 6,
        ty=middle,
        bx=LABEL_WIDTH,
        y=y,
        w=_width(value, largest),
        h=BAR_HEIGHT,
        vx=LABEL_WIDTH + BAR_AREA + 6,
    )


def bar_chart(items: Sequence[tuple[str, Decimal, str]], *, title: str) -> SafeString:
    """A horizontal bar chart of (label, value, value as shown); empty data gives a note."""
    height = max(len(items), 1) * (BAR_HEIGHT + GAP)
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    largest = max((value for _label, value, _shown in items), default=Decimal(0))
    bars = "".join(_bar(i, *item, largest) for i, item in enumerate(items))
    if not items:
        bars = f'<text x="10" y="16" font-size="12">{escape(_("暂无数据"))}</text>'
    # Safe: the bars come from format_html and the title is escaped here.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{escape(title)}"><title>{escape(title)}</title>{bars}</svg>'
    )


def ranked(items: Sequence[tuple[str, Decimal, str]]) -> list[tuple[str, Decimal, str]]:
    """Largest value first; equal values keep their given order (e.g. by unit code)."""
    return sorted(items, key=lambda item: item[1], reverse=True)


def top_and_all(
    items: Sequence[tuple[str, Decimal, str]], *, title: str, top: int = TOP_BARS
) -> tuple[SafeString, SafeString | None]:
    """The chart of the `top` largest values and, when there are more, the chart of all."""
    items = ranked(items)
    if len(items) <= top:
        return bar_chart(items, title=title), None
    return bar_chart(items[:top], title=title), bar_chart(items, title=title)
