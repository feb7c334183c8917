"""The list tables' body (templates/tables/tbody.jinja) equals django-tables2's own template."""

from __future__ import annotations

import re

import django_tables2 as tables
import pytest
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


def test_values_through_relations_choices_and_callables_equal_the_stock_template(
    admin_user, seed_plan
):
    from projects.models import DepartmentPlan

    DepartmentPlan.objects.update(status=DepartmentPlan.Status.RETURNED)

    class Plans(tables.Table):
        # A field with choices shows its label (get_status_display), a relation is followed,
        # a None on the way gives the default, a method is called.
        status = tables.Column()
        department = tables.Column(accessor="department__name")
        parent = tables.Column(accessor="department__parent__name")
        goal = tables.Column(accessor="get_status_display")

        class Meta:
            model = DepartmentPlan
            fields = ("status", "fiscal_year")

    def make():
        request = RequestFactory().get("/")
        request.user = admin_user
        table = Plans(DepartmentPlan.objects.select_related("department"))
        tables.RequestConfig(request).configure(table)
        return table

    fast = _tbody(make, "tables/bootstrap5_fast.html")
    label = str(DepartmentPlan.Status.RETURNED.label)
    assert fast.count(f"<td>{label}</td>") == 2  # status and get_status_display
    assert "<td>乐亭县大相各庄镇人民政府</td>" in fast and "<td>—</td>" in fast
    assert fast == _tbody(make, "django_tables2/bootstrap5.html")


@pytest.mark.parametrize("grouped", [False, True])
def test_numbers_are_written_as_localize_writes_them(settings, grouped):
    from decimal import Decimal

    from django.utils.formats import localize

    from web.markup import localized as _localized

    settings.USE_THOUSAND_SEPARATOR = grouped
    for value in (0, 7, 2024, 1234567, -45, True, Decimal("1234.50"), 3.5, "文本", None):
        assert _localized(value) == localize(value), value
