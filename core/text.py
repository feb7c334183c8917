"""What text the app accepts, decided once (#14).

Stored text is printable Unicode plus tab and line feed. At every way in (forms, imports, API):
- line-break look-alikes — Word's soft break ``\\x0b``, form feed, ``\\r\\n``/``\\r``, U+0085,
  U+2028/U+2029 — become ``\\n`` silently (they mean a new line);
- other control characters, surrogates and noncharacters (U+FFFE, U+FFFF, …) cannot be shown,
  printed or written into Word/Excel XML. Forms and imports remove them and say so in a note; the
  API, whose clients are programs, refuses them with the JSON path. Models refuse them as the
  last guard (`validate_clean_text`), so no channel can store them.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_XML_LINE_BREAKS = re.compile("[\x0b\x0c]")  # the two line breaks XML 1.0 cannot hold
# C0 controls except tab/LF, DEL, C1 controls, surrogates, and the noncharacters.
_FORBIDDEN_CHARS = (
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff"
)
_FORBIDDEN = re.compile(f"[{_FORBIDDEN_CHARS}]")
# What `xml_safe` changes, as the body of a regex character class: writers search their text
# for these (with their own escapes) once, and copy the rest as it is.
XML_UNSAFE_CHARS = _FORBIDDEN_CHARS + "\x0b\x0c"

REMOVED_NOTE = _("已删除%(count)d个无法显示的控制字符（多从Word或网页粘贴带入），请核对文字。")
FORBIDDEN_MESSAGE = _(
    "含有无法显示或打印的控制字符（第%(position)d个字符，%(code)s），请删除后重新输入。"
)


def normalize_line_breaks(value: str) -> str:
    """Turn every line-break look-alike into ``\\n``."""
    return _LINE_BREAKS.sub("\n", value)


def clean_text(value: str) -> tuple[str, int]:
    """Return the text as the app stores it and how many characters were removed."""
    value = normalize_line_breaks(value)
    cleaned, removed = _FORBIDDEN.subn("", value)
    return cleaned, removed


def forbidden_message(value: str) -> str | None:
    """The Chinese message for text the app refuses, or None when it is acceptable."""
    text = normalize_line_breaks(value)
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    return str(FORBIDDEN_MESSAGE) % {
        "position": match.start() + 1,
        "code": f"U+{ord(match.group()):04X}",
    }


def validate_clean_text(value: object) -> None:
    """Model validator: refuse control characters (strings, or lists of strings in JSON fields)."""
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, str) and (message := forbidden_message(item)):
            raise ValidationError(message, code="control_character")


def clean_nested(value: object) -> tuple[object, int]:
    """`clean_text` applied to every string in nested lists/dicts; returns the removed count."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        total = 0
        items = []
        for item in value:
            cleaned, removed = clean_nested(item)
            items.append(cleaned)
            total += removed
        return items, total
    if isinstance(value, dict):
        total = 0
        result = {}
        for key, item in value.items():
            cleaned, removed = clean_nested(item)
            result[key] = cleaned
            total += removed
        return result, total
    return value, 0


def xml_safe(value: str) -> str:
    """Writers' last resort for text stored before #14 (history rows keep it): Word's soft
    break and form feed become line feeds; what the app never stores is dropped."""
    return _FORBIDDEN.sub("", _XML_LINE_BREAKS.sub("\n", value))
