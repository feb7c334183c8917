"""One frame reader, one review context: every channel says the same about a row (#15 item 3).

The case that disagreed: a 一级 of the year's frame with no 二级 (an administrator added it and
has not filled it yet). The import preview and the API found `structure.level2`, the editor
and the review pages `structure.level1` ("not in the frame", which is false). Decided: it is a
二级 finding — the 一级 is in the frame, no 二级 belongs to it — with a hint naming the 一级 a row
can use; the save refuses it with the same reason.
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from api.models import ApiToken
from imports.services import import_check
from indicators.models import FrameLevel1, Indicator
from indicators.selectors import frame_for, frame_index, frame_trees, year_frame_tree
from projects.exceptions import TargetDataError
from projects.models import Project
from projects.permissions import SYSTEM
from projects.selectors import department_targets, project_target_table
from projects.services import project_save_table
from reviews.checks import run_department
from reviews.selectors import department_review, document_context, review_context
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
EMPTY = "新增一级指标"
HINT = "该一级指标下还没有二级指标"
CODE = "13022523P00H60410032U"


@pytest.fixture
def empty_level1(seed_plan):
    """A 一级 without 二级 in the seed year's frame, and one stored row placed under it (a row
    saved before the frame was changed: the save would refuse it now)."""
    frame = frame_for(region_code=seed_plan.department.region_code, fiscal_year=2023)
    level1 = FrameLevel1.objects.create(frame=frame, name=EMPTY, order=99)
    row = Indicator.objects.get(project__code=CODE, order=1)
    Indicator.objects.filter(pk=row.pk).update(level1=level1)
    return level1


def _rules(findings, row=1) -> set[str]:
    return {
        f.rule
        for f in findings
        if f.rule.startswith("structure.") and f.location.row == row and f.location.project_index
    }


def test_the_tree_is_one_shape_whoever_reads_it(empty_level1):
    frame = empty_level1.frame
    index_tree = frame_index(frame).tree
    trees, default = frame_trees(fiscal_year=2023)
    assert index_tree == trees[frame.pk] == year_frame_tree(region_code="130225", fiscal_year=2023)
    assert index_tree[EMPTY] == ()  # every 一级, the empty one too, in the frame's order
    assert list(index_tree)[-1] == EMPTY
    assert (
        default
        == frame_for(region_code="no-such-region", fiscal_year=2023).pk
        == (frame_trees(fiscal_year=2023)[1])
    )


def test_review_page_cli_and_overview_find_a_level2_problem(client, seed_plan, empty_level1):
    review = department_review(department=seed_plan.department, fiscal_year=2023)
    position = next(i for i, t in enumerate(review.targets.tables, start=1) if t.code == CODE)
    finding = next(
        f
        for f in review.findings
        if f.rule.startswith("structure.") and f.location.project_index == position
    )
    assert (finding.rule, finding.location.row) == ("structure.level2", 1)
    assert HINT in finding.hint and EMPTY not in finding.hint.split("：", 1)[1]

    client.force_login(make_user("rev", "reviewer", region_code="130225"))
    page = client.get("/reviews/departments/802010/2023/").content.decode()
    assert 'data-rule="structure.level2"' in page and HINT in page
    assert 'data-rule="structure.level1"' not in page

    out = _cli()
    assert "structure.level2" in out and "structure.level1" not in out


def _cli() -> str:
    from io import StringIO

    buffer = StringIO()
    call_command("review_targets", "--department", "802010", "--year", "2023", stdout=buffer)
    return buffer.getvalue()


def test_editor_shows_the_same_finding_on_the_row(client, seed_plan, empty_level1):
    client.force_login(make_user("clerk", "clerk", departments=[seed_plan.department]))
    project = Project.objects.get(code=CODE)
    html = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert 'data-rule="structure.level2"' in html
    assert 'data-rule="structure.level1"' not in html
    assert HINT in html


def test_import_preview_and_save_say_the_same(seed_plan, empty_level1):
    targets = department_targets(department=seed_plan.department, fiscal_year=2023)
    findings = run_department(targets, document_context(targets, seed_plan.department))
    position = next(i for i, t in enumerate(targets.tables, start=1) if t.code == CODE)
    assert {
        f.rule
        for f in findings
        if f.rule.startswith("structure.") and f.location.project_index == position
    } == {"structure.level2"}
    # The check of an import (the preview) refuses the row with the frame's reason.
    check = import_check(departments=[targets], user=SYSTEM, policy="update")
    messages = [m for msgs in check.summary.errors.values() for m in msgs]
    assert any(EMPTY in m and HINT in m for m in messages), messages
    # And so does a save from the editor or the API.
    table = project_target_table(project_id=Project.objects.get(code=CODE).pk)
    with pytest.raises(TargetDataError) as refused:
        project_save_table(department=seed_plan.department, table=table, user=SYSTEM)
    assert HINT in str(refused.value)


def test_api_review_finds_the_same(client, seed_plan, empty_level1):
    _token, key = ApiToken.issue(user=make_user("aud", "auditor"))
    data = client.get(
        "/api/v1/departments/802010/2023/review/", HTTP_AUTHORIZATION=f"Token {key}"
    ).json()
    structure = [f for f in data["findings"] if f["rule"].startswith("structure.")]
    assert structure and {f["rule"] for f in structure} == {"structure.level2"}
    assert HINT in json.dumps(structure, ensure_ascii=False)


def test_a_level1_outside_the_frame_is_offered_only_usable_names(seed_plan, empty_level1):
    targets = department_targets(department=seed_plan.department, fiscal_year=2023)
    targets.tables[0].indicators[0].level1 = "不存在的一级"
    ctx = review_context(department=seed_plan.department, fiscal_year=2023)
    (finding,) = [f for f in run_department(targets, ctx) if f.rule == "structure.level1"]
    assert "产出指标" in finding.hint and EMPTY not in finding.hint
