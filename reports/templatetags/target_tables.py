"""`{% target_table grid %}`: a 绩效目标表 in a page, from the one layout Grid."""

from django import template

from reports.render import html

register = template.Library()


@register.simple_tag
def target_table(grid):
    return html.render(grid)
