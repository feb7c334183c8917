"""A date or a deadline is a valid 时效 value, not a number with a bad unit (#17 item 10)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.values import QUALITATIVE, is_date_text, parse_value
from projects.targets import IndicatorRow
from tests.reviews.helpers import clean_table, findings_of

DATES = ["2023年11月底前", "2023年底", "≤2023年6月底", "2023-11-30", "2023.11.30", "2023/6/30",
         "2023.11底前", "12月底前", "6月30日前", "2023年", "２０２３年１１月底前"]  # fmt: skip


@pytest.mark.parametrize("raw", DATES)
def test_a_date_is_text_kept_verbatim(raw):
    parsed = parse_value(raw)
    assert (parsed.comparator, parsed.number, parsed.unit) == (QUALITATIVE, None, "")
    assert parsed.text == raw.strip() and parsed.raw == raw
    assert parsed.notes == ()  # no "不是常用计量单位" note under the input


@pytest.mark.parametrize(
    ("raw", "number", "unit"),
    [
        ("2023人", Decimal(2023), "人"),
        ("2023.5万元", Decimal("2023.5"), "万元"),
        ("2023.10万元", Decimal("2023.10"), "万元"),
        ("≤12个月", Decimal(12), "个月"),
        ("=12月", Decimal(12), "月"),
        ("≤15个工作日", Decimal(15), "个工作日"),
        ("15保障人数", Decimal(15), "保障人数"),
    ],
)
def test_amounts_and_durations_stay_numbers(raw, number, unit):
    parsed = parse_value(raw)
    assert (parsed.number, parsed.unit) == (number, unit)
    assert not is_date_text(raw)


def _timeliness_row(value: str):
    table = clean_table()
    table.indicators[1] = IndicatorRow(
        "产出指标", "时效指标", "完工时间", "工程完工的时间", value, "计划标准"
    )
    return table


@pytest.mark.parametrize("value", ["2023年11月底前", "12月底前", "2023-11-30"])
def test_a_deadline_is_not_reported_as_a_bad_unit(value):
    assert findings_of(_timeliness_row(value)) == []


def test_a_word_after_a_number_is_still_reported():
    (finding,) = findings_of(_timeliness_row("15保障人数"))
    assert finding.rule == "quantification.unit_fused" and "保障人数" in finding.problem
