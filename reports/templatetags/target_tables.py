"""Tables and department documents in pages, printed from the one layout (reports.layout).

`{% target_table grid %}` prints a 绩效目标表; the department page prints its title, contents
and 第一部分 with `{% document_title document %}`, `{% document_contents document %}` and
`{% document_narrative document %}` (a reports.selectors.DepartmentDocument), laid out by
the same functions as its Word and Excel files.
"""

from django import template

from reports.layout import Entry, Narrative, document_title, narrative_section, part_of
from reports.render import html

register = template.Library()


@register.simple_tag
def target_table(grid):
    return html.render(grid)


def _narrative(document) -> Narrative:
    return narrative_section(
        overall_goal=document.overall_goal,
        sub_goals=document.sub_goals,
        safeguards=document.safeguards,
    )


@register.simple_tag(name="document_title")
def title(document) -> str:
    return document_title(document.heading, document.fiscal_year)


@register.simple_tag
def document_contents(document):
    tables = [Entry(1, table.title, table.anchor) for table in document.tables]
    return html.contents([*part_of(_narrative(document)).headings, *tables])


@register.simple_tag
def document_narrative(document):
    return html.narrative(_narrative(document))
