"""The county dashboard (#17 item 11): charts before the unit table, budget bars largest
first, the top 15 with all of them on demand, and no leftover note under the status chart."""

from __future__ import annotations

from decimal import Decimal

from reviews.charts import TOP_BARS, ranked, top_and_all


def _items(values):
    return [(f"单位{n}", Decimal(v), str(v)) for n, v in enumerate(values)]


def test_ranked_puts_the_largest_first_and_keeps_ties_in_order():
    items = _items([5, 30, 5, 12])
    assert [label for label, _v, _s in ranked(items)] == ["单位1", "单位3", "单位0", "单位2"]


def test_a_short_chart_has_no_second_chart():
    top, every = top_and_all(_items(range(TOP_BARS)), title="预算")
    assert every is None and str(top).count("<rect") == TOP_BARS


def test_a_long_chart_shows_the_top_and_all_sorted():
    top, every = top_and_all(_items(range(40)), title="预算")
    assert str(top).count("<rect") == TOP_BARS and str(every).count("<rect") == 40
    assert str(top).index("单位39") < str(top).index("单位38")  # 39 is the largest
    assert "单位24" not in str(top) and "单位24" in str(every)


def test_overview_page_puts_charts_first_without_the_old_note(seed_plan, reader_client):
    html = reader_client.get("/reviews/2023/").content.decode()
    assert html.index('id="budget-chart"') < html.index('id="departments"')
    assert "送审状态统计将在审核流程上线后显示" not in html
    assert "/static/js/charts.js" in html
    assert "显示全部" not in html  # one unit: nothing more to show
