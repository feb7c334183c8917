"""The department page's document is cached under a fingerprint of its data: never stale."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import FrameLevel2, Indicator
from projects.models import Department, DepartmentPlan, Project
from reports import selectors

REPORT = "/departments/802010/2023/"


@pytest.fixture
def view(reader_client, seed_plan):
    """GET the seed department's page as an auditor; the first call fills the cache."""

    def get() -> str:
        response = reader_client.get(REPORT)
        assert response.status_code == 200
        return response.content.decode()

    get()
    return get


def _document(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def _seed_indicator() -> Indicator:
    return Indicator.objects.filter(project__department__code="802010").order_by("id").first()


def _rename_project() -> str:
    project = Project.objects.filter(department__code="802010").order_by("id").first()
    project.name = "缓存测试改名项目"
    project.save()
    return "缓存测试改名项目"


def _change_indicator_value() -> str:
    indicator = _seed_indicator()  # saved directly, as the admin does: no service, no project
    indicator.value_raw = "≥987.65万人次"
    indicator.save()
    return "≥987.65万人次"


def _change_plan_text() -> str:
    plan = DepartmentPlan.objects.get(department__code="802010", fiscal_year=2023)
    plan.overall_goal = "缓存测试的总体绩效目标。"
    plan.save()
    return "缓存测试的总体绩效目标。"


def _rename_department() -> str:
    department = Department.objects.get(code="802010")
    department.name = "缓存测试镇人民政府"
    department.save()
    return "缓存测试镇人民政府"


def _rename_frame_level() -> str:
    level = FrameLevel2.objects.get(pk=_seed_indicator().level2_id)
    level.name = "缓存测试二级"
    level.save()
    return "缓存测试二级"


@pytest.mark.parametrize(
    "change",
    [_rename_project, _change_indicator_value, _change_plan_text, _rename_department,
     _rename_frame_level],
)  # fmt: skip
def test_every_kind_of_change_shows_on_the_next_view(view, change):
    new_text = change()
    assert new_text in view()


def test_deleted_rows_and_tables_disappear(view):
    indicator = _seed_indicator()
    indicator.name = "缓存测试将删除的指标"
    indicator.save()
    assert "缓存测试将删除的指标" in view()
    indicator.delete()
    assert "缓存测试将删除的指标" not in view()

    project = Project.objects.filter(department__code="802010").order_by("-id").first()
    assert project.name in view()
    project.delete()
    assert project.name not in view()


def test_an_unchanged_document_comes_from_the_cache(view, monkeypatch):
    first = view()

    def refuse(*args, **kwargs):
        raise AssertionError("the document was built again although nothing changed")

    monkeypatch.setattr(selectors, "_build_document", refuse)
    with CaptureQueriesContext(connection) as cached:
        second = view()
    assert _document(second) == _document(first)  # the rest holds a fresh CSRF token
    # session, user with profile, department with its plan, fingerprint, the nav's unread
    # notices (a draft that was never submitted has no review actions, so no timeline query)
    assert len(cached) == 5


def test_a_submitted_year_reads_its_timeline_too(view, seed_plan):
    from tests.projects.forms_helpers import demo_user
    from workflow.services import plan_submit

    plan_submit(plan=seed_plan, user=demo_user("clerk"))
    view()
    with CaptureQueriesContext(connection) as cached:
        html = view()
    # ... plus the timeline and its opinions
    assert len(cached) == 7 and 'class="timeline' in html and "送审" in html


def test_the_fingerprint_covers_the_rendering_code(seed_plan, monkeypatch):
    department = Department.objects.get(code="802010")
    version = selectors.document_version(department_id=department.pk, fiscal_year=2023)
    assert version == selectors.document_version(department_id=department.pk, fiscal_year=2023)
    assert version != selectors.document_version(department_id=department.pk, fiscal_year=2024)
    monkeypatch.setattr(selectors, "_RENDER_CODE", "another-release")
    assert version != selectors.document_version(department_id=department.pk, fiscal_year=2023)


def test_a_returned_year_with_opinions_is_drawn_fresh(seed_plan):
    department = Department.objects.get(code="802010")
    fresh = selectors.department_document(department=department, fiscal_year=2023, with_grids=True)
    cached = selectors.department_document(department=department, fiscal_year=2023)
    assert all(t.grid is not None and t.table is not None for t in fresh.tables)
    assert all(t.grid is None and t.table is None for t in cached.tables)
    assert [t.html for t in fresh.tables] == [t.html for t in cached.tables]
