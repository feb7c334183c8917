from django import forms

from projects.widgets import FastSelect


def test_fast_select_renders_like_a_select_and_escapes():
    choices = [("", "全部"), (1, "甲<单位>"), (2, '乙"单位"')]
    html = FastSelect(choices=choices, attrs={"class": "form-select"}).render(
        "department", "2", {"id": "id_department"}
    )
    assert html == (
        '<select class="form-select" id="id_department" name="department">'
        '<option value="">全部</option><option value="1">甲&lt;单位&gt;</option>'
        '<option value="2" selected>乙&quot;单位&quot;</option></select>'
    )
    stock = forms.Select(choices=choices).render("department", "2")
    assert stock.count("<option") == html.count("<option") and "selected" in stock
