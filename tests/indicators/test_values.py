from decimal import Decimal

import pytest

from indicators import values
from indicators.values import format_value, parse_decimal, parse_value


@pytest.mark.parametrize(
    ("raw", "comparator", "number", "unit"),
    [
        ("26", "", Decimal(26), ""),
        ("40万元", "", Decimal(40), "万元"),
        ("≥95", values.GE, Decimal(95), ""),
        ("≥95百分比", values.GE, Decimal(95), "百分比"),
        ("15保障人数", "", Decimal(15), "保障人数"),
        ("≤65万元", values.LE, Decimal(65), "万元"),
        ("=8个", values.EQ, Decimal(8), "个"),
        ("≥95%", values.GE, Decimal(95), "%"),
        ("＞90%", values.GT, Decimal(90), "%"),
        ("＜3天", values.LT, Decimal(3), "天"),
        ("＝100%", values.EQ, Decimal(100), "%"),
        (">=98.5%", values.GE, Decimal("98.5"), "%"),
        ("不低于90%", values.GE, Decimal(90), "%"),
        ("8.5", "", Decimal("8.5"), ""),
        ("1,232人", "", Decimal(1232), "人"),
        ("０.５万元", "", Decimal("0.5"), "万元"),
        ("  ≥ 95 % ", values.GE, Decimal(95), "%"),
    ],
)
def test_quantitative_values_are_split_into_parts(raw, comparator, number, unit):
    parsed = parse_value(raw)
    assert parsed.raw == raw
    assert (parsed.comparator, parsed.number, parsed.unit) == (comparator, number, unit)
    assert parsed.is_quantitative
    assert parsed.text == ""


@pytest.mark.parametrize("raw", ["及时化解", "文字描述", "服务对象满意度指标", "有效提升", "≥较好"])
def test_words_stay_qualitative_text_and_are_never_dropped(raw):
    parsed = parse_value(raw)
    assert parsed.comparator == values.QUALITATIVE
    assert parsed.number is None
    assert parsed.text == raw
    assert parsed.raw == raw


def test_comparator_without_number_is_reported():
    assert parse_value("≥较好").notes == ("比较符号后没有数值",)


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_blank_values_stay_blank(raw):
    parsed = parse_value(raw)
    assert parsed.is_blank
    assert parsed.comparator == ""
    assert parsed.number is None and parsed.text == ""
    assert parsed.raw == ("" if raw is None else raw)


def test_number_fused_with_a_noun_keeps_the_noun_as_unit_and_says_so():
    parsed = parse_value("15保障人数")
    assert not parsed.unit_is_known
    assert any("保障人数" in note for note in parsed.notes)


def test_known_units_and_percent_detection():
    assert parse_value("≥95百分比").is_percent
    assert parse_value("≥95%").unit_is_known
    assert not parse_value("40万元").is_percent


def test_missing_unit_is_noted():
    assert "没有计量单位" in parse_value("26").notes


def test_thousands_separator_is_noted_and_removed():
    parsed = parse_value("3,309,840")
    assert parsed.number == Decimal(3309840)
    assert "已去掉千位分隔符" in parsed.notes


@pytest.mark.parametrize(
    ("parts", "printed"),
    [
        ((values.GE, Decimal(95), "%", ""), "≥95%"),
        ((values.EQ, Decimal(8), "个", ""), "＝8个"),
        ((values.LE, Decimal(65), "万元", ""), "≤65万元"),
        ((values.GT, Decimal("0.50"), "万元", ""), "＞0.5万元"),
        (("", Decimal("26.000000"), "", ""), "26"),
        ((values.QUALITATIVE, None, "", "及时化解"), "及时化解"),
    ],
)
def test_parts_are_formatted_as_tables_print_them(parts, printed):
    assert format_value(*parts) == printed


def test_parse_then_format_round_trips_canonical_values():
    for raw in ["≥95%", "≤65万元", "26", "40万元", "及时化解"]:
        parsed = parse_value(raw)
        assert format_value(parsed.comparator, parsed.number, parsed.unit, parsed.text) == raw


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1,232", Decimal(1232)),
        ("８.５", Decimal("8.5")),
        ("abc", None),
        ("", None),
        ("1.2.3", None),
    ],
)
def test_parse_decimal(text, number):
    assert parse_decimal(text) == number
