"""The exact findings on the 11 seed tables of 802010 (2023), reviewed by hand.

Reviewed against fixtures/source/000_0404a47cf35d884c.txt. Correct rows that must stay silent:
`≥95` and `≥95百分比` for 满意度, `及时化解` (a plain qualitative benefit), the goals of table 2,
table 2's plan with only 6月底 filled (blank afterwards = unchanged), every fund sum and plan, the
code `13022522…` of the 2022 project carried into 2023, and the fund indicators that equal the
budget (`40万元`, `25`, `8.5`, `3`). Flagged on purpose: template goals `目标内容1` (9 tables),
`文字描述` (table 3), descriptions and bases repeating the 三级 name, values repeating it,
bare counts without a unit, `15保障人数`, and 资金数 typed as an 产出 indicator.
"""

from __future__ import annotations

from collections import Counter

import pytest

from projects.models import Department
from reviews.selectors import department_review

# (project index, indicator row, field, list item, rule)
EXPECTED = [
    # 1. 信访维稳经费
    (1, None, "goals", 1, "completeness.goals"),
    (1, 1, "basis", None, "duplication.basis"),
    (1, 1, "description", None, "duplication.description"),
    (1, 1, "value", None, "quantification.unit_missing"),
    (1, 2, "basis", None, "duplication.basis"),
    (1, 2, "description", None, "duplication.description"),
    (1, 2, "level2", None, "money.fund_as_output"),
    (1, 3, "basis", None, "duplication.basis"),
    (1, 3, "description", None, "duplication.description"),
    (1, 4, "basis", None, "duplication.basis"),
    (1, 4, "description", None, "duplication.description"),
    # 2. 2022农村综合改革资金
    (2, 1, "basis", None, "duplication.basis"),
    (2, 1, "description", None, "duplication.description"),
    (2, 1, "level2", None, "money.fund_as_output"),
    (2, 2, "basis", None, "duplication.basis"),
    (2, 2, "description", None, "duplication.description"),
    (2, 2, "value", None, "duplication.value"),
    (2, 3, "basis", None, "duplication.basis"),
    (2, 3, "description", None, "duplication.description"),
    (2, 3, "value", None, "satisfaction.quantified"),
    # 3. 村“两委”正职养老保险补贴
    (3, None, "goals", 1, "completeness.goals"),
    (3, 1, "basis", None, "duplication.basis"),
    (3, 1, "description", None, "duplication.description"),
    (3, 1, "value", None, "quantification.unit_fused"),
    (3, 2, "basis", None, "duplication.basis"),
    (3, 2, "description", None, "duplication.description"),
    (3, 2, "value", None, "duplication.value"),
    (3, 3, "basis", None, "completeness.placeholder"),
    (3, 3, "description", None, "duplication.description"),
    (3, 3, "value", None, "completeness.placeholder"),
    # 4. 村级党组织活动经费
    (4, None, "goals", 1, "completeness.goals"),
    (4, 1, "basis", None, "duplication.basis"),
    (4, 1, "description", None, "duplication.description"),
    (4, 1, "value", None, "quantification.unit_missing"),
    (4, 2, "basis", None, "duplication.basis"),
    (4, 2, "description", None, "duplication.description"),
    (4, 2, "value", None, "duplication.value"),
    (4, 3, "basis", None, "duplication.basis"),
    (4, 3, "description", None, "duplication.description"),
    (4, 3, "value", None, "duplication.value"),
    (4, 4, "basis", None, "duplication.basis"),
    (4, 4, "description", None, "duplication.description"),
    (4, 4, "value", None, "satisfaction.quantified"),
    # 5. 村级经费
    (5, None, "goals", 1, "completeness.goals"),
    (5, 1, "basis", None, "duplication.basis"),
    (5, 1, "description", None, "duplication.description"),
    (5, 1, "value", None, "quantification.unit_missing"),
    (5, 2, "basis", None, "duplication.basis"),
    (5, 2, "description", None, "duplication.description"),
    (5, 2, "value", None, "duplication.value"),
    (5, 3, "basis", None, "duplication.basis"),
    (5, 3, "description", None, "duplication.description"),
    (5, 3, "value", None, "duplication.value"),
    (5, 4, "basis", None, "duplication.basis"),
    (5, 4, "description", None, "duplication.description"),
    (5, 4, "value", None, "satisfaction.quantified"),
    # 6. 服务群众专项经费
    (6, None, "goals", 1, "completeness.goals"),
    (6, 1, "basis", None, "duplication.basis"),
    (6, 1, "description", None, "duplication.description"),
    (6, 1, "value", None, "quantification.unit_missing"),
    (6, 2, "basis", None, "duplication.basis"),
    (6, 2, "description", None, "duplication.description"),
    (6, 2, "value", None, "duplication.value"),
    (6, 3, "basis", None, "duplication.basis"),
    (6, 3, "description", None, "duplication.description"),
    (6, 3, "value", None, "duplication.value"),
    (6, 4, "basis", None, "duplication.basis"),
    (6, 4, "description", None, "duplication.description"),
    (6, 4, "value", None, "satisfaction.quantified"),
    # 7. 妇女之家资金
    (7, None, "goals", 1, "completeness.goals"),
    (7, 1, "basis", None, "duplication.basis"),
    (7, 1, "description", None, "duplication.description"),
    (7, 1, "level2", None, "money.fund_as_output"),
    (7, 2, "basis", None, "duplication.basis"),
    (7, 2, "description", None, "duplication.description"),
    (7, 2, "value", None, "duplication.value"),
    (7, 3, "basis", None, "duplication.basis"),
    (7, 3, "description", None, "duplication.description"),
    (7, 3, "value", None, "satisfaction.quantified"),
    # 8. 建档立卡公益性岗位补贴
    (8, None, "goals", 1, "completeness.goals"),
    (8, 1, "basis", None, "duplication.basis"),
    (8, 1, "description", None, "duplication.description"),
    (8, 1, "value", None, "quantification.unit_missing"),
    (8, 2, "basis", None, "duplication.basis"),
    (8, 2, "description", None, "duplication.description"),
    (8, 2, "value", None, "duplication.value"),
    (8, 3, "basis", None, "duplication.basis"),
    (8, 3, "description", None, "duplication.description"),
    (8, 3, "value", None, "duplication.value"),
    (8, 4, "basis", None, "duplication.basis"),
    (8, 4, "description", None, "duplication.description"),
    (8, 4, "value", None, "satisfaction.quantified"),
    # 9. 农村定期定量补助
    (9, None, "goals", 1, "completeness.goals"),
    (9, 1, "basis", None, "duplication.basis"),
    (9, 1, "description", None, "duplication.description"),
    (9, 1, "value", None, "quantification.unit_missing"),
    (9, 2, "basis", None, "duplication.basis"),
    (9, 2, "description", None, "duplication.description"),
    (9, 2, "value", None, "duplication.value"),
    (9, 3, "basis", None, "duplication.basis"),
    (9, 3, "description", None, "duplication.description"),
    (9, 3, "value", None, "satisfaction.quantified"),
    # 10. 武装工作经费
    (10, 1, "basis", None, "duplication.basis"),
    (10, 1, "description", None, "duplication.description"),
    (10, 1, "level2", None, "money.fund_as_output"),
    (10, 2, "basis", None, "duplication.basis"),
    (10, 2, "description", None, "duplication.description"),
    (10, 2, "value", None, "duplication.value"),
    (10, 3, "basis", None, "duplication.basis"),
    (10, 3, "description", None, "duplication.description"),
    (10, 3, "value", None, "duplication.value"),
    (10, 4, "basis", None, "duplication.basis"),
    (10, 4, "description", None, "duplication.description"),
    # 11. 正常离任村“两委”正职补贴
    (11, None, "goals", 1, "completeness.goals"),
    (11, 1, "basis", None, "duplication.basis"),
    (11, 1, "description", None, "duplication.description"),
    (11, 1, "value", None, "quantification.unit_missing"),
    (11, 2, "basis", None, "duplication.basis"),
    (11, 2, "description", None, "duplication.description"),
    (11, 2, "value", None, "duplication.value"),
    (11, 3, "basis", None, "duplication.basis"),
    (11, 3, "description", None, "duplication.description"),
    (11, 3, "value", None, "duplication.value"),
    (11, 4, "basis", None, "duplication.basis"),
    (11, 4, "description", None, "duplication.description"),
    (11, 4, "value", None, "satisfaction.quantified"),
]


@pytest.fixture
def seed_review(seed_plan):
    department = Department.objects.get(code="802010")
    return department_review(department=department, fiscal_year=2023)


def test_seed_findings_are_exactly_the_reviewed_list(seed_review):
    found = [
        (loc.project_index, loc.row, loc.field, loc.item, f.rule)
        for f in seed_review.findings
        for loc in [f.location]
    ]
    assert found == EXPECTED


def test_seed_counts_by_level(seed_review):
    assert (seed_review.errors, seed_review.warnings) == (19, 107)
    assert Counter(f.rule for f in seed_review.findings)["completeness.goals"] == 9


def test_seed_correct_values_are_not_flagged(seed_review):
    value_places = {
        (f.location.project_index, f.location.row)
        for f in seed_review.findings
        if f.location.field == "value"
    }
    assert (1, 4) not in value_places  # 人员满意度 ≥95
    assert (10, 4) not in value_places  # 工作人员满意度 ≥95百分比
    assert (1, 3) not in value_places  # 及时化解
    assert (1, 2) not in value_places  # 项目资金数 40万元 = 预算数
    assert not [f for f in seed_review.findings if f.location.field in ("code", "spending_plan")]
    assert not [
        f
        for f in seed_review.findings
        if f.location.project_index == 2 and f.location.field == "goals"
    ]


def test_seed_findings_carry_project_code_and_opinion(seed_review):
    first = seed_review.findings[0]
    assert first.location.project_code == "13022523P0066B010022C"
    assert first.opinion == 1
    placeholder = [f for f in seed_review.findings if f.rule == "completeness.placeholder"]
    assert [f.location.field for f in placeholder] == ["basis", "value"]
    assert all("文字描述" in f.message for f in placeholder)
