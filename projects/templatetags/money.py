"""Template filters for money in 万元."""

from django import template

from projects.money import format_wan

register = template.Library()


@register.filter
def wan(amount):
    """Print an amount in 万元 with two decimals; blank stays blank."""
    return format_wan(amount)
