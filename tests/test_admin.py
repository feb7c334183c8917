"""Every model has a working admin: list, search and change pages."""

from __future__ import annotations

import pytest
from django.contrib import admin

from indicators.models import Indicator
from projects.models import Project


@pytest.mark.parametrize(
    "model",
    [
        m
        for m in admin.site._registry
        if m._meta.app_label in {"projects", "indicators", "workflow", "reviews", "accounts"}
    ],
    ids=lambda m: m.__name__,
)
def test_admin_changelist_search_and_change_pages_open(admin_client, seed_plan, model):
    meta = model._meta
    base = f"/admin/{meta.app_label}/{meta.model_name}/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(base, {"q": "802010"}).status_code == 200
    assert admin_client.get(f"{base}add/").status_code in (200, 403)
    obj = model.objects.first()
    if obj is not None:  # some tables are empty in the seed (settings, opinions)
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


def test_only_the_admin_role_enters_the_admin(client, seed_plan):
    from tests.conftest import make_user

    staff_reviewer = make_user("staffrev", "reviewer", region_code="130225")
    staff_reviewer.is_staff = True
    staff_reviewer.save()
    client.force_login(staff_reviewer)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_locked_years_are_read_only_in_the_admin(admin_client, seed_plan, status):
    from projects.models import DepartmentPlan

    DepartmentPlan.objects.update(status=status)
    project = Project.objects.get(code="13022523P0066B010022C")
    page = admin_client.get(f"/admin/projects/project/{project.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # a view page, no save button
    response = admin_client.post(
        f"/admin/projects/project/{project.pk}/change/", {"name": "后台改名"}
    )
    assert response.status_code == 403
    assert (
        admin_client.post(
            f"/admin/projects/project/{project.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    indicator = project.indicators.first()
    assert (
        admin_client.post(f"/admin/indicators/indicator/{indicator.pk}/change/", {}).status_code
        == 403
    )
    project.refresh_from_db()
    assert project.name == "信访维稳经费"


def test_review_status_cannot_be_changed_in_the_admin(admin_client, seed_plan):
    from projects.models import DepartmentPlan

    page = admin_client.get(f"/admin/projects/departmentplan/{seed_plan.pk}/change/")
    form = page.context["adminform"].form
    assert "status" not in form.fields and "grade" not in form.fields
    assert DepartmentPlan.objects.get().status == "draft"


def test_users_are_listed_with_their_roles(admin_client, seed_plan):
    from tests.conftest import make_user

    make_user("clerkx", "clerk", departments=[seed_plan.department])
    html = admin_client.get("/admin/auth/user/").content.decode()
    assert "clerkx" in html and "填报员" in html
