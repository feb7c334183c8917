"""The list tables' body rendered in Python equals django-tables2's own template."""

from __future__ import annotations

import re

import django_tables2 as tables
from django.template import Context, Template
from django.test import RequestFactory

from projects.models import Project
from projects.selectors import projects_for_list
from projects.tables import ProjectTable


def _tbody(make_table, template_name: str) -> str:
    """Render a fresh table (rows count odd/even as they are rendered) with a template."""
    table = make_table()
    table.template_name = template_name
    html = Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": table.request})
    )
    body = re.search(r"<tbody.*</tbody>", html, re.S).group(0)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", body)).replace(" >", ">")


def _list(table_class, user):
    def make():
        request = RequestFactory().get("/projects/?sort=-budget_total")
        request.user = user
        table = table_class(projects_for_list(user))
        tables.RequestConfig(request, paginate={"per_page": 50}).configure(table)
        return table

    return make


def test_fast_body_equals_the_stock_template(admin_user, seed_plan):
    Project.objects.filter(name="村级经费").update(code="", name='村级<经费> & "x"')
    fast = _tbody(_list(ProjectTable, admin_user), "tables/bootstrap5_fast.html")
    assert fast.count("<tr") == 11 and "村级&lt;经费&gt;" in fast and "（无编码）" in fast
    assert fast == _tbody(_list(ProjectTable, admin_user), "django_tables2/bootstrap5.html")


def test_row_dependent_cell_attributes_are_computed_per_row(admin_user, seed_plan):
    class Striped(ProjectTable):
        name = tables.Column(attrs={"td": {"data-big": lambda record: record.budget_total > 50}})

    fast = _tbody(_list(Striped, admin_user), "tables/bootstrap5_fast.html")
    assert 'data-big="True"' in fast and 'data-big="False"' in fast
    assert fast == _tbody(_list(Striped, admin_user), "django_tables2/bootstrap5.html")
