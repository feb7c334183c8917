"""A return's opinions on the department page: each on its indicator row, never in the exports."""

from __future__ import annotations

import zipfile
from io import BytesIO

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import DepartmentPlan, Project
from projects.selectors import project_target_table
from workflow.models import ReviewAction, ReviewOpinion
from workflow.selectors import opinions_on_rows
from workflow.services import Opinion, plan_approve, plan_return, plan_unlock

REPORT = "/departments/802010/2023/"
CODE = "13022523P0066B010022C"  # 信访维稳经费
ON_ROW = "请把资金数写成具体金额"
ON_TABLE = "请补充项目的总体效益说明"
ON_UNIT = "整个单位的意见"


@pytest.fixture
def project():
    return Project.objects.get(code=CODE)


def _return(seed_plan, people, *opinions: Opinion) -> None:
    DepartmentPlan.objects.update(status=DepartmentPlan.Status.SUBMITTED)
    seed_plan.refresh_from_db()
    plan_return(plan=seed_plan, user=people["reviewer"], comment="请按意见修改", opinions=opinions)


def _opinions(project) -> list[Opinion]:
    row2 = project_target_table(project_id=project.pk).indicators[1].name
    return [
        Opinion(code=2, text=ON_ROW, project_id=project.pk, indicator_order=2, indicator_name=row2),
        Opinion(code=8, text=ON_TABLE, project_id=project.pk),
        Opinion(code=11, text=ON_UNIT),
    ]


def _page(client, user):
    client.force_login(user)
    response = client.get(REPORT)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _section(page, project_name: str):
    """The section of the table titled with the project's name."""
    titles = page.xpath(f'//h3[@class="table-title"][contains(., "{project_name}")]')
    assert len(titles) == 1
    return titles[0].getparent()


def _indicator_rows(section):
    return section.xpath('.//table[@data-section="indicators"]/tbody/tr')


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _widths(rows) -> list[int]:
    """How many grid columns each HTML row covers, counting rowspans from the rows above."""
    below: dict[int, int] = {}  # column → further rows a rowspan from above still covers
    widths = []
    for tr in rows:
        occupied = {column for column, left in below.items() if left > 0}
        below = {column: left - 1 for column, left in below.items() if left > 1}
        column = 0
        for td in tr.xpath("./td"):
            while column in occupied:
                column += 1
            span, rowspan = int(td.get("colspan", 1)), int(td.get("rowspan", 1))
            for covered in range(column, column + span):
                occupied.add(covered)
                if rowspan > 1:
                    below[covered] = rowspan - 1
            column += span
        widths.append(len(occupied))
    return widths


def test_an_opinion_on_row_2_is_shown_directly_below_row_2_of_its_table(
    client, seed_plan, people, project
):
    _return(seed_plan, people, *_opinions(project))
    page = _page(client, people["clerk"])
    section = _section(page, project.name)
    anchor = section.get("id")
    rows = _indicator_rows(section)
    notes = [n for n, tr in enumerate(rows) if "row-note" in _classes(tr)]
    assert notes == [3]  # heading, row 1, row 2, then the note
    note, row2 = rows[3], rows[2]
    assert ON_ROW in note.text_content() and "2.指标不够细化、量化" in note.text_content()
    name = project_target_table(project_id=project.pk).indicators[1].name
    assert name in row2.text_content() and ON_ROW not in row2.text_content()
    assert row2.get("aria-describedby") == note.get("id") == f"{anchor}-note-2"
    assert "no-print" in _classes(note)
    # The 一级 cell's merge grows over the note line: every line still covers the 13 columns.
    assert _widths(rows) == [13] * len(rows)
    # The opinion on the whole table stays in the list under the table, not in a row.
    below = section.getnext()
    assert below.tag == "aside" and ON_TABLE in below.text_content()
    assert ON_ROW not in below.text_content()
    assert not any(ON_TABLE in tr.text_content() for tr in rows)
    # Opinions about the unit are in the review panel; no other table has a note.
    assert ON_UNIT in page.xpath('//*[@id="review-status"]')[0].text_content()
    assert len(page.xpath('//tr[contains(@class, "row-note")]')) == 1


def test_the_word_and_excel_exports_stay_clean(client, seed_plan, people, project):
    _return(seed_plan, people, *_opinions(project))
    client.force_login(people["clerk"])
    assert ON_ROW in client.get(REPORT).content.decode()
    for fmt in ("docx", "xlsx"):
        response = client.get(f"{REPORT}export.{fmt}")
        assert response.status_code == 200
        package = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
        text = "".join(package.read(name).decode("utf-8", "ignore") for name in package.namelist())
        assert "信访维稳经费" in text  # the table is there…
        assert ON_ROW not in text and ON_TABLE not in text and "审核意见" not in text  # …clean


def test_no_notes_before_a_return_nor_after_the_year_was_approved_and_unlocked(
    client, seed_plan, people, project
):
    page = _page(client, people["clerk"])
    assert not page.xpath('//tr[contains(@class, "row-note")]')
    _return(seed_plan, people, *_opinions(project))
    DepartmentPlan.objects.update(status=DepartmentPlan.Status.SUBMITTED)
    seed_plan.refresh_from_db()
    plan_approve(plan=seed_plan, user=people["reviewer"])
    plan_unlock(plan=seed_plan, user=people["reviewer"], reason="需补充资料")
    assert DepartmentPlan.objects.get().status == DepartmentPlan.Status.RETURNED
    html = client.get(REPORT).content.decode()
    assert ON_ROW not in html and ON_TABLE not in html  # settled by the approval


def test_user_text_in_an_opinion_is_escaped(client, seed_plan, people, project):
    evil = Opinion(
        code=11, text="<script>alert(1)</script>", project_id=project.pk, indicator_order=1
    )
    _return(seed_plan, people, evil)
    client.force_login(people["clerk"])
    html = client.get(REPORT).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_opinions_cost_no_query_on_the_department_page(client, seed_plan, people, project):
    """The panel already reads the return's opinions; placing them on rows reads nothing more,
    however many there are (a page with opinions is drawn fresh, not from the cache)."""
    client.force_login(people["clerk"])
    client.get("/healthz/")  # the session renewal (a write) is not the page's

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(REPORT).status_code == 200
        return len(queries)

    _return(seed_plan, people)
    action = ReviewAction.objects.get(kind="return")

    def add_opinions(n: int) -> None:
        ReviewOpinion.objects.bulk_create(
            ReviewOpinion(action=action, project=project, indicator_order=k % 5, code=11, text="")
            for k in range(n)
        )

    add_opinions(1)
    one = count()
    add_opinions(29)
    assert count() == one


def _opinion(order: int | None, name: str = "") -> ReviewOpinion:
    return ReviewOpinion(code=11, indicator_order=order, indicator_name=name)


def test_rows_are_found_by_the_quoted_name_then_by_their_number():
    names = ["新插入的行", "项目资金数", "改了名字的行"]
    moved = _opinion(1, "项目资金数")  # row 1 at the return; a row was inserted above since
    renamed = _opinion(3, "保障妇女之家建设")  # that name is gone: the number decides
    gone = _opinion(7, "已删除的行")
    whole = _opinion(None)
    on_rows, on_table = opinions_on_rows([moved, renamed, gone, whole], names)
    assert on_rows == {2: [moved], 3: [renamed]}
    assert on_table == [gone, whole]
    twice = _opinion(1, "同名")  # two rows share the name: the number decides
    assert opinions_on_rows([twice], ["同名", "同名"]) == ({1: [twice]}, [])
