"""URL converters that refuse what the database could not hold, so bad ids are 404, not 500."""

from core.years import is_fiscal_year


class IdConverter:
    """A primary key: 1–18 digits (fits a 64-bit integer on every database)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


class YearConverter:
    """A fiscal year: four digits inside the allowed range (core.years); others are 404."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not is_fiscal_year(year):
            raise ValueError(value)  # Django then tries the next pattern, and answers 404
        return year

    def to_url(self, value) -> str:
        return str(value)


class CodeConverter:
    """A unit code (单位编码): letters and digits only, as `Department.code` allows."""

    regex = "[0-9A-Za-z]{1,20}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)
