"""Numbers read from query strings and hidden fields, which anyone can tamper with (#14).

`str.isdigit()` accepts `²` and `٣`, which `int()` then refuses, and `int()` refuses more than
4,300 digits: both were server errors. A parameter that is not a short ASCII number is absent.
"""


def small_int(text: str | None, *, digits: int = 9) -> int | None:
    """A non-negative ASCII integer of at most `digits` digits, or None."""
    text = (text or "").strip()
    if text and len(text) <= digits and text.isascii() and text.isdigit():
        return int(text)
    return None


def record_id(text: str | None) -> int | None:
    """A primary key from a form: at most 18 digits, so it fits a 64-bit column everywhere."""
    return small_int(text, digits=18)
