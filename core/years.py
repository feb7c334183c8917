"""The one allowed range of fiscal years (预算年度): models, forms, URLs, API, importers."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext as _

FIRST_FISCAL_YEAR = 2000
LAST_FISCAL_YEAR = 2100


def _year_range_message() -> str:
    return _("预算年度应为%(first)d到%(last)d之间的四位年份，例如2024。") % {
        "first": FIRST_FISCAL_YEAR,
        "last": LAST_FISCAL_YEAR,
    }


# Lazy: translated when shown, not when this module is imported (before settings).
YEAR_RANGE_MESSAGE = lazy(_year_range_message, str)()


def is_fiscal_year(value: object) -> bool:
    """True for an int (not bool) inside the allowed range."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and FIRST_FISCAL_YEAR <= value <= LAST_FISCAL_YEAR
    )


def fiscal_year_validators() -> list:
    """Validators for a `fiscal_year` field; plain min/max so migrations serialise literals."""
    return [
        MinValueValidator(FIRST_FISCAL_YEAR, message=YEAR_RANGE_MESSAGE),
        MaxValueValidator(LAST_FISCAL_YEAR, message=YEAR_RANGE_MESSAGE),
    ]


def parse_fiscal_year(text: object) -> int:
    """Read a typed or imported year; raise ValueError with the Chinese message."""
    if isinstance(text, bool):
        raise ValueError(str(YEAR_RANGE_MESSAGE))
    if isinstance(text, int):
        year = text
    else:
        raw = str(text).strip().removesuffix("年").strip()
        if not raw.isascii() or not raw.isdigit() or len(raw) != 4:
            raise ValueError(str(YEAR_RANGE_MESSAGE))
        year = int(raw)
    if not is_fiscal_year(year):
        raise ValueError(str(YEAR_RANGE_MESSAGE))
    return year


def fiscal_year_in_range(name: str) -> models.CheckConstraint:
    """The database's guard of the range, for every `fiscal_year` column."""
    return models.CheckConstraint(
        condition=models.Q(fiscal_year__gte=FIRST_FISCAL_YEAR, fiscal_year__lte=LAST_FISCAL_YEAR),
        name=name,
        violation_error_message=YEAR_RANGE_MESSAGE,
    )
