"""Models guard their own invariants (validation messages in Chinese, saying how to fix)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import FrameLevel1, FrameLevel2, Indicator, IndicatorFrame
from projects.models import Department, DepartmentPlan, Project


@pytest.fixture
def department(db):
    return Department.objects.create(
        code="802010", name="乐亭县大相各庄镇人民政府", region_code="130225"
    )


@pytest.fixture
def classic(db):
    return IndicatorFrame.objects.get(code="classic")


def _project(department, classic, **fields):
    values = {
        "department": department,
        "fiscal_year": 2023,
        "code": "13022523P0066B010022C",
        "name": "信访维稳经费",
        "frame": classic,
        "budget_total": Decimal("40"),
        "fiscal_funds": Decimal("40"),
    }
    values.update(fields)
    return Project(**values)


def test_valid_project_passes_validation(department, classic):
    _project(department, classic).full_clean()


def test_budget_must_equal_fiscal_plus_other_funds(department, classic):
    project = _project(department, classic, budget_total=Decimal("50"), other_funds=Decimal("9.99"))
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    message = error.value.message_dict["budget_total"][0]
    assert "预算数（50.00）应等于财政资金与其他资金之和（49.99）" in message


def test_fund_sum_is_exact_to_the_fen_in_wan(department, classic):
    project = _project(
        department,
        classic,
        budget_total=Decimal("330.984"),
        fiscal_funds=Decimal("300.000001"),
        other_funds=Decimal("30.983999"),
    )
    project.full_clean()
    project.save()
    project.refresh_from_db()
    assert project.budget_total == Decimal("330.984")
    assert project.fiscal_funds == Decimal("300.000001")


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("13022523P0066B010022", "应为21位，现在是20位"),
        ("13022523P0066B010022CX", "应为21位"),
        ("13022523P0066-010022C", "只能包含数字和大写字母"),
    ],
)
def test_project_code_length_and_characters_are_checked(department, classic, code, fragment):
    with pytest.raises(ValidationError) as error:
        _project(department, classic, code=code).full_clean()
    assert fragment in " ".join(error.value.message_dict["code"])


def test_lowercase_code_is_normalised_to_uppercase(department, classic):
    project = _project(department, classic, code="13022523p0066b010022c")
    project.full_clean()
    assert project.code == "13022523P0066B010022C"


def test_empty_code_is_storable_and_may_repeat(department, classic):
    _project(department, classic, code="", name="甲").save()
    other = _project(department, classic, code="", name="乙")
    other.full_clean()
    other.save()
    assert Project.objects.filter(code="").count() == 2


def test_code_is_unique_within_the_year(department, classic):
    _project(department, classic).save()
    duplicate = _project(department, classic, name="另一个项目")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "本年度已有相同项目编码的项目" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_same_code_in_another_year_is_allowed(department, classic):
    _project(department, classic).save()
    _project(department, classic, fiscal_year=2024).full_clean()


def test_negative_amounts_are_rejected(department, classic):
    with pytest.raises(ValidationError) as error:
        _project(
            department, classic, budget_total=Decimal("-1"), fiscal_funds=Decimal("-1")
        ).full_clean()
    assert "budget_total" in error.value.message_dict


def test_code_prefix_mismatch_is_only_a_warning(department, classic):
    carried = _project(department, classic, code="13022522P00476X100150")
    carried.full_clean()  # a 2022 code in 2023 is valid data
    assert "年度位“22”与预算年度2023不同" in carried.code_prefix_warning()
    assert _project(department, classic).code_prefix_warning() == ""
    foreign = _project(department, classic, code="51112423R000000000001")
    assert "区划码511124与单位区划130225不同" in foreign.code_prefix_warning()


def _indicator(project, level1, level2):
    indicator = Indicator(project=project, level1=level1, level2=level2, name="保障行政村数")
    indicator.set_value("26")
    return indicator


def test_level2_must_belong_to_its_level1(department, classic):
    project = _project(department, classic)
    project.save()
    output = FrameLevel1.objects.get(frame=classic, name="产出指标")
    social = FrameLevel2.objects.get(level1__frame=classic, name="社会效益指标")
    with pytest.raises(ValidationError) as error:
        _indicator(project, output, social).full_clean()
    assert "二级指标“社会效益指标”不属于一级指标“产出指标”" in error.value.message_dict["level2"][0]
    _indicator(
        project, output, FrameLevel2.objects.get(level1=output, name="数量指标")
    ).full_clean()


def test_levels_must_come_from_the_projects_frame(department, classic):
    project = _project(department, classic)
    project.save()
    other = IndicatorFrame.objects.get(code="caiyu-2021-101")
    cost = FrameLevel1.objects.get(frame=other, name="成本指标")
    with pytest.raises(ValidationError) as error:
        _indicator(project, cost, cost.level2s.first()).full_clean()
    assert "不属于本项目所用的指标体系" in error.value.message_dict["level1"][0]


def test_both_official_frames_are_seeded(db):
    classic = IndicatorFrame.objects.get(code="classic")
    new = IndicatorFrame.objects.get(code="caiyu-2021-101")
    assert classic.is_default and not new.is_default
    assert list(classic.level1s.values_list("name", flat=True)) == [
        "产出指标",
        "效益指标",
        "满意度指标",
    ]
    assert list(new.level1s.values_list("name", flat=True)) == [
        "产出指标",
        "成本指标",
        "效益指标",
        "满意度指标",
    ]
    assert "成本指标" in FrameLevel2.objects.filter(
        level1__frame=classic, level1__name="产出指标"
    ).values_list("name", flat=True)


def test_set_value_keeps_text_and_parts_together(department, classic):
    project = _project(department, classic)
    project.save()
    output = FrameLevel1.objects.get(frame=classic, name="产出指标")
    indicator = _indicator(project, output, output.level2s.first())
    indicator.set_value("≥95百分比")
    assert (
        indicator.value_raw,
        indicator.comparator,
        indicator.value_number,
        indicator.value_unit,
    ) == (
        "≥95百分比",
        "ge",
        Decimal(95),
        "百分比",
    )


def test_plan_items_must_be_non_empty_text(department):
    plan = DepartmentPlan(department=department, fiscal_year=2023, sub_goals=["好", "  "])
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "条目不能为空" in str(error.value)
    plan.sub_goals = "不是列表"
    with pytest.raises(ValidationError):
        plan.full_clean()


def test_readable_str(department, classic):
    project = _project(department, classic)
    assert str(department) == "802010 乐亭县大相各庄镇人民政府"
    assert str(project) == "13022523P0066B010022C 信访维稳经费"
    assert str(_project(department, classic, code="")) == "（无编码） 信访维稳经费"
