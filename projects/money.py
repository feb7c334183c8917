"""Money in 万元 as exact `Decimal`: formatting for tables and exact conversion from 元."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

TWO_PLACES = Decimal("0.01")
YUAN_PER_WAN = Decimal(10000)


def format_wan(amount: Decimal | None) -> str:
    """Print 万元 as the Hebei tables do: two decimals (`40.00`); blank stays blank."""
    if amount is None:
        return ""
    if not amount.is_finite():
        return str(amount)
    # Enough precision for any typed figure: the preview prints what was typed, even a number
    # too long for the default 28 digits (the form then explains it is too large).
    with localcontext() as context:
        context.prec = max(28, amount.adjusted() + 4)
        return f"{amount.quantize(TWO_PLACES, rounding=ROUND_HALF_UP):f}"


def format_exact(amount: Decimal | None) -> str:
    """Print every significant decimal, at least two (`40.00`, `330.984`)."""
    if amount is None:
        return ""
    text = f"{amount.normalize():f}"
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def yuan_to_wan(amount_yuan: Decimal) -> Decimal:
    """Convert 元 to 万元 exactly (3309840.00 元 → 330.984 万元); no rounding happens."""
    return amount_yuan / YUAN_PER_WAN
