"""Form profiles (#16): checks built for the Hebei form are not run on forms that lack what
they ask for — no 指标值确定依据 column, a 90-point total, no spending plan, no department goals.
The county sets the default; a unit-year keeps the form its file showed (`PlanForm`)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from reviews.checks import ReviewConfig, ReviewContext, run_department, run_table
from tests.reviews.helpers import CLASSIC_FRAME, clean_table, department

ABSENT_BASIS = {"basis_column": "absent"}


def _rules(table, config: ReviewConfig) -> list[str]:
    return [f.rule for f in run_table(table, ReviewContext(config=config, frame=CLASSIC_FRAME))]


def _table_without_basis():
    table = clean_table()
    for row in table.indicators:
        row.basis = ""
    return table


def test_with_form_takes_known_traits_and_ignores_the_rest():
    config = ReviewConfig().with_form(
        {"basis_column": "absent", "weight_total": "90", "spending_plan_in_form": False,
         "colour": "red"}
    )  # fmt: skip
    assert config.basis_column == "absent" and config.weight_total == Decimal(90)
    assert config.spending_plan_in_form is False and config.department_goals_in_form is True
    odd = {"basis_column": "sometimes", "weight_total": "九十", "department_goals_in_form": "no"}
    assert ReviewConfig().with_form(odd) == ReviewConfig()
    assert ReviewConfig().with_form({"weight_total": "-5"}).weight_total == Decimal(100)
    assert ReviewConfig().with_form(None) == ReviewConfig()


def test_hebei_default_asks_for_the_basis_on_every_row():
    rules = _rules(_table_without_basis(), ReviewConfig())
    assert rules.count("completeness.row_parts") == 5


@pytest.mark.parametrize("basis", ["absent", "optional"])
def test_a_form_without_the_basis_column_is_not_asked_for_it(basis):
    table = _table_without_basis()
    assert _rules(table, ReviewConfig(basis_column=basis)) == []
    table.indicators[0].value = ""  # the value is still required
    (finding,) = run_table(
        table, ReviewContext(config=ReviewConfig(basis_column=basis), frame=CLASSIC_FRAME)
    )
    assert finding.location.field == "value" and "确定依据" not in finding.hint


def test_a_90_point_form_totals_90():
    table = clean_table()
    for row, weight in zip(table.indicators, ("20", "20", "20", "20", "10"), strict=True):
        row.weight = Decimal(weight)
    assert _rules(table, ReviewConfig()) == ["weights.total"]
    assert _rules(table, ReviewConfig().with_form({"weight_total": "90"})) == []
    table.indicators[-1].weight = Decimal(20)  # 100 on a 90-point form is wrong there
    assert _rules(table, ReviewConfig(weight_total=Decimal(90))) == ["weights.total"]


def test_a_form_without_spending_plan_is_not_asked_for_one():
    table = clean_table()
    table.spending_plan = (None, None, None, None)
    assert _rules(table, ReviewConfig()) == ["money.plan_missing"]
    assert _rules(table, ReviewConfig(spending_plan_in_form=False)) == []


def test_a_form_without_department_goals_is_not_asked_for_them():
    targets = department(clean_table(), goal="")
    ctx = ReviewContext(config=ReviewConfig(), frame=CLASSIC_FRAME)
    assert [f.rule for f in run_department(targets, ctx)] == ["completeness.department_goal"]
    ctx = ReviewContext(config=ReviewConfig(department_goals_in_form=False), frame=CLASSIC_FRAME)
    assert run_department(targets, ctx) == []


# --- stored: the county's default, the unit-year's recorded form ---


def _blank_one_basis(seed_plan) -> None:
    from indicators.models import Indicator

    row = Indicator.objects.filter(project__department=seed_plan.department).first()
    Indicator.objects.filter(pk=row.pk).update(basis="")


def _basis_findings(seed_plan) -> int:
    from reviews.selectors import department_review

    review = department_review(department=seed_plan.department, fiscal_year=2023)
    return sum(
        1
        for f in review.findings
        if f.rule == "completeness.row_parts" and f.location.field == "basis"
    )


def _overview_errors() -> int:
    from reviews.selectors import county_overview_cached

    return sum(d.errors for d in county_overview_cached(fiscal_year=2023).departments)


def test_county_default_then_the_years_recorded_form(seed_plan):
    from reviews.models import PlanForm, ReviewSettings

    _blank_one_basis(seed_plan)
    before = _overview_errors()
    assert _basis_findings(seed_plan) == 1  # the built-in default is the Hebei form
    county = ReviewSettings.objects.create(
        name="乐亭县", region_code="130225", basis_column="absent"
    )
    assert _basis_findings(seed_plan) == 0
    assert _overview_errors() == before - 1  # the cached overview saw the setting change
    county.basis_column = "required"
    county.save()
    assert _basis_findings(seed_plan) == 1
    form = PlanForm.objects.create(plan=seed_plan, basis_column="absent", source="四川表.xlsx")
    assert _basis_findings(seed_plan) == 0
    assert _overview_errors() == before - 1  # and the year's recorded form
    form.basis_column = ""  # blank: the county's setting applies again
    form.save()
    assert _basis_findings(seed_plan) == 1
    assert _overview_errors() == before


def test_plan_form_keeps_only_what_is_set(seed_plan):
    from reviews.models import PlanForm

    form = PlanForm(plan=seed_plan, weight_total=Decimal(90), spending_plan_in_form=False)
    traits = form.traits()
    assert traits.keys() == {"weight_total", "spending_plan_in_form"}
    assert Decimal(traits["weight_total"]) == 90 and traits["spending_plan_in_form"] is False
    assert ReviewConfig().with_form(form.traits()).weight_total == Decimal(90)


def test_admin_records_a_years_form(seed_plan, admin_client):
    from reviews.models import PlanForm

    url = reverse("admin:reviews_planform_add")
    assert "表中没有这一列" in admin_client.get(url).content.decode()
    data = {
        "plan": seed_plan.pk,
        "basis_column": "absent",
        "weight_total": "90",
        "spending_plan_in_form": "unknown",
        "department_goals_in_form": "false",
        "source": "",
    }
    assert admin_client.post(url, data).status_code == 302
    form = PlanForm.objects.get()
    assert form.traits() == {
        "basis_column": "absent",
        "weight_total": "90.00",
        "department_goals_in_form": False,
    }
    assert admin_client.get(reverse("admin:reviews_planform_changelist")).status_code == 200


def test_review_page_says_which_form_it_judged_by(seed_plan, admin_client):
    from reviews.models import PlanForm

    url = reverse("reviews:department_review", args=["802010", 2023])
    assert 'id="form-profile"' not in admin_client.get(url).content.decode()  # the Hebei form
    PlanForm.objects.create(plan=seed_plan, basis_column="absent", weight_total=Decimal(90))
    page = admin_client.get(url).content.decode()
    assert "按本单位本年度的表式审核：没有“指标值确定依据”一栏、指标权重满分90分" in page
