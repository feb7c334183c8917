from decimal import Decimal

import pytest

from projects.money import format_exact, format_wan, yuan_to_wan


@pytest.mark.parametrize(
    ("amount", "printed"),
    [
        (Decimal("40"), "40.00"),
        (Decimal("330.984"), "330.98"),
        (Decimal("0.125"), "0.13"),  # half up, as people round, not banker's rounding
        (Decimal("8.5"), "8.50"),
        (Decimal("9" * 40), "9" * 40 + ".00"),  # longer than the default 28-digit context
        (Decimal("NaN"), "NaN"),
        (None, ""),
    ],
)
def test_amounts_print_in_wan_with_two_decimals(amount, printed):
    assert format_wan(amount) == printed


def test_yuan_convert_to_wan_exactly_without_rounding():
    assert yuan_to_wan(Decimal("3309840.00")) == Decimal("330.984")
    assert yuan_to_wan(Decimal("0.01")) == Decimal("0.000001")


def test_exact_format_keeps_every_decimal():
    assert format_exact(Decimal("330.984000")) == "330.984"
    assert format_exact(Decimal("40")) == "40.00"
