"""The form a published file shows is what its year is reviewed by (#16): an Inner Mongolia
目标表 (年度绩效指标 90分, no 指标值确定依据 column, no spending plan, no department part) is not
told to fill in what its form does not have; the Hebei default still is."""

from __future__ import annotations

import pytest

from imports.readers.base import NOTE
from imports.readers.form_profile import TableForm, form_traits, weight_total_in
from imports.services import targets_import
from reviews.checks import run_department
from reviews.selectors import department_review, document_context
from tests.conftest import make_user
from tests.imports.files import export_docx, seed_like_docx
from tests.imports.test_published_tables import read

pytestmark = pytest.mark.django_db

# What the Hebei checks say of the Inner Mongolia form, every one of them wrong there.
NOT_IN_THE_FORM = {"completeness.department_goal", "money.plan_missing", "weights.total"}
IM_TRAITS = {
    "basis_column": "absent",
    "weight_total": "90",
    "spending_plan_in_form": False,
    "department_goals_in_form": False,
}


def _wrong_for_the_form(findings) -> set[str]:
    basis = {f.rule for f in findings if f.location.field == "basis"}
    return basis | ({f.rule for f in findings} & NOT_IN_THE_FORM)


@pytest.mark.parametrize("name", ["inner_mongolia_2021.docx", "inner_mongolia_2021.xlsx"])
def test_the_file_says_which_form_it_is(name):
    result = read(name)
    (department,) = result.departments
    assert department.form == IM_TRAITS
    notes = [p.message for p in result.problems if p.level == NOTE]
    assert any("没有“指标值确定依据”一栏、指标权重满分90分" in m for m in notes)


def test_preview_of_a_90_point_form_without_basis_runs_the_checks_that_fit():
    (targets,) = read("inner_mongolia_2021.docx").departments
    findings = run_department(targets, document_context(targets, None))
    assert _wrong_for_the_form(findings) == set()
    assert {f.rule for f in findings} & {"cost.reverse_equals", "cost.zero", "cost.whole_budget"}
    targets.form = {}  # judged as the Hebei form (the built-in default) instead
    hebei = run_department(targets, document_context(targets, None))
    assert _wrong_for_the_form(hebei) == {"completeness.row_parts"} | NOT_IN_THE_FORM
    assert any("权重合计90，应为100" in f.problem for f in hebei)
    assert sum(1 for f in hebei if f.location.field == "basis") == 13  # every row


def test_the_imported_year_keeps_its_form_for_later_reviews():
    from reviews.models import PlanForm

    admin = make_user("admin", "admin", region_code="150303")
    (targets,) = read("inner_mongolia_2021.docx").departments
    targets_import(departments=[targets], user=admin)
    form = PlanForm.objects.get(plan__department__code="433001", plan__fiscal_year=2021)
    assert form.traits() == {**IM_TRAITS, "weight_total": "90.00"}
    assert form.source == "导入的文件"  # no file name through the service alone
    review = department_review(department=form.plan.department, fiscal_year=2021)
    assert review.findings and _wrong_for_the_form(review.findings) == set()
    assert review.config.weight_total == 90 and review.config.basis_column == "absent"


def test_a_hebei_file_keeps_the_hebei_form_and_our_exports_change_nothing(seed_plan):
    from reviews.models import PlanForm
    from tests.conftest import seed_targets

    admin = make_user("admin", "admin", region_code="130225")
    targets = seed_targets()
    targets.tables[0].indicators[0].basis = ""
    (from_export,) = read_export(export_docx(targets))
    assert from_export.form == {}  # our layout is printed whatever the unit's form
    targets_import(departments=[from_export], user=admin)
    assert not PlanForm.objects.exists()
    review = department_review(department=seed_plan.department, fiscal_year=2023)
    assert "completeness.row_parts" in {f.rule for f in review.findings}
    (from_form,) = read_export(seed_like_docx())
    targets_import(departments=[from_form], user=admin)
    assert PlanForm.objects.get().traits() == {
        "basis_column": "required",
        "spending_plan_in_form": True,
        "department_goals_in_form": True,
    }


def read_export(data: bytes):
    from imports.readers.base import Options
    from imports.reading import read_upload

    return read_upload(data, Options(fiscal_year=2023)).departments


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("绩效指标(权重分值90分,其中产出指标权重分值50分)", "90"),
        ("年度绩效目标（90分）", "90"),
        ("年度 绩效指标 (满分 100 分)", "100"),
        ("产出指标(50分)", ""),
        ("绩效目标", ""),
    ],
)
def test_stated_totals(text, total):
    assert weight_total_in([text]) == total


def test_traits_are_what_the_tables_agree_on():
    assert form_traits([TableForm(basis=True), TableForm(basis=False)], narrative=False) == {
        "spending_plan_in_form": False,
        "department_goals_in_form": False,
    }
    mixed = [TableForm(basis=True, plan=True, weight_total="90"), TableForm(basis=True)]
    assert form_traits(mixed, narrative=False) == {
        "basis_column": "required",
        "weight_total": "90",
        "spending_plan_in_form": True,
    }
    assert form_traits([], narrative=True) == {"department_goals_in_form": True}


def test_a_staged_upload_keeps_the_form_until_it_is_confirmed():
    from imports.readers.base import Options
    from imports.services import import_confirm, import_stage
    from reviews.models import PlanForm
    from tests.imports.test_published_tables import DATA

    admin = make_user("admin", "admin", region_code="150303")
    data = (DATA / "inner_mongolia_2021.xlsx").read_bytes()
    batch = import_stage(user=admin, file_name="目标表.xlsx", data=data, options=Options())
    assert batch.data[0]["form"] == IM_TRAITS and not PlanForm.objects.exists()
    import_confirm(batch=batch, user=admin, policy="update")
    form = PlanForm.objects.get()
    assert form.traits()["basis_column"] == "absent" and form.source == "目标表.xlsx"
