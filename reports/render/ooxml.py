"""What the Word and Excel files share: text escaping, fonts, formula prefixes, sheet names.

Both formats are Office Open XML written as text; these are the one place for the rules both
need (the text policy itself is core.text's).
"""

from __future__ import annotations

import re

from core.text import XML_UNSAFE_CHARS, xml_safe

# Fonts of official documents: 宋体 body, 黑体 titles, Times New Roman for Latin text (Word).
SONG, HEI, LATIN = "宋体", "黑体", "Times New Roman"

# Excel reads text starting with these as a formula (formula injection): such text is written
# with the quote prefix, so it stays text when shown and when edited.
FORMULA_STARTS = ("=", "+", "-", "@")

# Characters XML 1.0 cannot hold (and the app never stores): core.text decides which.
ILLEGAL_XML = re.compile(f"[{XML_UNSAFE_CHARS}]")
# One search finds the rare text that needs more than copying.
NEEDS_ESCAPING = re.compile(f"[&<>\r{XML_UNSAFE_CHARS}]")


def escape_text(text: str) -> str:
    """Text as XML character data: illegal characters dropped, `& < >` escaped, CR kept."""
    if NEEDS_ESCAPING.search(text) is None:
        return text
    text = xml_safe(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")  # a parser would turn a literal CR into LF


def escape_attribute(text: str) -> str:
    """Text as an attribute value: also quotes, and whitespace a parser would normalise."""
    text = escape_text(text).replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\t", "&#9;")


# --- Excel sheet names ---

MAX_SHEET_NAME = 31
_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
# "History" is reserved by Excel (it repairs a workbook that has a sheet of that name).
RESERVED_SHEET_NAMES = ("History",)


def check_sheet_name(name: str) -> None:
    """Raise ValueError for a name Excel refuses (the writer never fixes names silently)."""
    if not name or len(name) > MAX_SHEET_NAME:
        raise ValueError(f"sheet name must have 1…{MAX_SHEET_NAME} characters: {name!r}")
    if _FORBIDDEN_IN_SHEET_NAME.search(name) or ILLEGAL_XML.search(name):
        raise ValueError(f"sheet name has a character Excel forbids: {name!r}")
    if name.startswith("'") or name.endswith("'"):
        raise ValueError(f"sheet name cannot start or end with an apostrophe: {name!r}")


def unique_sheet_names(wanted: list[str], taken: set[str], fallback: str = "表") -> list[str]:
    """Valid, unique (ignoring case) sheet names for `wanted` texts, none of `taken`:
    forbidden characters become `_`, long names are cut to 31, clashes get `~2`, `~3`…"""
    taken = {n.lower() for n in (*taken, *RESERVED_SHEET_NAMES)}
    names: list[str] = []
    for text in wanted:
        base = _FORBIDDEN_IN_SHEET_NAME.sub("_", ILLEGAL_XML.sub("", text)).strip("' ")
        base = base or f"{fallback}{len(names) + 1}"
        name, n = base[:MAX_SHEET_NAME].rstrip("'"), 1
        while name.lower() in taken:
            n += 1
            name = f"{base[: MAX_SHEET_NAME - len(str(n)) - 1]}~{n}"
        taken.add(name.lower())
        names.append(name)
    return names


def quote_sheet_name(name: str) -> str:
    """A sheet name as a formula reference prefix: quoted, apostrophes doubled."""
    return "'{}'".format(name.replace("'", "''"))
