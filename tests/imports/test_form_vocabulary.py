"""The Hebei form's labels have one home (projects.official_form): the layout writes them and
the importer recognises each one as the field it labels."""

from imports.readers import layout as reader
from projects import official_form as form
from projects.targets import TargetTable
from reports import layout


def test_the_importer_reads_every_label_the_layout_writes():
    grid = layout.target_grid(TargetTable("1", "某单位", 2026, name="某项目", code="X"))
    texts = {c.text for row in grid.rows for c in row.cells}
    header = {
        form.CODE: "code",
        form.NAME: "name",
        form.BUDGET_TOTAL: "budget_total",
        form.FISCAL_FUNDS: "fiscal_funds",
        form.OTHER_FUNDS: "other_funds",
        form.GOALS: "goals",
    }
    for label, field_name in header.items():
        assert label in texts
        assert reader.HEADER_LABELS[reader.label_key(label)] == field_name
    for heading, field_name in form.INDICATOR_HEADINGS.items():
        assert heading in texts
        assert reader.INDICATOR_COLUMNS[reader.label_key(heading)] == field_name
    assert {form.UNIT_CAPTION, form.BUDGET_AND_PURPOSE, form.SPENDING_PLAN_AMOUNTS} <= texts
    percent = TargetTable("1", "某单位", 2026, name="某项目", spending_plan_kind="percent")
    assert form.SPENDING_PLAN in {
        c.text for row in layout.target_grid(percent).rows for c in row.cells
    }
    for label in (form.SPENDING_PLAN, form.SPENDING_PLAN_AMOUNTS):
        assert label.startswith(form.SPENDING_PLAN_PREFIX)  # what the importer looks for


def test_part_one_headings_are_the_sections_the_importer_looks_for():
    narrative = layout.narrative_section(overall_goal="总体", sub_goals=[], safeguards=[])
    headings = [b.text for b in narrative.blocks if isinstance(b, layout.Heading) and b.level == 2]
    assert headings == ["一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施"]
    assert [h.split("、")[1] for h in headings] == list(reader.SECTION_NAMES.values())


def test_directions_are_read_as_the_model_names_them():
    from django.utils import translation

    from imports.readers.rows import DIRECTION_LABELS, DIRECTIONS
    from indicators.models import Indicator

    assert DIRECTIONS == {"正向": "positive", "反向": "negative", "中性": "neutral"}
    assert set(DIRECTIONS.values()) == set(Indicator.Direction.values)
    with translation.override("zh-hans"):
        assert {str(DIRECTION_LABELS[v]): v for v in DIRECTION_LABELS} == DIRECTIONS
