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


def _page(client, url: str) -> str:
    """The page's HTML without what changes per request (CSRF token, opening time)."""
    html = client.get(url).content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'name="opened" value="[^"]*"', "", html)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["edit", "list"])
def test_real_pages_render_identically_with_both_renderers(client, seed_plan, settings, path):
    """The project editor (with a submitted error) and the filtered list: same HTML."""
    from projects.models import Project
    from tests.projects.forms_helpers import demo_user

    client.force_login(demo_user("clerk"))
    project = Project.objects.get(name="妇女之家资金", fiscal_year=2023)
    url = "/projects/?q=资金&fiscal_year=2023"
    if path == "edit":
        url = f"/projects/{project.pk}/edit/"
    fast = _page(client, url)
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    stock = _page(client, url)
    assert "<select" in fast and "<input" in fast
    assert fast == stock
