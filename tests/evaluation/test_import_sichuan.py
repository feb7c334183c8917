"""A 自评表 given to `import_targets` or the upload page is stored as the self-evaluation
(#18): the Sichuan 一体化 export's own columns, differences from approved targets named by
place, a past year's targets created from the 自评表, and the refusals."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Role
from evaluation import importing, scoring, selectors
from evaluation.models import EvaluatedProject, SelfEvaluation
from indicators.models import Indicator
from projects.models import Department, DepartmentPlan, Project
from tests.conftest import make_user
from tests.evaluation.sichuan import PATH

D = Decimal
pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("import_targets", str(PATH), *args, stdout=out)
    return out.getvalue()


def test_the_sichuan_columns_are_read():
    tables = importing.read_xlsx(str(PATH))
    first, _second = tables
    assert (first.code, first.name) == ("13022523P0066B010022C", "信访维稳经费")
    assert (first.budget, first.annual_budget, first.executed) == (D("40"), D("38.5"), D("36.125"))
    assert first.goals == "保障全县信访维稳工作" and first.actual_summary == "化解信访事件12件"
    assert [(r.level1, r.level2, r.target, r.actual, r.weight) for r in first.rows] == [
        ("产出指标", "数量指标", "=26个", "26个", D(35)),
        ("产出指标", "质量指标", "≤40万元", "36.125万元", D(25)),
        ("效益指标", "社会效益指标", "及时化解", "达成预期指标", D(30)),
        ("满意度指标", "服务对象满意度指标", "≥95%", "93%", D(10)),
    ]
    assert first.rows[3].deviation.startswith("部分群众对回访时间不满意")  # 未完成原因
    assert first.rows[3].place == "工作表“自评表1”第14行"
    assert importing.scheme_of(tables) == scoring.INDICATORS_ONLY.code  # 60 + 30 + 10


def test_import_targets_stores_it_and_names_every_difference(approved):
    text = _run("--department", "802010", "--year", "2023")
    evaluation = SelfEvaluation.objects.get()
    assert "工作表“自评表1”第11行：“保障行政村数”的年度指标值为“=26个”，与审核通过的“26”不同" in (
        text
    )
    assert "工作表“自评表1”第11行：“保障行政村数”的分值（权重）为35，与审核通过的30.00不同" in text
    assert "工作表“自评表2”：项目“农村公路养护经费”不在本年度审核通过的项目中" in text
    assert "已导入绩效自评：1个项目、4条指标。" in text
    entry = EvaluatedProject.objects.get(evaluation=evaluation, project__name="信访维稳经费")
    assert (entry.annual_budget, entry.executed) == (D("38.5"), D("36.125"))
    row = entry.rows.get(indicator__name="人员满意度")
    assert row.actual_raw == "93%" and row.deviation.startswith("部分群众")
    # the existing targets are untouched: nothing was created
    assert Project.objects.filter(fiscal_year=2023).count() == 11
    # the file's 60 + 30 + 10 chose the scheme the new self-evaluation is scored with
    assert evaluation.scheme == scoring.INDICATORS_ONLY.code


@pytest.fixture
def new_unit(seed_plan):
    return Department.objects.create(
        code="802099", name="乐亭县测试局", region_code=seed_plan.department.region_code
    )


def test_a_past_year_without_targets_gets_them_from_the_file_recorded_approved(new_unit):
    text = _run("--department", "802099", "--year", "2022")
    assert "已按自评表建立2个项目的目标，登记为已审核" in text
    assert "已导入绩效自评：2个项目、8条指标。" in text
    plan = DepartmentPlan.objects.get(department=new_unit, fiscal_year=2022)
    assert plan.status == DepartmentPlan.Status.APPROVED
    assert plan.history.first().history_change_reason.startswith("历史年度")
    project = Project.objects.get(department=new_unit, name="农村公路养护经费")
    assert project.code == "13022523P0071A010033D" and project.budget_total == D("120")
    indicator = Indicator.objects.get(project=project, name="养护里程")
    assert (indicator.value_raw, indicator.weight) == ("≥200公里", D(40))
    evaluation = SelfEvaluation.objects.get(department=new_unit)
    assert evaluation.scheme == scoring.INDICATORS_ONLY.code
    sheet = selectors.evaluation_sheet(evaluation)
    road = next(p for p in sheet.projects if p.name == "农村公路养护经费")
    assert [r.points for r in road.rows] == [D(40), D(20), D(30), D(10)]
    assert road.rows[0].final_score == D(36)  # 180 of ≥200 km: 40 × 0.9


def test_dry_run_writes_nothing(new_unit):
    text = _run("--department", "802099", "--year", "2022", "--dry-run")
    assert "（试运行，未写入）已导入绩效自评：2个项目" in text
    assert not Project.objects.filter(department=new_unit).exists()
    assert not SelfEvaluation.objects.exists()


def test_refusals_say_what_to_do(seed_plan):
    with pytest.raises(CommandError, match="请同时填写单位编码和预算年度"):
        _run("--year", "2023")
    with pytest.raises(CommandError, match="没有编码为 999999 的单位"):
        _run("--department", "999999", "--year", "2023")
    # targets exist but are a draft: no self-evaluation before approval
    with pytest.raises(CommandError, match="尚未审核通过"):
        _run("--department", "802010", "--year", "2023")
    assert not SelfEvaluation.objects.exists()


def _upload(client, **extra):
    file = SimpleUploadedFile("自评表.xlsx", PATH.read_bytes())
    return client.post(reverse("imports:upload"), {"file": file, **extra})


def test_the_upload_page_hands_it_to_the_self_evaluation(client, unit, unit_clerk):
    client.force_login(unit_clerk)
    response = _upload(client, department_code="802010", fiscal_year=2023)
    assert response["Location"] == reverse(
        "evaluation:selfeval", kwargs={"code": "802010", "year": 2023}
    )
    page = client.get(response["Location"]).content.decode()
    assert "与审核通过的“26”不同" in page and "已导入绩效自评：1个项目、4条指标。" in page
    assert SelfEvaluation.objects.get().projects.count() == 11


def test_a_clerk_cannot_create_a_past_year_by_upload(client, new_unit):
    clerk = make_user("new-unit-clerk", Role.CLERK, [new_unit])
    client.force_login(clerk)
    response = _upload(client, department_code="802099", fiscal_year=2022)
    assert response.status_code == 200
    assert "2022年还没有绩效目标" in response.content.decode()
    assert not Project.objects.filter(department=new_unit).exists()
    admin = make_user("county-admin", Role.ADMIN)
    client.force_login(admin)
    response = _upload(client, department_code="802099", fiscal_year=2022)
    assert response.status_code == 302
    plan = DepartmentPlan.objects.get(department=new_unit, fiscal_year=2022)
    assert plan.status == DepartmentPlan.Status.APPROVED
    assert plan.actions.get().actor == admin  # the administrator is on the audit trail


def test_the_anhui_word_form_goes_the_same_way(tmp_path, evaluation):
    from tests.evaluation.test_importing import _anhui_docx

    path = tmp_path / "anhui.docx"
    _anhui_docx(
        path, [("产出指标", "数量指标", "保障行政村数", "26", "24", "25", "23", "两村未通")]
    )
    out = io.StringIO()
    call_command(
        "import_targets", str(path), "--department", "802010", "--year", "2023", stdout=out
    )
    assert "已导入绩效自评：1个项目、1条指标。" in out.getvalue()
    row = EvaluatedProject.objects.get(project__name="信访维稳经费").rows.get(
        indicator__name="保障行政村数"
    )
    assert (row.actual_raw, row.score, row.deviation) == ("24", D("23"), "两村未通")
    assert not Project.objects.exclude(fiscal_year=2023).exists()  # read as no target table


def test_the_upload_without_unit_or_year_says_what_to_fill(client, unit, unit_clerk):
    client.force_login(unit_clerk)
    response = _upload(client)
    assert response.status_code == 200
    assert "这是一份绩效自评表：请同时填写单位编码和预算年度" in response.content.decode()
