"""Every model has a working admin: list, search and change pages."""

from __future__ import annotations

import pytest
from django.contrib import admin

from indicators.models import Indicator
from projects.models import Project


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label in {"projects", "indicators"}],
    ids=lambda m: m.__name__,
)
def test_admin_changelist_search_and_change_pages_open(admin_client, seed_plan, model):
    meta = model._meta
    base = f"/admin/{meta.app_label}/{meta.model_name}/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(base, {"q": "802010"}).status_code == 200
    obj = model.objects.first()
    assert admin_client.get(f"{base}{obj.pk}/change/").status_code == 200


def test_admin_indicator_edit_reparses_the_value(admin_client, seed_plan):
    indicator = Indicator.objects.filter(value_raw="≥95").first()
    project = indicator.project
    url = f"/admin/projects/project/{project.pk}/change/"
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        {
            "department": project.department_id,
            "frame": project.frame_id,
            "goals": '["目标内容1"]',
            "budget_total": "40",
            "fiscal_funds": "40",
            "other_funds": "",
            "plan_mar": "10",
            "plan_jun": "20",
            "plan_oct": "30",
            "plan_dec": "40",
        }
    )
    formset = page.context["inline_admin_formsets"][0].formset
    prefix = formset.prefix
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": len(formset.forms),
            f"{prefix}-INITIAL_FORMS": len(formset.forms),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    )
    for i, sub in enumerate(formset.forms):
        for name in sub.fields:
            value = sub.initial.get(name, "")
            data[f"{prefix}-{i}-{name}"] = "" if value is None else value
        data[f"{prefix}-{i}-id"] = sub.instance.pk
        data[f"{prefix}-{i}-project"] = project.pk
        if sub.instance.pk == indicator.pk:
            data[f"{prefix}-{i}-value_raw"] = "≤65万元"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    indicator.refresh_from_db()
    assert (indicator.value_raw, indicator.comparator, indicator.value_unit) == (
        "≤65万元",
        "le",
        "万元",
    )
    assert Project.objects.get(pk=project.pk).budget_total == 40
