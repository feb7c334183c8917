"""The home page's rows written in Python (`pages.templatetags.home.document_rows`) are the
bytes the Jinja2 template `projects/_document_rows.jinja` writes (#15)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from pages.templatetags.home import document_rows
from web.form_renderer import jinja2_template
from web.url_filler import CODE, YEAR, url_filler

DOCUMENTS = [
    {
        "department__code": "802010",
        "department__name": "<单位> & \"乙\" '丙'",
        "fiscal_year": 2023,
        "project_count": 3,
        "budget": Decimal("8.505"),
        "status_key": "draft",
        "status_label": gettext_lazy("待送审"),
        "may_edit": True,
    },
    {
        "department__code": "802011",
        "department__name": "单位二",
        "fiscal_year": 2024,
        "project_count": 0,
        "budget": None,
        "status_key": "submitted",
        "status_label": gettext_lazy("已送审"),
        "may_edit": False,
    },
    {
        "department__code": "802012",
        "department__name": "单位三",
        "fiscal_year": 2024,
        "project_count": 12,
        "budget": Decimal("1234567.123456"),
        "status_key": "draft",
        "status_label": gettext_lazy("待送审"),
        "may_edit": True,
    },
]


def _jinja(documents, role) -> str:
    return jinja2_template("projects/_document_rows.jinja").render(
        {
            "documents": documents,
            "report": url_filler("projects:department_report", CODE, YEAR),
            "edit": url_filler("projects:plan_edit", CODE, YEAR)
            if role in ("clerk", "admin")
            else None,
        }
    )


@pytest.mark.parametrize("role", ["clerk", "admin", "reviewer", "auditor", ""])
@pytest.mark.parametrize("count", [0, 1, 3])
def test_rows_are_the_templates_bytes(role, count):
    documents = DOCUMENTS[:count]
    html = document_rows(documents, role)
    assert html == _jinja(documents, role)
    edits = html.count("/edit/") if role in ("clerk", "admin") else 0
    assert edits == sum(doc["may_edit"] for doc in documents if role in ("clerk", "admin"))


def test_values_are_escaped_once():
    html = document_rows(DOCUMENTS[:1], "admin")
    assert "<td>&lt;单位&gt; &amp; &quot;乙&quot; &#x27;丙&#x27;</td>" in html
    assert '<td class="text-end font-monospace">8.51</td>' in html
    assert '<span class="badge status-draft">待送审</span>' in html
    assert "编辑" in html
    assert "编辑" not in document_rows(DOCUMENTS[:1], "reviewer")
