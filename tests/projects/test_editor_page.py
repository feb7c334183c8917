"""The project editor's inputs as the page writes them (templates/projects/_editor.jinja)."""

from __future__ import annotations

import re

from indicators.models import FrameLevel1
from indicators.selectors import year_frame_index
from projects.models import Project
from projects.selectors import project_target_table
from tests.projects.forms_helpers import post_data


def _block(html: str, field_id: str) -> str:
    """The field block (label, input, notes) around the input with this id."""
    start = html.rindex('<div class="field', 0, html.index(f'id="{field_id}"'))
    return html[start : html.index("\n</div>", start)]


def test_a_posted_page_keeps_typed_text_escaped_and_says_what_is_wrong_next_to_it(clerk):
    project = Project.objects.get(name="妇女之家资金", fiscal_year=2023)
    table = project_target_table(project_id=project.pk)
    data = post_data(table, budget_total="12<x>", name='名称<b>"引号"')
    data.update({"rows-1-DELETE": "on", "rows-0-weight": "-1"})
    html = clerk.post(f"/projects/{project.pk}/edit/", data).content.decode()
    budget = _block(html, "id_budget_total")
    assert 'value="12&lt;x&gt;"' in budget and "is-invalid" in budget
    assert 'aria-invalid="true" aria-describedby="id_budget_total_error"' in budget
    assert re.search(
        r'<div class="invalid-feedback d-block" id="id_budget_total_error">.+</div>', budget
    )
    assert 'value="名称&lt;b&gt;&quot;引号&quot;"' in _block(html, "id_name")
    weight = _block(html, "id_rows-0-weight")
    assert "权重不能为负数" in weight and "is-invalid" in weight
    # The row marked for deletion stays marked (hidden until the clerk restores it).
    rows = html.split('<div class="indicator-row card')
    assert rows[2].startswith(' mb-2 row-deleted"') and 'id="id_rows-1-DELETE" checked' in rows[2]
    assert not rows[1].startswith(" mb-2 row-deleted")


def test_the_new_row_template_is_a_blank_row_without_findings(clerk):
    project = Project.objects.get(name="妇女之家资金", fiscal_year=2023)
    html = clerk.get(f"/projects/{project.pk}/edit/").content.decode()
    template = html[html.index('<template id="row-template">') : html.index("</template>")]
    assert 'name="rows-__prefix__-name"' in template and "finding-" not in template
    assert "required" not in template  # an empty row may stay empty
    level2 = template[template.index('name="rows-__prefix__-level2"') :]
    assert level2[: level2.index("</select>")].count("<option") == 1  # filled as 一级 is chosen


def _row_template(html: str) -> str:
    return html[html.index('<template id="row-template">') : html.index("</template>")]


def test_the_new_row_template_is_written_once_per_frame_and_follows_the_frame(clerk):
    """`new_row_template` keeps the markup by language, frame 一级 and review state: a page
    served from it says what the macro writes for the formset's empty form, and a 一级 added
    to the frame is offered by the next page."""
    from django.template import Context, Template

    from pages.templatetags import editing
    from projects.form_tables import indicator_formset
    from reviews.selectors import TableReview

    project = Project.objects.get(name="妇女之家资金", fiscal_year=2023)
    editing._NEW_ROWS.clear()
    first = _row_template(clerk.get(f"/projects/{project.pk}/edit/").content.decode())
    assert len(editing._NEW_ROWS) == 1
    again = _row_template(clerk.get(f"/projects/{project.pk}/edit/").content.decode())
    assert again == first
    # What the macro writes for the empty form, uncached (a page with and without a review).
    frame = year_frame_index(region_code=project.department.region_code, fiscal_year=2023)
    formset = indicator_formset(None, frame=frame)
    for review in (None, TableReview(findings=[])):
        editing._NEW_ROWS.clear()
        page = {"review": review, "return_opinions": None}
        cached = Template("{% load editing %}{% new_row_template formset %}").render(
            Context({"formset": formset, **page})
        )
        written = Template("{% load editing %}{% indicator_rows rows %}").render(
            Context({"rows": [formset.empty_form], **page})
        )
        assert cached == written and 'name="rows-__prefix__-level1"' in cached
    # A new 一级 in the frame: a new entry, the next page offers it.
    FrameLevel1.objects.create(frame=frame.frame, name="新一级<指标>", order=99)
    changed = _row_template(clerk.get(f"/projects/{project.pk}/edit/").content.decode())
    assert '<option value="新一级&lt;指标&gt;">' in changed and changed != first


def test_the_management_form_and_the_unit_list_are_what_django_writes(table, seed_frame):
    from django.template import Context, Template

    from projects.form_tables import indicator_formset

    tag = Template("{% load editing %}{% hidden_inputs formset.management_form %}")
    tampered = {**post_data(table), "rows-TOTAL_FORMS": "x"}
    for data in (None, post_data(table), tampered):
        formset = indicator_formset(data, frame=seed_frame, table=table)
        ours = tag.render(Context({"formset": formset}))
        assert ours == str(formset.management_form)
        assert ("errorlist" in ours) == (data is tampered)
    units = ["个", "%", 'a<"b">&']
    django_loop = '{% for v in units %}<option value="{{ v }}">{% endfor %}'
    assert Template("{% load editing %}{% datalist_options units %}").render(
        Context({"units": units})
    ) == Template(django_loop).render(Context({"units": units}))
