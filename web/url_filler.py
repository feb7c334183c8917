"""reverse() for a page of rows, with the URL pattern resolved once.

A list of 50–100 rows with a link or two each spent more on reverse() than on the rest of the
row. `url_filler` reverses a view once with sample arguments, then fills each row's arguments
into the pieces between them. An argument that does not match its converter's pattern goes
through reverse() itself, so what the URLconf accepts or refuses is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.urls import reverse

from web.converters import CodeConverter, IdConverter, YearConverter

# Samples the converters accept and no URL of ours contains otherwise, one per converter.
ID, YEAR, CODE = (
    (987654321, IdConverter.regex),
    (1000, YearConverter.regex),
    ("Zsamplecode", CodeConverter.regex),
)


def url_filler(viewname: str, *arguments: tuple[object, str]) -> Callable[..., str]:
    """A function (*args) -> reverse(viewname, args=args); `arguments` are (sample, regex)
    pairs, one per URL argument, in order (ID, YEAR, CODE)."""
    url = reverse(viewname, args=[sample for sample, _regex in arguments])
    pieces = []
    for sample, _regex in arguments:
        head, found, url = url.partition(str(sample))
        if not found:
            raise ValueError(f"{viewname}: sample {sample!r} not in the URL")
        pieces.append(head)
    patterns = [re.compile(regex) for _sample, regex in arguments]

    def fill(*args) -> str:
        texts = [str(a) for a in args]
        if len(texts) != len(patterns) or not all(
            p.fullmatch(t) for p, t in zip(patterns, texts, strict=False)
        ):
            return reverse(viewname, args=args)  # the converters decide (or refuse)
        return "".join(head + t for head, t in zip(pieces, texts, strict=True)) + url

    return fill
