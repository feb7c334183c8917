"""The numbers of ordered text items (绩效目标, 分项绩效目标, 工作保障措施): applied once.

Stored items carry no number (docs/decisions/003-ordered-items-as-json-lists.md); the layout
numbers them. Clerks naturally type "1.保障…" or paste "（一）…", so a number at the start of
an item is taken off on the way in (every save goes through `unnumbered`) and again before
printing (`numbered`), so that an item never shows two numbers, whatever is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A leading list number and the separator after it. A number must be followed by a list
# separator, and "1." by no digit, so that "1.5万元…", "1,000人次…", "1:1配套…", "2023年…" or
# "10%…" stay as typed.
_NUMBER = re.compile(
    r"""^\s*(?:
        [0-9０-９]{1,3}\s*(?:[.．](?![0-9０-９])|[、)）])   # 1.  1、  1)  １．
      | [(（]\s*(?:[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]      # (1)  （一）
      | [一二三四五六七八九十]{1,3}\s*[、.．]                              # 一、
      | [①-⑳⑴-⒇⒈-⒛❶-❿➀-➉]                                               # ① ⑴ ⒈ ❶
    )\s*""",
    re.VERBOSE,
)


def strip_number(text: str) -> str:
    """`text` without one leading list number ("1.保障" → "保障"); unchanged when it has none
    or when nothing would be left."""
    match = _NUMBER.match(text)
    if match is None:
        return text
    return text[match.end() :].strip() or text


def unnumbered(items: Iterable[str]) -> list[str]:
    """The items as stored: without a leading list number each (nothing else changes)."""
    return [strip_number(item) for item in items]


def numbered(items: Iterable[str], separator: str = ".") -> list[str]:
    """The items numbered once, 1 by 1 (`separator`: "." for goals, "、" for part one)."""
    return [f"{n}{separator}{item}" for n, item in enumerate(unnumbered(items), start=1)]


__all__ = ["numbered", "strip_number", "unnumbered"]
