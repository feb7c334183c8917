"""Tables and department documents in pages, printed from the one layout (reports.layout).

`{% target_table grid %}` prints a 绩效目标表; the department page prints its title, contents
and 第一部分 with `{% document_title document %}`, `{% document_contents document %}` and
`{% document_narrative document %}` (a reports.selectors.DepartmentDocument, taken from
reports.layout.department_document like the Word and Excel files).
"""

from django import template
from django.utils.safestring import mark_safe

from reports.render import html

register = template.Library()


@register.simple_tag
def target_table(grid):
    return html.render(grid)


@register.simple_tag(name="document_title")
def title(document) -> str:
    return document.title


@register.simple_tag
def document_contents(document):
    return html.contents(document.contents)


@register.simple_tag
def document_narrative(document):
    return mark_safe("".join(html.narrative(section) for section in document.narratives))
