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
        if m._meta.app_label
        in {"projects", "indicators", "workflow", "reviews", "accounts", "imports"}
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


def test_targets_are_not_edited_in_the_admin_even_in_an_open_year(admin_client, seed_plan):
    """The admin's forms would bypass the services (permissions, versions, history): read-only
    there (#15). The same post that used to save a project and its rows is refused."""
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
    assert 'name="_save"' not in page.content.decode()  # a view page
    response = admin_client.post(url, data)
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.value_raw == "≥95"
    assert Project.objects.get(pk=project.pk).version == project.version


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


# Writes that would land in a locked (submitted/approved) department-year.

READ_ONLY = "后台只能查看"


def _lock_seed_year(status: str = "approved") -> None:
    from projects.models import DepartmentPlan

    DepartmentPlan.objects.filter(fiscal_year=2023).update(status=status)


def _open_project(year: int = 2024) -> Project:
    """A project of the seed unit in a year without a plan (so an editable draft year)."""
    seed = Project.objects.get(code="13022523P0066B010022C")
    project = Project.objects.create(
        department=seed.department,
        fiscal_year=year,
        frame=seed.frame,
        name="下一年度的项目",
        budget_total=10,
        fiscal_funds=10,
    )
    first = seed.indicators.order_by("order").first()
    Indicator.objects.create(
        project=project, order=1, level1=first.level1, level2=first.level2, name="新指标"
    )
    return project


def _project_data(project: Project, **changes) -> dict:
    data = {
        "department": project.department_id,
        "fiscal_year": project.fiscal_year,
        "code": "",
        "name": project.name,
        "frame": project.frame_id,
        "budget_total": "10",
        "fiscal_funds": "10",
        "other_funds": "",
        "purpose": "",
        "spending_plan_kind": "amount",
        "goals": "[]",
        "display_order": 1,
        "indicators-TOTAL_FORMS": 0,
        "indicators-INITIAL_FORMS": 0,
        "indicators-MIN_NUM_FORMS": 0,
        "indicators-MAX_NUM_FORMS": 1000,
    }
    data.update(changes)
    return data


def _indicator_data(project: Project, template: Indicator, **changes) -> dict:
    data = {
        "project": project.pk,
        "order": 9,
        "level1": template.level1_id,
        "level2": template.level2_id,
        "name": "后台新增的指标",
        "description": "",
        "value_raw": "≥1次",
        "basis": "",
        "weight": "",
        "direction": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("status", ["draft", "submitted", "approved"])
def test_admin_cannot_add_an_indicator_in_any_year(admin_client, seed_plan, status):
    _lock_seed_year(status)
    project = Project.objects.get(code="13022523P0066B010022C")
    before = project.indicators.count()
    data = _indicator_data(project, project.indicators.first())
    response = admin_client.post("/admin/indicators/indicator/add/", data)
    assert response.status_code == 403
    assert project.indicators.count() == before


def test_admin_cannot_move_an_indicator_into_another_project(admin_client, seed_plan):
    project = _open_project()
    indicator = project.indicators.get()
    other = Project.objects.get(code="13022523P0066B010022C")
    data = _indicator_data(other, indicator, name=indicator.name)
    response = admin_client.post(f"/admin/indicators/indicator/{indicator.pk}/change/", data)
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.project_id == project.pk


def test_admin_cannot_add_a_project_with_rows(admin_client, seed_plan):
    seed = Project.objects.get(code="13022523P0066B010022C")
    template = seed.indicators.first()
    data = _project_data(seed, fiscal_year=2024, name="后台新增项目")
    data.update({"indicators-TOTAL_FORMS": 1})
    data.update(
        {
            f"indicators-0-{k}": v
            for k, v in _indicator_data(seed, template).items()
            if k != "project"
        }
    )
    response = admin_client.post("/admin/projects/project/add/", data)
    assert response.status_code == 403
    assert not Project.objects.filter(name="后台新增项目").exists()
    assert not Indicator.objects.filter(name="后台新增的指标").exists()


@pytest.mark.parametrize("field", ["fiscal_year", "department", "name"])
def test_admin_cannot_change_or_move_a_project(admin_client, seed_plan, field):
    from projects.models import Department

    _lock_seed_year()
    project = _open_project(2024)
    other = Department.objects.create(code="900009", name="另一单位", region_code="130225")
    change = {"fiscal_year": {"fiscal_year": 2023}, "department": {"department": other.pk}}
    response = admin_client.post(
        f"/admin/projects/project/{project.pk}/change/",
        _project_data(project, **change.get(field, {"name": "改名"})),
    )
    assert response.status_code == 403
    kept = Project.objects.get(pk=project.pk)
    assert (kept.department_id, kept.fiscal_year, kept.name) == (
        project.department_id,
        project.fiscal_year,
        project.name,
    )


def test_a_plans_narrative_is_not_edited_in_the_admin(admin_client, seed_plan):
    url = f"/admin/projects/departmentplan/{seed_plan.pk}/change/"
    response = admin_client.post(
        url, {"department": seed_plan.department_id, "fiscal_year": 2023, "overall_goal": "后台"}
    )
    assert response.status_code == 403
    seed_plan.refresh_from_db()
    assert seed_plan.overall_goal != "后台"


def test_history_revert_cannot_overwrite_a_locked_year(admin_client, seed_plan):
    project = _open_project(2024)
    first_version = project.history.earliest().history_id
    project.fiscal_year = 2023  # moved into the seed year while it was a draft …
    project.save()
    _lock_seed_year()  # … which was then approved
    response = admin_client.post(
        f"/admin/projects/project/{project.pk}/history/{first_version}/",
        _project_data(project, fiscal_year=2024),
    )
    assert response.status_code == 403 and READ_ONLY in response.content.decode()
    assert Project.objects.get(pk=project.pk).fiscal_year == 2023


def test_history_revert_cannot_overwrite_an_open_year_either(admin_client, seed_plan):
    project = _open_project(2024)
    first_name = project.name
    Project.objects.filter(pk=project.pk).update(name="后来的名称")
    project.refresh_from_db()
    project.save()  # a history row with the later name
    first_version = project.history.order_by("history_id").first().history_id
    response = admin_client.post(
        f"/admin/projects/project/{project.pk}/history/{first_version}/",
        _project_data(project, name=first_name),
    )
    assert response.status_code == 403 and READ_ONLY in response.content.decode()
    assert Project.objects.get(pk=project.pk).name == "后来的名称"


def test_bulk_delete_action_is_not_offered_for_targets(admin_client, seed_plan):
    project = Project.objects.get(code="13022523P0066B010022C")
    ids = list(project.indicators.values_list("pk", flat=True)[:2])
    assert (
        "delete_selected" not in admin_client.get("/admin/indicators/indicator/").content.decode()
    )
    admin_client.post(
        "/admin/indicators/indicator/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert Indicator.objects.filter(pk__in=ids).count() == 2


# Audit records: the review trail and staged imports are shown, never written, in the admin.


@pytest.fixture
def audit_records(seed_plan, admin_client):
    from imports.models import ImportBatch
    from tests.conftest import make_user
    from workflow.services import Opinion, plan_return, plan_submit

    clerk = make_user("clerk-a", "clerk", departments=[seed_plan.department])
    reviewer = make_user("reviewer-a", "reviewer", region_code="130225")
    project = Project.objects.get(code="13022523P0066B010022C")
    plan_submit(plan=seed_plan, user=clerk)
    returned = plan_return(
        plan=seed_plan,
        user=reviewer,
        comment="请量化指标",
        opinions=[Opinion(code=2, text="请写明次数", project_id=project.pk, indicator_order=1)],
    )
    batch = ImportBatch.objects.create(
        created_by=clerk,
        file_name="大相各庄镇2023.xlsx",
        content=b"PK\x03\x04 secret bytes",
        size=22,
        sha256="0" * 64,
        kind="xlsx",
        department_code="802010",
        fiscal_year=2023,
        problems=[{"place": "第2行", "message": "缺少项目名称"}],
    )
    return {"action": returned, "opinion": returned.opinions.get(), "batch": batch}


AUDIT_PAGES = [
    # key, list URL, a search that finds the record, a filter that matches it, one that doesn't
    (
        "action",
        "/admin/workflow/reviewaction/",
        "请量化",
        "kind__exact=return",
        "kind__exact=approve",
    ),
    ("opinion", "/admin/workflow/reviewopinion/", "请写明次数", "code__exact=2", "code__exact=10"),
    ("batch", "/admin/imports/importbatch/", "大相各庄镇", "kind__exact=xlsx", "kind__exact=docx"),
]


def _found(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


@pytest.mark.parametrize(("key", "base", "query", "match", "other"), AUDIT_PAGES)
def test_audit_records_are_listed_searched_and_filtered(
    admin_client, audit_records, key, base, query, match, other
):
    assert _found(admin_client, f"{base}?q={query}") == 1
    assert _found(admin_client, f"{base}?q=没有这样的记录") == 0
    assert _found(admin_client, f"{base}?{match}") == 1
    assert _found(admin_client, f"{base}?{other}") == 0
    listing = admin_client.get(base)
    assert listing.context["cl"].has_filters
    assert "802010" in listing.content.decode()  # the unit is readable in every list


@pytest.mark.parametrize(("key", "base", "query", "match", "other"), AUDIT_PAGES)
def test_audit_records_are_view_only(admin_client, audit_records, key, base, query, match, other):
    from workflow.models import ReviewAction, ReviewOpinion

    obj = audit_records[key]
    page = admin_client.get(f"{base}{obj.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html and "secret bytes" not in html
    assert admin_client.get(f"{base}add/").status_code == 403
    assert admin_client.post(f"{base}{obj.pk}/change/", {"comment": "改"}).status_code == 403
    assert admin_client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    admin_client.post(base, bulk)
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert (ReviewAction.objects.count(), ReviewOpinion.objects.count()) == (2, 1)
