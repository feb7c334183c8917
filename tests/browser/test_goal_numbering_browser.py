"""#17 item 5: goals typed with their numbers are printed with one number each, on the page
and in the Word and Excel files the page downloads."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from projects.models import Project

NAME = "妇女之家资金"
GOALS = "1.保障妇女之家正常运转\n2、服务妇女儿童1000人次"


@pytest.fixture
def seeded(transactional_db):
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)


def _download(page, text: str, artifacts, name: str):
    with page.expect_download() as info:
        page.get_by_role("link", name=text).click()
    path = artifacts / name
    info.value.save_as(path)
    return path


def _docx_text(path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _xlsx_text(path) -> str:
    sheets = load_workbook(path).worksheets
    return "\n".join(str(v) for s in sheets for r in s.iter_rows(values_only=True) for v in r if v)


def test_numbered_goals_print_once_in_the_page_word_and_excel(page, live_server, seeded, artifacts):
    project = Project.objects.get(name=NAME, fiscal_year=2023)
    path = f"/projects/{project.pk}/edit/"
    page.goto(f"{live_server.url}{path}")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "clerk-demo-2023")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{path}")
    page.fill("#id_goals", GOALS)
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"**{path}")
    assert "已保存" in page.locator(".alert-success").inner_text()
    # The box keeps the goals one per line; the numbers are the table's.
    assert page.locator("#id_goals").input_value() == "保障妇女之家正常运转\n服务妇女儿童1000人次"

    page.get_by_role("link", name="查看绩效目标表").click()
    page.wait_for_url(f"**/projects/{project.pk}/")
    shown = page.locator(".target-document").inner_text()
    assert "1.保障妇女之家正常运转" in shown and "2.服务妇女儿童1000人次" in shown
    assert "1.1." not in shown and "2.2、" not in shown

    for text, name, read in (
        ("导出Word", "goals-once.docx", _docx_text),
        ("导出Excel", "goals-once.xlsx", _xlsx_text),
    ):
        content = read(_download(page, text, artifacts, name))
        assert "1.保障妇女之家正常运转" in content, name
        assert "2.服务妇女儿童1000人次" in content, name
        assert "1.1." not in content and "2.2、" not in content, name
