"""The Python widget renderer must write exactly what Django's widget templates write."""

import re
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from perfbudget.form_renderer import FastWidgetRenderer

STOCK = DjangoTemplates()
FAST = FastWidgetRenderer()
TRICKY = "a<b> & \"c\" 'd'"

WIDGETS = [
    (forms.TextInput(attrs={"class": "form-control", "required": True}), TRICKY),
    (forms.TextInput(attrs={"disabled": False, "data-x": 3}), None),
    (forms.TextInput(), mark_safe("<b>safe</b>")),
    (forms.NumberInput(attrs={"step": "0.01"}), Decimal("330.984000")),
    (forms.HiddenInput(), 7),
    (forms.EmailInput(), "a@b.cn"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.URLInput(), "https://example.cn/?a=1&b=2"),
    (forms.DateInput(), "2026-03-02"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(attrs={"class": "form-check-input"}), False),
    (forms.Textarea(attrs={"rows": 2}), "第一行\n第二行 <script>"),
    (forms.Textarea(), ""),
    (forms.Textarea(), None),
    (forms.Select(choices=[("", "全部"), (1, "甲<单位>"), (2, '乙"单位"')]), "2"),
    (forms.Select(choices=[("≥", "≥"), ("定性", _("定性"))], attrs={"class": "s"}), "定性"),
    (forms.Select(choices=[(1, 1000), (2, Decimal("1.5"))]), None),
    (
        forms.Select(
            choices=[("", "---"), ("产出指标", [("数量指标", "数量指标"), ("质量指标", "质量")])]
        ),
        "质量指标",
    ),
    (forms.SelectMultiple(choices=[(1, "a"), (2, "b"), (3, "c")]), ["1", "3"]),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda item: type(item).__name__)
def test_fast_renderer_matches_django_templates(widget, value):
    attrs = {"id": "id_field"}
    stock = widget.render("field", value, attrs, renderer=STOCK)
    assert widget.render("field", value, attrs, renderer=FAST) == stock


def test_fast_renderer_escapes_user_text():
    html = forms.TextInput().render("name", '"><script>x</script>', renderer=FAST)
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html


def test_other_templates_fall_back_to_django():
    radio = forms.RadioSelect(choices=[(1, "甲"), (2, "乙")])
    assert radio.render("r", "1", renderer=FAST) == radio.render("r", "1", renderer=STOCK)


def _page(client, url: str, data: dict | None = None) -> str:
    """The page's HTML without what changes per request (CSRF token, opening time)."""
    response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'name="opened" value="[^"]*"', "", html)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["edit", "edit with errors", "list"])
def test_real_pages_render_identically_with_both_renderers(client, seed_plan, settings, path):
    """The project editor (as opened, and with errors on rows that share their fields) and
    the filtered list: same HTML."""
    from projects.models import Project
    from projects.selectors import project_target_table
    from tests.projects.forms_helpers import demo_user, post_data

    client.force_login(demo_user("clerk"))
    project = Project.objects.get(name="妇女之家资金", fiscal_year=2023)
    url = "/projects/?q=资金&fiscal_year=2023"
    data = None
    if path.startswith("edit"):
        url = f"/projects/{project.pk}/edit/"
    if path == "edit with errors":
        table = project_target_table(project_id=project.pk)
        bad = {"rows-1-weight": "-5", "rows-2-level1": "", "rows-2-number": "9x", "name": ""}
        data = post_data(table, **bad)
    fast = _page(client, url, data)
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    stock = _page(client, url, data)
    assert "<select" in fast and "<input" in fast
    if data:
        assert fast.count('aria-invalid="true"') >= 4
    assert fast == stock


class _Everything(forms.Form):
    """A field of each kind and state the editors use, plus the cases that must fall back."""

    text = forms.CharField(help_text="帮助<说明>")
    optional = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"class": "c", "aria-describedby": "mine"})
    )
    number = forms.DecimalField(required=False, widget=forms.NumberInput(attrs={"step": "0.01"}))
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    area = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    choice = forms.ChoiceField(choices=[("", "请选择"), ("a", "甲<单位>"), ("b", _("定性"))])
    no_blank = forms.ChoiceField(choices=[("x", "x"), (1, 1000)])
    grouped = forms.ChoiceField(
        required=False, choices=[("", "---"), ("产出指标", [("数量", "数量"), ("质量", "质量")])]
    )
    flag = forms.BooleanField(required=False)
    valued_flag = forms.CharField(required=False, widget=forms.CheckboxInput)
    locked = forms.CharField(required=False, disabled=True)
    own_id = forms.CharField(required=False, widget=forms.TextInput(attrs={"id": "own-id"}))
    radio = forms.ChoiceField(required=False, choices=[("1", "甲")], widget=forms.RadioSelect)
    localized = forms.DecimalField(required=False, localize=True)
    with_initial = forms.CharField(required=False, show_hidden_initial=True)


_INITIAL = {
    "text": TRICKY, "number": Decimal("330.984000"), "hidden": 7, "area": "第一行\n<第二行>",
    "choice": "b", "no_blank": 1, "grouped": "质量", "flag": True, "valued_flag": "on",
    "locked": "锁定", "own_id": "x", "radio": "1", "localized": Decimal("1234.5"),
    "with_initial": "旧",
}  # fmt: skip
_INVALID = {"text": "", "number": "12x", "hidden": "", "choice": "zz", "area": TRICKY}
_VALID = {
    "text": "好",
    "number": "8.50",
    "hidden": "3",
    "choice": "a",
    "no_blank": "x",
    "flag": "on",
}


def _form_states(renderer):
    yield "unbound", _Everything(initial=_INITIAL, renderer=renderer)
    yield "invalid", _Everything(_INVALID, renderer=renderer)
    yield "valid", _Everything(_VALID, renderer=renderer)
    yield "prefixed", _Everything(_INVALID, prefix="rows-3", renderer=renderer)
    yield "no ids", _Everything(_INVALID, auto_id=False, renderer=renderer)
    yield (
        "no required",
        _Everything(initial=_INITIAL, use_required_attribute=False, renderer=renderer),
    )


def test_bound_widget_writes_what_django_writes_in_every_state(monkeypatch):
    from django.forms.widgets import Widget

    from perfbudget.form_renderer import bound_widget

    contexts = []
    original = Widget.get_context
    monkeypatch.setattr(
        Widget, "get_context", lambda self, *a: contexts.append(type(self)) or original(self, *a)
    )
    # Other widgets, and widgets that set an attribute Django adds itself (id, aria-…).
    fallbacks = {"grouped", "radio", "localized", "with_initial", "optional", "own_id"}
    memo = {}
    for (state, fast), (_same, stock) in zip(
        _form_states(FastWidgetRenderer()), _form_states(STOCK), strict=True
    ):
        for name in fast.fields:
            expected = str(stock[name])
            for use in (None, memo, memo):  # without a memo, filling it, reading it
                contexts.clear()
                assert bound_widget(fast[name], use) == expected, (state, name, use)
                # The plain widgets are written directly; the rest went through Django.
                assert bool(contexts) == (name in fallbacks), (state, name)


def test_bound_widget_leaves_other_renderers_to_django():
    from perfbudget.form_renderer import bound_widget

    form = _Everything(_INVALID, renderer=STOCK)
    assert bound_widget(form["choice"]) == str(form["choice"])
    assert 'aria-invalid="true"' in bound_widget(form["choice"])
