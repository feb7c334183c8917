"""Field labels come from the models' verbose_names; the printed wording stays as it was."""

from imports.readers.embedded import AMOUNT_LABELS
from imports.readers.layout import FIELD_LABELS as READER_LABELS
from projects.form_tables import HEADER_LABELS
from reviews.checks.base import FIELD_LABELS as FINDING_LABELS


def _texts(labels):
    return {key: str(label) for key, label in labels.items()}


def test_the_editor_conflict_list_prints_the_short_header_labels_in_order():
    assert list(_texts(HEADER_LABELS).items()) == [
        ("code", "项目编码"), ("name", "项目名称"), ("budget_total", "预算数"),
        ("fiscal_funds", "财政资金"), ("other_funds", "其他资金"), ("purpose", "资金用途"),
        ("spending_plan_kind", "支出计划口径"),
    ]  # fmt: skip


def test_findings_name_the_indicator_for_name_and_the_short_fiscal_label():
    texts = _texts(FINDING_LABELS)
    assert texts["name"] == "三级指标" and texts["fiscal_funds"] == "财政资金"
    assert texts["overall_goal"] == "总体绩效目标" and texts["value"] == "指标值"
    assert texts["spending_plan"] == "资金支出计划" and texts["indicators"] == "绩效指标"


def test_the_reader_and_the_embedded_amounts_keep_their_wording():
    assert _texts(READER_LABELS)["unit"] == "计量单位"
    assert _texts(READER_LABELS)["sign"] == "指标性质"
    assert _texts(AMOUNT_LABELS) == {
        "budget_total": "预算数", "fiscal_funds": "其中：财政资金", "other_funds": "其他资金",
        "plan_1": "资金支出计划 3月底", "plan_2": "资金支出计划 6月底",
        "plan_3": "资金支出计划 10月底", "plan_4": "资金支出计划 12月底",
    }  # fmt: skip
